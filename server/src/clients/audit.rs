//! Writes and reads the audit log. Snapshots are DTOs that never hold a
//! secret value (secrets are recorded by id, description and hint).

use app::model::AuditEntry;
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use crate::store::audit::{self as audit_store, NewAuditRow};
use crate::store::{Db, now};

pub struct Auditor {
    db: Db,
}

/// Who made a change: a signed-in person, or a client acting on itself
/// with its own access token.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    Person(&'a CurrentSession),
    Client(&'a str),
    /// A client system, by name, calling the draft API with an API key.
    System(&'a str),
}

impl<'a> From<&'a CurrentSession> for Actor<'a> {
    fn from(session: &'a CurrentSession) -> Self {
        Self::Person(session)
    }
}

impl Auditor {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Records a change to one client.
    pub async fn client<'a, T: Serialize>(
        &self,
        actor: impl Into<Actor<'a>>,
        action: &str,
        client_id: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) -> ServiceResult<()> {
        self.append(actor.into(), action, Some(client_id), before, after)
            .await
    }

    /// Records a change that belongs to no client (the scope catalog,
    /// client systems and their API keys).
    pub async fn other<T: Serialize>(
        &self,
        actor: &CurrentSession,
        action: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) -> ServiceResult<()> {
        self.append(actor.into(), action, None, before, after).await
    }

    async fn append<T: Serialize>(
        &self,
        actor: Actor<'_>,
        action: &str,
        client_id: Option<&str>,
        before: Option<&T>,
        after: Option<&T>,
    ) -> ServiceResult<()> {
        let json = |v: Option<&T>| v.and_then(|v| serde_json::to_string(v).ok());
        let client_label;
        let (actor_id, actor_email) = match actor {
            Actor::Person(session) => (
                Some(session.viewer.account_id.as_str()),
                session.viewer.email.as_str(),
            ),
            Actor::Client(id) => {
                client_label = format!("client {id}");
                (None, client_label.as_str())
            }
            Actor::System(name) => {
                client_label = format!("system {name}");
                (None, client_label.as_str())
            }
        };
        let row = NewAuditRow {
            actor_id,
            actor_email: Some(actor_email),
            action,
            client_id,
            before: json(before),
            after: json(after),
        };
        audit_store::append(&self.db, row, now()).await?;
        Ok(())
    }

    pub async fn entries(
        &self,
        client_id: Option<&str>,
        actor_email: Option<&str>,
    ) -> ServiceResult<Vec<AuditEntry>> {
        let rows = audit_store::list(&self.db, client_id, actor_email).await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor_email: r.actor_email,
                action: r.action,
                client_id: r.client_id,
                before: r.before,
                after: r.after,
            })
            .collect())
    }
}
