//! The scopes a client requests, each with its access status.

use app::domain::ScopeName;
use app::model::ScopeAccess;

use crate::store::{Conn, Exec, List, StoreResult};

/// A requested scope with its access status and an admin's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeRequest {
    pub scope: ScopeName,
    pub access: ScopeAccess,
    pub reason: Option<String>,
}

/// A requested scope as pages show it (with the catalog's description).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientScopeRow {
    #[sqlx(try_from = "String")]
    pub scope: ScopeName,
    #[sqlx(try_from = "String")]
    pub status: ScopeAccess,
    pub reason: Option<String>,
    pub description: String,
}

impl ClientScopeRow {
    pub fn request(&self) -> ScopeRequest {
        ScopeRequest {
            scope: self.scope.clone(),
            access: self.status,
            reason: self.reason.clone(),
        }
    }
}

pub(super) async fn write_scopes(
    conn: &mut Conn,
    id: &str,
    scopes: &[ScopeRequest],
) -> StoreResult<()> {
    for request in scopes {
        sqlx::query(
            "INSERT INTO client_scopes (client_id, scope, status, reason) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(request.scope.as_ref())
        .bind(request.access.as_str())
        .bind(request.reason.as_deref())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn scopes(ex: impl Exec<'_>, id: &str) -> StoreResult<Vec<ClientScopeRow>> {
    Ok(sqlx::query_as(
        "SELECT cs.scope, cs.status, cs.reason, s.description FROM client_scopes cs \
         JOIN scopes s ON s.name = cs.scope WHERE cs.client_id = $1 ORDER BY cs.scope",
    )
    .bind(id)
    .fetch_all(ex)
    .await?)
}

/// An admin's decision on one requested scope; false when the client
/// does not request it.
pub async fn set_scope_status(
    ex: impl Exec<'_>,
    id: &str,
    scope: &ScopeName,
    access: ScopeAccess,
    reason: Option<&str>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE client_scopes SET status = $1, reason = $2 WHERE client_id = $3 AND scope = $4",
    )
    .bind(access.as_str())
    .bind(reason.map(str::to_owned))
    .bind(id)
    .bind(scope.as_ref())
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Grants every scope of the client that still waits for approval.
pub async fn grant_pending_scopes(
    ex: impl Exec<'_>,
    id: &str,
    reason: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE client_scopes SET status = 'granted', reason = $1 WHERE client_id = $2 AND status = 'pending'",
    )
    .bind(reason.map(str::to_owned))
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// A scope waiting for an admin, with who stands behind its client.
#[derive(Debug, sqlx::FromRow)]
pub struct PendingScopeRow {
    pub client_id: String,
    pub display_name: String,
    pub org_name: String,
    pub org_number: Option<String>,
    pub scope: String,
    /// The catalog's description and resource of the scope (`None` once
    /// it left the catalog).
    pub scope_description: Option<String>,
    pub scope_resource: Option<String>,
    #[sqlx(try_from = "String")]
    pub redirect_uris: List<String>,
    /// Who registered it in the portal (`None` for drafts).
    pub created_by_email: Option<String>,
    pub system_name: Option<String>,
    pub confirmed_by_email: Option<String>,
    pub created_at: i64,
    /// When it last changed: entered the queue, or asked for more.
    pub waiting_since: i64,
}

/// `SELECT <a PendingScopeRow> FROM client_scopes cs …`: the scopes with
/// their catalog entries, clients, organisations and who asked.
macro_rules! pending_select {
    () => {
        "SELECT c.id AS client_id, c.display_name, o.name AS org_name, o.org_number, cs.scope, \
         sc.description AS scope_description, sc.resource AS scope_resource, c.redirect_uris, \
         cb.email AS created_by_email, s.name AS system_name, cf.email AS confirmed_by_email, \
         c.created_at, c.updated_at AS waiting_since \
         FROM client_scopes cs JOIN clients c ON c.id = cs.client_id JOIN organisations o ON o.id = c.org_id \
         LEFT JOIN scopes sc ON sc.name = cs.scope \
         LEFT JOIN client_systems s ON s.id = c.system_id LEFT JOIN accounts cf ON cf.id = c.confirmed_by \
         LEFT JOIN accounts cb ON cb.id = c.created_by "
    };
}
pub(super) use pending_select;

/// Every scope waiting for approval on a live, confirmed client, oldest
/// client first. Unconfirmed drafts wait for their end user first.
pub async fn pending_scopes(ex: impl Exec<'_>) -> StoreResult<Vec<PendingScopeRow>> {
    Ok(sqlx::query_as(concat!(
        pending_select!(),
        "WHERE cs.status = 'pending' AND c.deleted_at IS NULL AND c.status <> 'draft' \
         ORDER BY c.created_at, c.id, cs.scope"
    ))
    .fetch_all(ex)
    .await?)
}
