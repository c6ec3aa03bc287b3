//! RFC 7591 dynamic registration and RFC 7592 management on `Clients`: a
//! client system registers a client (a draft like any other, owned by the
//! system's developer) and then reads, updates or deletes it with the
//! registration access token it got back.

use app::model::ClientDetail;
use app::services::ServiceResult;

use super::Clients;
use super::audit::Actor;
use super::drafts::{DraftCreated, DraftRequest, validated};
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::clients::{self as client_store, ClientRow};
use crate::store::systems::{self as system_store, SystemRow};

/// A registration just made: the draft and its management token (shown
/// once; the database keeps its hash).
pub struct Registered {
    pub draft: DraftCreated,
    pub registration_access_token: String,
}

impl Clients {
    pub async fn register(
        &self,
        system: &SystemRow,
        request: DraftRequest,
    ) -> ServiceResult<Registered> {
        let draft = self.create_draft(system, request).await?;
        let token = random_token();
        client_store::set_registration_token(&self.db, &draft.client_id, &hash_token(&token))
            .await?;
        Ok(Registered {
            draft,
            registration_access_token: token,
        })
    }

    /// The client a registration access token manages, and its system;
    /// `None` for an unknown token, a deleted client or system, or a token
    /// for another client than `client_id`.
    pub async fn registered(
        &self,
        token: &str,
        client_id: &str,
    ) -> ServiceResult<Option<(ClientRow, SystemRow)>> {
        let Some(row) = client_store::find_by_registration_token(&self.db, &hash_token(token))
            .await?
            .filter(|row| row.id == client_id)
        else {
            return Ok(None);
        };
        let system = match row.system_id.as_deref() {
            Some(id) => system_store::find(&self.db, id).await?,
            None => None,
        };
        Ok(system.map(|system| (row, system)))
    }

    /// RFC 7592 update: the request replaces the client's metadata, checked
    /// like a new draft; its standing (draft, pending, …) is kept.
    pub async fn update_registered(
        &self,
        system: &SystemRow,
        row: &ClientRow,
        request: DraftRequest,
    ) -> ServiceResult<ClientDetail> {
        let (settings, _) = validated(system, &request)?;
        self.rewrite(Actor::System(&system.name), row.clone(), settings)
            .await
    }

    /// RFC 7592 delete: the client is gone for good (its suffix stays used)
    /// and its tokens stop working.
    pub async fn delete_registered(
        &self,
        system: &SystemRow,
        row: &ClientRow,
    ) -> ServiceResult<()> {
        self.remove(Actor::System(&system.name), row.clone()).await
    }
}
