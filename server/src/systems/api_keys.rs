//! API keys of client systems: `pak_` + 256 random bits, shown once,
//! stored as SHA-256 (the lookup key), with expiry, revocation and
//! last-used time.

use app::domain::SecretExpiry;
use app::error::AppError;
use app::model::{ApiKeyInfo, NewApiKey, SecretState};
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use super::Systems;
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::now;
use crate::store::systems::{self as system_store, ApiKeyRow, NewApiKeyRow, SystemRow};

/// The request header the draft API reads the key from.
pub const API_KEY_HEADER: &str = "api-key";

/// Tells Portico's keys apart from other credentials (and makes them easy
/// for secret scanners to recognise).
const KEY_TAG: &str = "pak_";

/// What the audit log keeps of a key: never its value.
#[derive(Serialize)]
struct KeyRecord<'a> {
    system_id: &'a str,
    key_id: &'a str,
    description: &'a str,
    hint: &'a str,
    expires_at: i64,
}

fn info(row: ApiKeyRow, now: i64) -> ApiKeyInfo {
    ApiKeyInfo {
        state: SecretState::at(now, row.expires_at, row.revoked_at),
        key_id: row.id,
        description: row.description,
        hint: row.hint,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

/// Why a request's key was refused; all of them answer 401 alike.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyRefused {
    Missing,
    Unknown,
}

impl Systems {
    pub(super) async fn list_keys(&self, system: &SystemRow) -> ServiceResult<Vec<ApiKeyInfo>> {
        let now = now();
        Ok(system_store::list_keys(&self.db, &system.id)
            .await?
            .into_iter()
            .map(|row| info(row, now))
            .collect())
    }

    pub(super) async fn add_key(
        &self,
        session: &CurrentSession,
        system: &SystemRow,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewApiKey> {
        let value = format!("{KEY_TAG}{}", random_token());
        let hint: String = value.chars().skip(KEY_TAG.len()).take(4).collect();
        let id = uuid::Uuid::new_v4().to_string();
        let created_at = now();
        let expires_at = expiry.date().unix_start();
        let row = NewApiKeyRow {
            id: &id,
            system_id: &system.id,
            description: &description,
            hint: &hint,
            key_hash: &hash_token(&value),
            created_at,
            expires_at,
        };
        system_store::insert_key(&self.db, &row).await?;
        let record = KeyRecord {
            system_id: &system.id,
            key_id: &id,
            description: &description,
            hint: &hint,
            expires_at,
        };
        self.audit
            .other(session, "system.api_key_created", None, Some(&record))
            .await?;
        let info = ApiKeyInfo {
            key_id: id,
            description,
            hint,
            created_at,
            expires_at,
            last_used_at: None,
            revoked_at: None,
            state: SecretState::at(created_at, expires_at, None),
        };
        Ok(NewApiKey { info, value })
    }

    pub(super) async fn revoke_key(
        &self,
        session: &CurrentSession,
        system: &SystemRow,
        key_id: &str,
    ) -> ServiceResult<()> {
        if !system_store::revoke_key(&self.db, &system.id, key_id, now()).await? {
            return Err(AppError::NotFound.into());
        }
        let record = serde_json::json!({ "system_id": system.id, "key_id": key_id });
        self.audit
            .other(session, "system.api_key_revoked", Some(&record), None)
            .await?;
        Ok(())
    }

    /// The system behind a request's `api-key` header, if the key is live
    /// (known, not revoked, not expired) and its system still exists.
    pub async fn authenticate(
        &self,
        key: Option<&str>,
    ) -> ServiceResult<Result<SystemRow, KeyRefused>> {
        let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) else {
            return Ok(Err(KeyRefused::Missing));
        };
        if !key.starts_with(KEY_TAG) || key.len() > 200 {
            return Ok(Err(KeyRefused::Unknown));
        }
        let now = now();
        let Some(row) = system_store::use_key(&self.db, &hash_token(key), now).await? else {
            return Ok(Err(KeyRefused::Unknown));
        };
        Ok(system_store::find(&self.db, &row.system_id)
            .await?
            .ok_or(KeyRefused::Unknown))
    }
}
