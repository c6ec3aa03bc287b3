//! The provider's view of a registered client: what it may do right now.

use super::signing_key::Alg;
use crate::store::credentials::{self as cred_store, AuthClientRow};
use crate::store::{Db, StoreResult, list_of};

#[derive(Debug, Clone)]
pub struct ProviderClient {
    pub id: String,
    pub name: String,
    pub public: bool,
    pub status: String,
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// (scope, resource) of every granted scope.
    pub granted: Vec<(String, String)>,
    pub id_token_alg: Alg,
    pub auth_method: String,
    /// Public keys (a JWK Set) of a `private_key_jwt` client.
    pub jwks: Option<String>,
}

impl ProviderClient {
    pub async fn load(db: &Db, id: &str) -> StoreResult<Option<Self>> {
        let Some(row) = cred_store::client(db, id).await? else {
            return Ok(None);
        };
        let granted = cred_store::granted_scopes(db, id).await?;
        Ok(Some(Self::from_row(row, granted)))
    }

    fn from_row(row: AuthClientRow, granted: Vec<(String, String)>) -> Self {
        Self {
            public: row.kind == "public",
            grant_types: list_of(&row.grant_types),
            redirect_uris: list_of(&row.redirect_uris),
            post_logout_redirect_uris: list_of(&row.post_logout_redirect_uris),
            id_token_alg: Alg::parse(&row.id_token_signed_response_alg).unwrap_or(Alg::Rs256),
            auth_method: row.token_endpoint_auth_method,
            jwks: row.jwks,
            id: row.id,
            name: row.display_name,
            status: row.status,
            granted,
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    pub fn has_grant(&self, grant: &str) -> bool {
        self.grant_types.iter().any(|g| g == grant)
    }

    pub fn is_granted(&self, scope: &str) -> bool {
        self.granted.iter().any(|(s, _)| s == scope)
    }

    /// The audiences of a token carrying `scopes`: the resources they belong
    /// to, or the issuer itself when they are all OpenID scopes.
    pub fn audiences(&self, scopes: &[String], issuer: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (scope, resource) in &self.granted {
            if !resource.is_empty() && scopes.contains(scope) && !out.contains(resource) {
                out.push(resource.clone());
            }
        }
        if out.is_empty() {
            out.push(issuer.to_owned());
        }
        out
    }

    /// Why this client cannot get tokens, or `None` when it can.
    pub fn standing_problem(&self) -> Option<String> {
        match self.status.as_str() {
            "active" => None,
            "pending" => Some("The client is waiting for an admin to approve its access.".into()),
            "suspended" => Some("The client is suspended.".into()),
            "rejected" => Some("The client was rejected by an admin.".into()),
            "draft" => Some("The client has not been confirmed yet.".into()),
            other => Some(format!("The client is {other}.")),
        }
    }
}
