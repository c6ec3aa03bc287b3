//! Client secrets: 256 random bits, shown once, stored as argon2id.

use app::domain::SecretExpiry;
use app::error::AppError;
use app::model::{NewSecret, SecretInfo, SecretState};
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use super::Clients;
use super::audit::Actor;
use crate::crypto::tokens::random_token;
use crate::store::clients::ClientRow;
use crate::store::now;
use crate::store::secrets::{self as secret_store, NewSecretRow, SecretRow};

/// What the audit log keeps of a secret: never its value.
#[derive(Serialize)]
struct SecretRecord<'a> {
    secret_id: &'a str,
    description: &'a str,
    hint: &'a str,
    expires_at: i64,
}

fn info(row: SecretRow, now: i64) -> SecretInfo {
    SecretInfo {
        state: SecretState::at(now, row.expires_at, row.revoked_at),
        secret_id: row.id,
        description: row.description,
        hint: row.hint,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

impl Clients {
    pub(super) async fn list_secrets(&self, client_id: &str) -> ServiceResult<Vec<SecretInfo>> {
        let now = now();
        Ok(secret_store::list(&self.db, client_id)
            .await?
            .into_iter()
            .map(|r| info(r, now))
            .collect())
    }

    pub(super) async fn add_secret(
        &self,
        actor: Actor<'_>,
        client: &ClientRow,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewSecret> {
        if client.kind == "public" {
            return Err(AppError::invalid(
                "form",
                "Public clients have no secrets; they use PKCE.",
            )
            .into());
        }
        let value = random_token();
        let hint: String = value.chars().take(3).collect();
        let hash = self.hasher.hash(&value).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let created_at = now();
        let expires_at = expiry.date().unix_start();
        let row = NewSecretRow {
            id: &id,
            client_id: &client.id,
            description: &description,
            hint: &hint,
            secret_hash: &hash,
            created_at,
            expires_at,
        };
        secret_store::insert(&self.db, &row).await?;
        let record = SecretRecord {
            secret_id: &id,
            description: &description,
            hint: &hint,
            expires_at,
        };
        self.audit
            .client(actor, "secret.created", &client.id, None, Some(&record))
            .await?;
        let info = SecretInfo {
            secret_id: id,
            description,
            hint,
            created_at,
            expires_at,
            last_used_at: None,
            revoked_at: None,
            state: SecretState::at(created_at, expires_at, None),
        };
        Ok(NewSecret { info, value })
    }

    pub(super) async fn revoke(
        &self,
        session: &CurrentSession,
        client: &ClientRow,
        secret_id: &str,
    ) -> ServiceResult<()> {
        let Some(row) = secret_store::revoke(&self.db, &client.id, secret_id, now()).await? else {
            return Err(AppError::NotFound.into());
        };
        // Revoked means revoked now, here and on every replica.
        self.verified.client_changed(&self.db).await?;
        let record = SecretRecord {
            secret_id: &row.id,
            description: &row.description,
            hint: &row.hint,
            expires_at: row.expires_at,
        };
        self.audit
            .client(session, "secret.revoked", &client.id, Some(&record), None)
            .await?;
        Ok(())
    }
}
