//! The append-only audit log.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_email: Option<String>,
    pub action: String,
    pub client_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub struct NewAuditRow<'a> {
    pub actor_id: Option<&'a str>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub client_id: Option<&'a str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Appends a row; run it on the transaction of the change it records.
pub async fn append(ex: impl Exec<'_>, row: NewAuditRow<'_>, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, client_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now)
    .bind(row.actor_id)
    .bind(row.actor_email)
    .bind(row.action)
    .bind(row.client_id)
    .bind(row.before)
    .bind(row.after)
    .execute(ex)
    .await?;
    Ok(())
}

/// Newest first, at most 500 rows, optionally for one client and/or actor email.
pub async fn list(
    ex: impl Exec<'_>,
    client_id: Option<&str>,
    actor_email: Option<&str>,
) -> StoreResult<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_email, action, client_id, before, after FROM audit_log \
         WHERE (CAST($1 AS TEXT) IS NULL OR client_id = $1) AND (CAST($2 AS TEXT) IS NULL OR actor_email = $2) \
         ORDER BY id DESC LIMIT 500",
    )
    .bind(client_id)
    .bind(actor_email)
    .fetch_all(ex)
    .await?)
}
