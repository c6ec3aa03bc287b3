//! A client's secrets (see `crate::credentials`): who may have them, and
//! revoking one stops its use everywhere at once.

use app::domain::{ClientKind, SecretExpiry};
use app::error::AppError;
use app::model::NewCredential;
use app::services::ServiceResult;

use super::Clients;
use crate::audit::Actor;
use crate::credentials::CLIENT_SECRET;
use crate::store::clients::ClientRow;
use crate::store::commit;

/// Why this client cannot have a secret, if it cannot.
pub fn no_secrets_for(client: &ClientRow) -> Option<AppError> {
    if client.kind == ClientKind::Public {
        return Some(AppError::invalid(
            "form",
            "Public clients have no secrets; they use PKCE.",
        ));
    }
    None
}

impl Clients {
    /// A new secret of `client`, shown once.
    pub(super) async fn add_secret(
        &self,
        actor: Actor<'_>,
        client: &ClientRow,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewCredential> {
        if let Some(refusal) = no_secrets_for(client) {
            return Err(refusal.into());
        }
        let minted = CLIENT_SECRET.mint(&self.hasher).await?;
        let mut tx = self.db.begin().await?;
        let secret = CLIENT_SECRET
            .store(&mut tx, actor, &client.id, minted, description, expiry)
            .await?;
        commit(tx).await?;
        Ok(secret)
    }

    /// Revokes a secret: refused at once here and on every replica.
    pub(super) async fn revoke_secret_of(
        &self,
        actor: Actor<'_>,
        client: &ClientRow,
        secret_id: &str,
    ) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        CLIENT_SECRET
            .revoke(&mut tx, actor, &client.id, secret_id)
            .await?;
        self.verified.client_changed(&mut tx).await?;
        commit(tx).await?;
        self.verified.forget_clients();
        Ok(())
    }
}
