//! Client secrets and client systems' API keys: 256 random bits shown
//! exactly once, kept only as a hash, listed with a hint and their dates,
//! revocable, and audited. The two differ only in the policy below.

use app::domain::SecretExpiry;
use app::error::AppError;
use app::model::{CredentialInfo, ListPage, NewCredential, PAGE_READ, SecretState, split_page};
use app::services::ServiceResult;
use serde::Serialize;

use crate::audit::{self, Actor};
use crate::crypto::passwords::Hasher;
use crate::crypto::tokens::{hash_token, random_token};
use crate::paging::after_key;
use crate::store::credentials::{self as store, CredentialRow, Kind, NewCredentialRow};
use crate::store::{Conn, Db, PageKey, StoreResult, now};

/// How one kind of credential is made, stored and audited.
pub struct Policy {
    pub kind: Kind,
    /// Put in front of the random part, so Portico's keys are easy for
    /// secret scanners (and people) to recognise.
    pub tag: &'static str,
    /// How many characters after the tag the hint shows.
    hint_len: usize,
    /// argon2id for client secrets (checked rarely, then cached); SHA-256
    /// for API keys (looked up by their hash on every call).
    slow_hash: bool,
    created: &'static str,
    revoked: &'static str,
    /// Whether the owner is a client, so the audit row names it.
    owner_is_client: bool,
}

pub const CLIENT_SECRET: Policy = Policy {
    kind: Kind::ClientSecret,
    tag: "",
    hint_len: 3,
    slow_hash: true,
    created: "secret.created",
    revoked: "secret.revoked",
    owner_is_client: true,
};

pub const API_KEY: Policy = Policy {
    kind: Kind::ApiKey,
    tag: "pak_",
    hint_len: 4,
    slow_hash: false,
    created: "system.api_key_created",
    revoked: "system.api_key_revoked",
    owner_is_client: false,
};

/// A value just generated and what is stored of it.
pub struct Minted {
    value: String,
    hint: String,
    hash: String,
}

/// What the audit log keeps of a credential: never its value.
#[derive(Serialize)]
struct CredentialRecord<'a> {
    id: &'a str,
    /// The client or client system it belongs to.
    belongs_to: &'a str,
    description: &'a str,
    hint: &'a str,
    expires_at: i64,
}

impl CredentialRecord<'_> {
    fn of(row: &CredentialRow) -> CredentialRecord<'_> {
        CredentialRecord {
            id: &row.id,
            belongs_to: &row.owner_id,
            description: &row.description,
            hint: &row.hint,
            expires_at: row.expires_at,
        }
    }
}

pub fn info(row: CredentialRow, now: i64) -> CredentialInfo {
    CredentialInfo {
        state: SecretState::at(now, row.expires_at, row.revoked_at),
        id: row.id,
        description: row.description,
        hint: row.hint,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

impl Policy {
    /// A fresh value and its hash. Argon2 runs here, before any
    /// transaction is opened, so no database lock waits for it.
    pub async fn mint(&self, hasher: &Hasher) -> ServiceResult<Minted> {
        let value = format!("{}{}", self.tag, random_token());
        let hint: String = value
            .chars()
            .skip(self.tag.len())
            .take(self.hint_len)
            .collect();
        let hash = if self.slow_hash {
            hasher.hash(&value).await?
        } else {
            hash_token(&value)
        };
        Ok(Minted { value, hint, hash })
    }

    /// Whether `value` can be one of these credentials at all.
    pub fn looks_like(&self, value: &str) -> bool {
        value.starts_with(self.tag) && value.len() <= 200
    }

    /// Stores a minted credential and its audit row on the caller's
    /// transaction; the value is returned this once.
    pub async fn store(
        &self,
        tx: &mut Conn,
        actor: Actor<'_>,
        owner_id: &str,
        minted: Minted,
        description: String,
        expiry: SecretExpiry,
    ) -> StoreResult<NewCredential> {
        let Minted { value, hint, hash } = minted;
        let row = CredentialRow {
            id: uuid::Uuid::new_v4().to_string(),
            owner_id: owner_id.to_owned(),
            description,
            hint,
            created_at: now(),
            expires_at: expiry.date().unix_start(),
            revoked_at: None,
            last_used_at: None,
        };
        let new = NewCredentialRow {
            id: &row.id,
            owner_id,
            description: &row.description,
            hint: &row.hint,
            hash: &hash,
            created_at: row.created_at,
            expires_at: row.expires_at,
        };
        store::insert(&mut *tx, self.kind, &new).await?;
        self.audit(
            tx,
            actor,
            self.created,
            None,
            Some(&CredentialRecord::of(&row)),
        )
        .await?;
        Ok(NewCredential {
            info: info(row.clone(), row.created_at),
            value,
        })
    }

    /// Revokes one live credential of `owner_id` and audits it; "not found"
    /// when it has no such live credential.
    pub async fn revoke(
        &self,
        tx: &mut Conn,
        actor: Actor<'_>,
        owner_id: &str,
        id: &str,
    ) -> ServiceResult<()> {
        let Some(row) = store::revoke(&mut *tx, self.kind, owner_id, id, now()).await? else {
            return Err(AppError::NotFound.into());
        };
        self.audit(
            tx,
            actor,
            self.revoked,
            Some(&CredentialRecord::of(&row)),
            None,
        )
        .await?;
        Ok(())
    }

    /// A page of one owner's credentials, newest first, after the page
    /// link's cursor `after`.
    pub async fn page(
        &self,
        db: &Db,
        owner_id: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<CredentialInfo>> {
        let after = after_key(after)?;
        let now = now();
        let rows = store::page(db.pool(), self.kind, owner_id, after.as_ref(), PAGE_READ).await?;
        let (rows, next_after) =
            split_page(rows, |r| PageKey::new(r.created_at, r.id.clone()).text());
        Ok(ListPage {
            rows: rows.into_iter().map(|row| info(row, now)).collect(),
            next_after,
        })
    }

    async fn audit(
        &self,
        tx: &mut Conn,
        actor: Actor<'_>,
        action: &str,
        before: Option<&CredentialRecord<'_>>,
        after: Option<&CredentialRecord<'_>>,
    ) -> StoreResult<()> {
        let owner = before.or(after).map(|r| r.belongs_to).unwrap_or_default();
        if self.owner_is_client {
            audit::client(tx, actor, action, owner, before, after).await
        } else {
            audit::system(tx, actor, action, owner, before, after).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn api_keys_carry_their_tag_and_a_hint_after_it() {
        let hasher = Hasher::new().unwrap();
        let key = API_KEY.mint(&hasher).await.unwrap();
        assert!(key.value.starts_with("pak_") && key.value.len() == 47);
        assert_eq!(key.hint, key.value[4..8]);
        assert_eq!(key.hash, hash_token(&key.value));
        assert!(API_KEY.looks_like(&key.value));
        assert!(!API_KEY.looks_like("sk_live_x"));
    }

    #[tokio::test]
    async fn secrets_are_argon2_hashed_with_a_three_character_hint() {
        let hasher = Hasher::new().unwrap();
        let secret = CLIENT_SECRET.mint(&hasher).await.unwrap();
        assert_eq!(secret.value.len(), 43);
        assert_eq!(secret.hint, secret.value[..3]);
        assert!(secret.hash.starts_with("$argon2id$"));
        assert!(
            hasher
                .verify(&secret.value, Some(&secret.hash))
                .await
                .unwrap()
        );
    }
}
