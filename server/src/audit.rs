//! The audit log: who changed what, when, with before/after snapshots.
//!
//! Rows are written on the transaction of the change they record, so a
//! change and its audit row commit together or not at all. Snapshots are
//! DTOs that never hold a secret value (secrets and API keys are recorded
//! by id, description and hint).

use app::model::AuditEntry;
use app::services::CurrentSession;
use serde::Serialize;

pub use crate::store::audit::Filter;
use crate::store::audit::{self as audit_store, NewAuditRow};
use crate::store::{Conn, Db, StoreResult, now};
use crate::webhooks;

/// Who made a change.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in person.
    Person(&'a CurrentSession),
    /// A person acting outside a session (signing up, or the operator's
    /// `portico admin create`).
    Account { id: &'a str, email: &'a str },
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

/// What a change is about; the audit row names the organisation it
/// concerns, read from the client or system when not given.
#[derive(Clone, Copy)]
enum Subject<'a> {
    Client(&'a str),
    ClientIn { client_id: &'a str, org_id: &'a str },
    System(&'a str),
    Org(&'a str),
    Nothing,
}

/// Records a change to one client (in the organisation that owns it).
pub async fn client<'a, T: Serialize>(
    conn: &mut Conn,
    actor: impl Into<Actor<'a>>,
    action: &str,
    client_id: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(
        conn,
        actor.into(),
        action,
        Subject::Client(client_id),
        before,
        after,
    )
    .await
}

/// Records a change to one client in the history of `org_id` (a move
/// records one row in each organisation).
pub async fn client_in<'a, T: Serialize>(
    conn: &mut Conn,
    actor: impl Into<Actor<'a>>,
    action: &str,
    client_id: &str,
    org_id: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    let subject = Subject::ClientIn { client_id, org_id };
    append(conn, actor.into(), action, subject, before, after).await
}

/// Records a change to a client system or its API keys (in the
/// organisation that owns it).
pub async fn system<'a, T: Serialize>(
    conn: &mut Conn,
    actor: impl Into<Actor<'a>>,
    action: &str,
    system_id: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(
        conn,
        actor.into(),
        action,
        Subject::System(system_id),
        before,
        after,
    )
    .await
}

/// Records a change to an organisation: its settings, members,
/// invitations, or what moved in or out.
pub async fn org<'a, T: Serialize>(
    conn: &mut Conn,
    actor: impl Into<Actor<'a>>,
    action: &str,
    org_id: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(
        conn,
        actor.into(),
        action,
        Subject::Org(org_id),
        before,
        after,
    )
    .await
}

/// Records a change that belongs to no organisation (the scope catalog,
/// accounts, signing keys).
pub async fn other<'a, T: Serialize>(
    conn: &mut Conn,
    actor: impl Into<Actor<'a>>,
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    append(conn, actor.into(), action, Subject::Nothing, before, after).await
}

async fn append<T: Serialize>(
    conn: &mut Conn,
    actor: Actor<'_>,
    action: &str,
    subject: Subject<'_>,
    before: Option<&T>,
    after: Option<&T>,
) -> StoreResult<()> {
    let json = |v: Option<&T>| v.map(serde_json::to_string).transpose();
    let object = after.or(before).map(serde_json::to_value).transpose()?;
    let label;
    let (actor_id, actor_email) = match actor {
        Actor::Person(session) => (
            Some(session.viewer.account_id.as_str()),
            session.viewer.email.as_str(),
        ),
        Actor::Account { id, email } => (Some(id), email),
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
    let (client_id, system_id, org_id) = match subject {
        Subject::Client(id) => (Some(id), None, None),
        Subject::ClientIn { client_id, org_id } => (Some(client_id), None, Some(org_id)),
        Subject::System(id) => (None, Some(id), None),
        Subject::Org(id) => (None, None, Some(id)),
        Subject::Nothing => (None, None, None),
    };
    let row = NewAuditRow {
        actor_id,
        actor_email: Some(actor_email),
        action,
        client_id,
        system_id,
        org_id,
        before: json(before)?,
        after: json(after)?,
    };
    let org_id = audit_store::append(&mut *conn, row, now()).await?;
    // The organisation's webhooks hear of it in the same transaction.
    if let (Some(event), Some(org_id)) = (webhooks::event_of_action(action), org_id) {
        let data = webhooks::EventData {
            organisation_id: &org_id,
            client_id,
            system_id,
            actor: actor_email,
            object,
        };
        webhooks::emit(conn, &org_id, event, &data).await?;
    }
    Ok(())
}

/// What a client id typed into the admins' filter finds: the client with
/// exactly that id, or else every client whose id contains it. A few such
/// clients are read from the log's client index; a part many clients share
/// walks the log newest first (their rows are common, so a page fills
/// fast).
#[derive(Clone, Debug)]
pub enum ClientSearch {
    Exact(String),
    OneOf(Vec<String>),
    Contains(String),
}

impl ClientSearch {
    /// More matching clients than this walk the log instead.
    const FEW: usize = 20;

    pub async fn resolve(db: &Db, text: &str) -> StoreResult<Self> {
        if audit_store::client_exists(db.pool(), text).await? {
            return Ok(Self::Exact(text.to_owned()));
        }
        let pattern = crate::store::orgs::like_pattern(text);
        let ids = audit_store::client_ids_like(db.pool(), &pattern, Self::FEW as i64 + 1).await?;
        Ok(match ids.len() {
            // A client gone without a trace still has its rows.
            0 => Self::Exact(text.to_owned()),
            n if n <= Self::FEW => Self::OneOf(ids),
            _ => Self::Contains(pattern),
        })
    }

    /// An admin's filter with its client id resolved (`None`: no client).
    pub async fn of(db: &Db, filter: &app::services::AuditFilter) -> StoreResult<Option<Self>> {
        match filter.client_id.as_deref() {
            Some(text) => Ok(Some(Self::resolve(db, text).await?)),
            None => Ok(None),
        }
    }
}

/// The store's filter for an admin's (checked) audit filter, its client id
/// resolved by `ClientSearch::of`.
pub fn filter_of<'a>(
    filter: &'a app::services::AuditFilter,
    client: Option<&'a ClientSearch>,
    before_id: Option<i64>,
) -> Filter<'a> {
    let mut out = Filter {
        actor_email: filter.actor.as_deref(),
        org_id: filter.org_id.as_deref(),
        action: filter.action.as_deref(),
        from: filter.from,
        until: filter.until,
        before_id,
        ..Filter::default()
    };
    match client {
        Some(ClientSearch::Exact(id)) => out.client_id = Some(id),
        Some(ClientSearch::OneOf(ids)) => out.client_ids = Some(ids),
        Some(ClientSearch::Contains(pattern)) => out.client_id_like = Some(pattern),
        None => {}
    }
    out
}

/// The newest `limit` entries that `filter` matches.
pub async fn entries(db: &Db, filter: Filter<'_>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
    let rows = audit_store::list(db.pool(), filter, limit).await?;
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
