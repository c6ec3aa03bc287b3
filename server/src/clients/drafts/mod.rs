//! Client drafts from client systems (HelseID-style): a system creates a
//! draft with its API key (here), an end user confirms or declines it
//! (`confirm.rs`), and the system polls its status. Drafts nobody confirms
//! expire.

mod confirm;
mod request;

pub use request::DraftRequest;
pub(super) use request::validated;

use app::domain::{ClientId, ClientPrefix, SecretExpiry, Suffix};
use app::error::AppError;
use app::model::{ClientDetail, NewCredential};
use app::services::{ServiceError, ServiceResult, doing};
use rand::Rng as _;

use super::Clients;
use super::own::{StatusReport, report};
use super::settings::{self, Inserted, NewClient, suffix_taken};
use crate::audit::Actor;
use crate::credentials::CLIENT_SECRET;
use crate::store::clients::{self as client_store, Origin};
use crate::store::commit;
use crate::store::{now, orgs as org_store};
use crate::systems::System;

/// A draft just created; the secret only for systems that use secrets.
pub struct DraftCreated {
    pub client_id: String,
    pub expires_at: i64,
    pub secret: Option<NewCredential>,
    /// The client as registered.
    pub detail: ClientDetail,
}

const SUFFIX_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// 16 characters from the suffix alphabet (about 82 bits).
fn generated_suffix() -> Suffix {
    let mut rng = rand::rng();
    let text: String = (0..16)
        .map(|_| SUFFIX_ALPHABET[rng.random_range(0..SUFFIX_ALPHABET.len())] as char)
        .collect();
    Suffix::parse(&text).unwrap_or_else(|_| unreachable!("generated from the suffix alphabet"))
}

impl Clients {
    /// Creates a draft (and, for secret systems, its first secret) in one
    /// transaction with their audit rows.
    pub async fn create_draft(
        &self,
        system: &System,
        request: DraftRequest,
    ) -> ServiceResult<DraftCreated> {
        doing(
            "creating a client draft",
            self.insert_draft(system, request),
        )
        .await
    }

    async fn insert_draft(
        &self,
        system: &System,
        request: DraftRequest,
    ) -> ServiceResult<DraftCreated> {
        let (settings, chosen) = validated(system, &request)?;
        // A draft belongs to the system's organisation, and carries its prefix.
        let org = org_store::find(self.db.pool(), &system.org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let prefix = ClientPrefix::parse(&org.client_prefix)
            .map_err(|e| ServiceError::internal("reading an organisation's prefix", e))?;
        // Hashed before the transaction, so no lock waits for argon2.
        let mut minted = if system.auth_method.uses_secret() {
            Some(CLIENT_SECRET.mint(&self.hasher).await?)
        } else {
            None
        };
        let created_at = now();
        let expires_at = created_at + i64::try_from(self.drafts.ttl.as_secs()).unwrap_or(i64::MAX);
        let actor = Actor::System(&system.name);
        let mut suffix = chosen.clone().unwrap_or_else(generated_suffix);
        let mut attempts = 0;
        loop {
            let id = ClientId::new(prefix.clone(), suffix.clone());
            let mut tx = self.db.begin().await?;
            let client = NewClient {
                id: &id,
                org_id: &org.id,
                created_by: None,
                settings: &settings,
                origin: Origin::Draft {
                    system_id: &system.id,
                    expires_at,
                },
            };
            let detail =
                match settings::insert(&mut tx, client, actor, "client.draft_created").await? {
                    Inserted::Created(detail) => *detail,
                    // A generated suffix that happens to be taken: draw again.
                    Inserted::SuffixUsed if chosen.is_none() && attempts < 3 => {
                        attempts += 1;
                        suffix = generated_suffix();
                        continue;
                    }
                    Inserted::SuffixUsed => return Err(suffix_taken(&id).into()),
                };
            let secret = match minted.take() {
                Some(minted) => {
                    let expiry = SecretExpiry::parse(
                        "",
                        "",
                        app::domain::Date::from_unix(created_at),
                        self.max_secret_months,
                    )
                    .map_err(|message| AppError::invalid("secret", message))?;
                    let description = "Created with the draft".to_owned();
                    Some(
                        CLIENT_SECRET
                            .store(
                                &mut tx,
                                actor,
                                &detail.client_id,
                                minted,
                                description,
                                expiry,
                            )
                            .await?,
                    )
                }
                None => None,
            };
            commit(tx).await?;
            return Ok(DraftCreated {
                client_id: detail.client_id.clone(),
                expires_at,
                secret,
                detail,
            });
        }
    }

    /// `Err(limit)` when the system already has as many unconfirmed drafts
    /// as it may (a leaked key cannot fill the database with them).
    pub async fn room_for_draft(&self, system: &System) -> ServiceResult<Result<(), u32>> {
        let open = client_store::count_open_drafts(self.db.pool(), &system.id, now())
            .await
            .map_err(|e| app::services::ServiceError::internal("counting open drafts", e))?;
        let limit = self.drafts.max_open;
        Ok(if open >= i64::from(limit) {
            Err(limit)
        } else {
            Ok(())
        })
    }

    /// The status of a client this system created; any other client is
    /// "not found", whether it exists or not.
    pub async fn draft_status(
        &self,
        system: &System,
        client_id: &str,
    ) -> ServiceResult<StatusReport> {
        doing("reading a draft's status", async {
            let row = self.system_client(client_id).await?;
            if row.system_id.as_deref() != Some(system.id.as_str()) {
                return Err(AppError::NotFound.into());
            }
            let scopes = client_store::scopes(self.db.pool(), client_id).await?;
            Ok(report(&row, scopes))
        })
        .await
    }
}
