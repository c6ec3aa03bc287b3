//! RFC 7591 dynamic registration and RFC 7592 management on `Clients`: a
//! client system registers a client (a draft like any other, owned by the
//! system's developer) and then reads, updates or deletes it with the
//! registration access token it got back.

use app::services::ServiceResult;

use super::audit::Actor;
use super::drafts::{DraftCreated, DraftRequest, validated};
use super::{Clients, lists_of, status_for, write_of};
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::clients::{self as client_store, ClientRow, ClientScopeRow};
use crate::store::now;
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

    /// The client a registration access token manages, with its scopes
    /// and system; `None` for an unknown token, a deleted client, or a
    /// token for another client than `client_id`.
    pub async fn registered(
        &self,
        token: &str,
        client_id: &str,
    ) -> ServiceResult<Option<(ClientRow, Vec<ClientScopeRow>, SystemRow)>> {
        let Some(row) = client_store::find_by_registration_token(&self.db, &hash_token(token))
            .await?
            .filter(|row| row.id == client_id)
        else {
            return Ok(None);
        };
        let system = match row.system_id.as_deref() {
            Some(id) => system_store::find(&self.db, id, now()).await?,
            None => None,
        };
        let Some(system) = system else {
            return Ok(None);
        };
        let scopes = client_store::scopes(&self.db, &row.id).await?;
        Ok(Some((row, scopes, system)))
    }

    /// RFC 7592 update: the request replaces the client's metadata, checked
    /// like a new draft; its standing (draft, pending, …) is kept.
    pub async fn update_registered(
        &self,
        system: &SystemRow,
        row: &ClientRow,
        request: DraftRequest,
    ) -> ServiceResult<()> {
        let (settings, _) = validated(system, &request)?;
        let before = self.load_detail(row.clone()).await?;
        let previous: Vec<_> = before
            .scopes
            .iter()
            .map(|s| {
                (
                    s.scope.clone(),
                    s.status.as_str().to_owned(),
                    s.reason.clone(),
                )
            })
            .collect();
        let scopes = self.scope_statuses(&settings, &previous).await?;
        let status = status_for(Some(before.status), &scopes);
        let lists = lists_of(&settings);
        client_store::update(
            &self.db,
            &row.id,
            &write_of(&settings, &lists, status),
            &scopes,
            now(),
        )
        .await?;
        self.verified.client_changed(&self.db).await?;
        let after = self.load_detail(self.live_row(&row.id).await?).await?;
        self.audit
            .client(
                Actor::System(&system.name),
                "client.updated",
                &row.id,
                Some(&before),
                Some(&after),
            )
            .await
    }

    /// RFC 7592 delete: the client is gone for good (its suffix stays used)
    /// and its tokens stop working.
    pub async fn delete_registered(
        &self,
        system: &SystemRow,
        row: &ClientRow,
    ) -> ServiceResult<()> {
        let before = self.load_detail(row.clone()).await?;
        client_store::soft_delete(&self.db, &row.id, now()).await?;
        self.verified.client_changed(&self.db).await?;
        self.audit
            .client(
                Actor::System(&system.name),
                "client.deleted",
                &row.id,
                Some(&before),
                None,
            )
            .await
    }
}
