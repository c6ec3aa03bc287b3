//! The consents end users granted to one client, as the client reads them
//! (`GET /api/v1/consents`, and the portal's Test tab).

use serde::Serialize;

use crate::oidc::{OAuthError, Provider};
use crate::store::consents as consent_store;
use crate::time::rfc3339;

/// One end user's consent to the calling client.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientConsent {
    /// The end user's subject identifier (`sub` in their tokens).
    pub subject: String,
    pub scopes: Vec<String>,
    /// RFC 3339.
    pub granted_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

impl Provider {
    pub async fn consents_of(&self, client_id: &str) -> Result<Vec<ClientConsent>, OAuthError> {
        let rows = consent_store::for_client(self.db.pool(), client_id)
            .await
            .map_err(|e| self.internal("reading a client's consents", e))?;
        Ok(rows
            .into_iter()
            .map(|row| ClientConsent {
                subject: row.account_id,
                scopes: row.scopes.to_strings(),
                granted_at: rfc3339(row.granted_at),
                updated_at: rfc3339(row.updated_at),
            })
            .collect())
    }
}
