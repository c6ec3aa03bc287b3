//! One change to one client: it runs in a transaction that also writes its
//! audit row (with the client as it was before and after) and moves the
//! cache generations, so every replica stops trusting what it had verified
//! for the client. Nothing of it is visible, or acknowledged, unless all
//! of it committed.

use app::domain::Role;
use app::error::AppError;
use app::model::ClientDetail;
use app::services::{CurrentSession, ServiceResult};

use super::Clients;
use super::detail;
use crate::audit::{self, Actor};
use crate::authz;
use crate::store::clients::ScopeRequest;
use crate::store::commit;
use crate::store::{Conn, Tx};

/// Who may change the client: a member of its organisation with at least
/// `Role` (anyone else gets "not found", or "forbidden" for a role too
/// low), or a caller the service has already checked (an admin, the
/// client itself, its system).
#[derive(Clone, Copy)]
pub enum Access<'a> {
    Member(&'a CurrentSession, Role),
    Checked,
}

impl Access<'_> {
    pub fn check(self, org_id: &str) -> ServiceResult<()> {
        match self {
            Self::Member(session, role) => authz::member(session, org_id, role).map(|_| ()),
            Self::Checked => Ok(()),
        }
    }
}

pub struct ClientChange {
    tx: Tx,
    pub before: ClientDetail,
    /// The scopes it requested before, with their access.
    pub requests: Vec<ScopeRequest>,
}

impl ClientChange {
    /// The transaction, for the change's own writes.
    pub fn conn(&mut self) -> &mut Conn {
        &mut self.tx
    }

    pub fn id(&self) -> &str {
        &self.before.client_id
    }
}

impl Clients {
    /// Starts a change to a live client that `access` may change.
    pub(super) async fn begin_change(
        &self,
        id: &str,
        access: Access<'_>,
    ) -> ServiceResult<ClientChange> {
        let mut tx = self.db.begin().await?;
        let (before, requests) = detail::load_with_requests(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        access.check(&before.org_id)?;
        Ok(ClientChange {
            tx,
            before,
            requests,
        })
    }

    /// Records the change as `action` by `actor` and commits it; returns
    /// the client as it is now.
    pub(super) async fn finish_change(
        &self,
        mut change: ClientChange,
        actor: Actor<'_>,
        action: &str,
    ) -> ServiceResult<ClientDetail> {
        let after = detail::load(&mut change.tx, &change.before.client_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.commit_change(change, actor, action, Some(&after))
            .await?;
        Ok(after)
    }

    /// Records a deletion (no after snapshot) and commits it.
    pub(super) async fn finish_removal(
        &self,
        change: ClientChange,
        actor: Actor<'_>,
        action: &str,
    ) -> ServiceResult<()> {
        self.commit_change(change, actor, action, None).await
    }

    async fn commit_change(
        &self,
        mut change: ClientChange,
        actor: Actor<'_>,
        action: &str,
        after: Option<&ClientDetail>,
    ) -> ServiceResult<()> {
        self.verified.client_changed(&mut change.tx).await?;
        let id = change.before.client_id.clone();
        audit::client(
            &mut change.tx,
            actor,
            action,
            &id,
            Some(&change.before),
            after,
        )
        .await?;
        commit(change.tx).await?;
        self.verified.forget_clients();
        Ok(())
    }
}
