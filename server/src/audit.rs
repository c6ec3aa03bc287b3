//! The audit log: who changed what, when, with before/after snapshots.
//!
//! Rows are written on the transaction of the change they record, so a
//! change and its audit row commit together or not at all. Snapshots are
//! DTOs that never hold a secret value (secrets and API keys are recorded
//! by id, description and hint).

use app::model::AuditEntry;
use app::services::CurrentSession;
use serde::Serialize;

use crate::store::audit::{self as audit_store, NewAuditRow};
use crate::store::{Db, Exec, StoreResult, now};

/// Who made a change.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in person.
    Person(&'a CurrentSession),
    /// A client acting on itself with its own access token.
    Client(&'a str),
    /// A client system, by name, calling the draft API with an API key.
    System(&'a str),
    /// Portico itself (expiry sweeps).
    Portico,
}

impl<'a> From<&'a CurrentSession> for Actor<'a> {
    fn from(session: &'a CurrentSession) -> Self {
        Self::Person(session)
    }
}

/// Records a change to one client.
pub async fn client<'a, T: Serialize>(
    ex: impl Exec<'_>,
    actor: impl Into<Actor<'a>>,
    action: &str,
    client_id: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(ex, actor.into(), action, Some(client_id), before, after).await
}

/// Records a change that belongs to no client (the scope catalog, client
/// systems and their API keys, signing keys).
pub async fn other<'a, T: Serialize>(
    ex: impl Exec<'_>,
    actor: impl Into<Actor<'a>>,
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(ex, actor.into(), action, None, before, after).await
}

async fn append<T: Serialize>(
    ex: impl Exec<'_>,
    actor: Actor<'_>,
    action: &str,
    client_id: Option<&str>,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    let json = |v: Option<&T>| v.map(serde_json::to_string).transpose();
    let label;
    let (actor_id, actor_email) = match actor {
        Actor::Person(session) => (
            Some(session.viewer.account_id.as_str()),
            session.viewer.email.as_str(),
        ),
        Actor::Client(id) => {
            label = format!("client {id}");
            (None, label.as_str())
        }
        Actor::System(name) => {
            label = format!("system {name}");
            (None, label.as_str())
        }
        Actor::Portico => (None, "system portico"),
    };
    let row = NewAuditRow {
        actor_id,
        actor_email: Some(actor_email),
        action,
        client_id,
        before: json(before)?,
        after: json(after)?,
    };
    audit_store::append(ex, row, now()).await
}

/// The newest entries (at most 500), optionally for one client and/or one
/// actor.
pub async fn entries(
    db: &Db,
    client_id: Option<&str>,
    actor_email: Option<&str>,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = audit_store::list(db.pool(), client_id, actor_email).await?;
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
