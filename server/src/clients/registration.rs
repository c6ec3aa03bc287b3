//! RFC 7591 dynamic registration and RFC 7592 management on `Clients`: a
//! client system registers a client (a draft like any other, owned by the
//! system's developer) and then reads, updates or deletes it with the
//! registration access token it got back.

use app::model::ClientDetail;
use app::services::{ServiceResult, doing};

use super::Clients;
use super::change::Access;
use super::drafts::{DraftCreated, DraftRequest, validated};
use crate::audit::Actor;
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::clients as client_store;
use crate::store::systems as system_store;
use crate::systems::System;

/// A registration just made: the draft and its management token (shown
/// once; the database keeps its hash).
pub struct Registered {
    pub draft: DraftCreated,
    pub registration_access_token: String,
}

/// A client a registration access token manages, and its system.
pub struct Registration {
    pub client_id: String,
    pub system: System,
}

impl Clients {
    pub async fn register(
        &self,
        system: &System,
        request: DraftRequest,
    ) -> ServiceResult<Registered> {
        let draft = self.create_draft(system, request).await?;
        let token = random_token();
        client_store::set_registration_token(self.db.pool(), &draft.client_id, &hash_token(&token))
            .await
            .map_err(|e| {
                app::services::ServiceError::internal("storing a registration token", e)
            })?;
        Ok(Registered {
            draft,
            registration_access_token: token,
        })
    }

    /// What a registration access token manages; `None` for an unknown
    /// token, a deleted client or system, or a token for another client
    /// than `client_id`.
    pub async fn registration(
        &self,
        token: &str,
        client_id: &str,
    ) -> ServiceResult<Option<Registration>> {
        doing("checking a registration access token", async {
            let Some(row) =
                client_store::find_by_registration_token(self.db.pool(), &hash_token(token))
                    .await?
                    .filter(|row| row.id == client_id)
            else {
                return Ok(None);
            };
            let system = match row.system_id.as_deref() {
                Some(id) => system_store::find(self.db.pool(), id).await?,
                None => None,
            };
            Ok(system.map(|system| Registration {
                client_id: row.id,
                system: system.into(),
            }))
        })
        .await
    }

    /// RFC 7592 read.
    pub async fn registered_client(
        &self,
        registration: &Registration,
    ) -> ServiceResult<ClientDetail> {
        doing("reading a registered client", async {
            let mut conn = self.db.acquire().await?;
            super::detail::load(&mut conn, &registration.client_id)
                .await?
                .ok_or_else(|| app::error::AppError::NotFound.into())
        })
        .await
    }

    /// RFC 7592 update: the request replaces the client's metadata, checked
    /// like a new draft; its standing (draft, pending, …) is kept.
    pub async fn update_registered(
        &self,
        registration: &Registration,
        request: DraftRequest,
    ) -> ServiceResult<ClientDetail> {
        let system = &registration.system;
        let (settings, _) = validated(system, &request)?;
        doing("updating a registered client", async {
            let change = self
                .begin_change(&registration.client_id, Access::Checked)
                .await?;
            self.rewrite(Actor::System(&system.name), change, settings)
                .await
        })
        .await
    }

    /// RFC 7592 delete: the client is gone for good (its suffix stays used)
    /// and its tokens stop working.
    pub async fn delete_registered(&self, registration: &Registration) -> ServiceResult<()> {
        doing("deleting a registered client", async {
            let change = self
                .begin_change(&registration.client_id, Access::Checked)
                .await?;
            self.remove(Actor::System(&registration.system.name), change)
                .await
        })
        .await
    }
}
