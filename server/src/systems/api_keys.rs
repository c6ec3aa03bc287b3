//! The `api-key` header of the draft API: which system, if any, a request
//! comes from. The keys themselves are credentials (`crate::credentials`).

use app::services::{ServiceResult, doing};

use super::{System, Systems};
use crate::credentials::API_KEY;
use crate::crypto::tokens::hash_token;
use crate::store::credentials as credential_store;
use crate::store::{now, systems as system_store};

/// The request header the draft API reads the key from.
pub const API_KEY_HEADER: &str = "api-key";

/// Why a request's key was refused; all of them answer 401 alike.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyRefused {
    Missing,
    Unknown,
}

impl Systems {
    /// The system behind a request's `api-key` header, if the key is live
    /// (known, not revoked, not expired) and its system still exists. The
    /// key's "last used" time is recorded.
    pub async fn authenticate(
        &self,
        key: Option<&str>,
    ) -> ServiceResult<Result<System, KeyRefused>> {
        let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) else {
            return Ok(Err(KeyRefused::Missing));
        };
        if !API_KEY.looks_like(key) {
            return Ok(Err(KeyRefused::Unknown));
        }
        doing("checking an API key", async {
            let now = now();
            let Some(row) = credential_store::find_live_by_hash(
                self.db.pool(),
                API_KEY.kind,
                &hash_token(key),
                now,
            )
            .await?
            else {
                return Ok(Err(KeyRefused::Unknown));
            };
            credential_store::touch(self.db.pool(), API_KEY.kind, &row.id, now).await?;
            Ok(system_store::find(self.db.pool(), &row.owner_id)
                .await?
                .map(System::from)
                .ok_or(KeyRefused::Unknown))
        })
        .await
    }
}
