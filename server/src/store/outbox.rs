//! The outbox: messages written with the change that caused them, sent by
//! a worker that claims them with a lease.

use super::{Backend, Db, Exec, StoreResult};

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub sealed_body: &'a str,
    /// A webhook delivery's body (no secret in it).
    pub payload: Option<&'a str>,
    pub now: i64,
}

/// A message a worker holds the lease of.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub sealed_body: String,
    pub payload: Option<String>,
    pub created_at: i64,
    /// Including this one.
    pub attempts: i64,
}

/// One row of the admins' list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

pub async fn insert(ex: impl Exec<'_>, m: &NewMessage<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO outbox (id, kind, recipient, subject, sealed_body, payload, created_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(m.id)
    .bind(m.kind)
    .bind(m.recipient)
    .bind(m.subject)
    .bind(m.sealed_body)
    .bind(m.payload)
    .bind(m.now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Takes up to `limit` due messages for `worker` until `now + lease`. On
/// PostgreSQL, rows another worker is claiming are skipped, not waited
/// for; SQLite runs one writer at a time, so the update is the claim.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> StoreResult<Vec<Claimed>> {
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET leased_by = $1, leased_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL \
           AND due_at <= $3 AND (leased_until IS NULL OR leased_until < $3) \
           ORDER BY due_at LIMIT $4{lock}) \
         RETURNING id, kind, recipient, subject, sealed_body, payload, created_at, attempts"
    );
    let rows = sqlx::query_as::<_, Claimed>(sqlx::AssertSqlSafe(sql))
        .bind(worker)
        .bind(now + lease_secs)
        .bind(now)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    Ok(rows)
}

/// Sent: the body (which may hold a one-time link) is dropped. Only the
/// lease holder may mark it.
pub async fn sent(db: &Db, id: &str, worker: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET sent_at = $1, sealed_body = '', payload = NULL, leased_until = NULL, last_error = NULL \
         WHERE id = $2 AND leased_by = $3 AND sent_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Not sent this time: due again at `due_at`, or given up (`failed`).
pub async fn retry_or_fail(
    db: &Db,
    id: &str,
    worker: &str,
    error: &str,
    due_at: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    let sql = match due_at {
        Some(_) => {
            "UPDATE outbox SET due_at = $1, leased_until = NULL, last_error = $2 \
             WHERE id = $3 AND leased_by = $4 AND sent_at IS NULL"
        }
        None => {
            "UPDATE outbox SET failed_at = $1, sealed_body = '', payload = NULL, leased_until = NULL, last_error = $2 \
             WHERE id = $3 AND leased_by = $4 AND sent_at IS NULL"
        }
    };
    sqlx::query(sql)
        .bind(due_at.unwrap_or(now))
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The newest messages, failed ones first, for admins.
pub async fn recent(db: &Db, limit: i64) -> StoreResult<Vec<MessageRow>> {
    Ok(sqlx::query_as::<_, MessageRow>(
        "SELECT id, kind, recipient, subject, created_at, attempts, sent_at, failed_at, last_error \
         FROM outbox ORDER BY (CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END), created_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Sent messages older than `before` are forgotten.
pub async fn delete_sent_before(db: &Db, before: i64) -> StoreResult<u64> {
    Ok(
        sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
            .bind(before)
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}
