//! Webhook endpoints of organisations and the attempts to deliver to them.

use super::{Exec, PageKey, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: String,
    pub org_id: String,
    pub url: String,
    pub description: String,
    pub events: String,
    pub sealed_secret: String,
    pub created_at: i64,
    pub created_by: String,
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

impl EndpointRow {
    pub fn wants(&self, event: &str) -> bool {
        self.events.split(' ').any(|e| e == event)
    }
}

const COLUMNS: &str = "id, org_id, url, description, events, sealed_secret, created_at, created_by, \
                       failing_since, disabled_at, disabled_reason";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: String,
    pub message_id: String,
    pub event_type: String,
    pub attempt: i64,
    pub status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub at: i64,
}

pub async fn insert(ex: impl Exec<'_>, e: &EndpointRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, org_id, url, description, events, sealed_secret, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&e.id)
    .bind(&e.org_id)
    .bind(&e.url)
    .bind(&e.description)
    .bind(&e.events)
    .bind(&e.sealed_secret)
    .bind(e.created_at)
    .bind(&e.created_by)
    .execute(ex)
    .await?;
    Ok(())
}

/// An organisation's endpoints, oldest first.
pub async fn of_org(ex: impl Exec<'_>, org_id: &str) -> StoreResult<Vec<EndpointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE org_id = $1 ORDER BY created_at, id"
    )))
    .bind(org_id)
    .fetch_all(ex)
    .await?)
}

/// The endpoints of an organisation that get deliveries now.
pub async fn enabled_of_org(ex: impl Exec<'_>, org_id: &str) -> StoreResult<Vec<EndpointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE org_id = $1 AND disabled_at IS NULL"
    )))
    .bind(org_id)
    .fetch_all(ex)
    .await?)
}

pub async fn find(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<EndpointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(ex)
    .await?)
}

pub async fn update(
    ex: impl Exec<'_>,
    id: &str,
    url: &str,
    description: &str,
    events: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE webhook_endpoints SET url = $1, description = $2, events = $3 WHERE id = $4",
    )
    .bind(url)
    .bind(description)
    .bind(events)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Disables (`Some(reason)`) or enables (`None`) an endpoint; enabling
/// forgets how long it had been failing.
pub async fn set_disabled(
    ex: impl Exec<'_>,
    id: &str,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE webhook_endpoints SET disabled_at = CASE WHEN CAST($1 AS TEXT) IS NULL THEN NULL ELSE $2 END, \
         disabled_reason = $1, failing_since = NULL WHERE id = $3",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn delete(ex: impl Exec<'_>, id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// A delivery worked: the endpoint is not failing.
pub async fn succeeded(ex: impl Exec<'_>, id: &str) -> StoreResult<()> {
    sqlx::query("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// A delivery failed: returns since when the endpoint has been failing.
pub async fn failed(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) WHERE id = $2 \
         RETURNING failing_since",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(ex)
    .await?
    .flatten())
}

pub struct NewAttempt<'a> {
    pub endpoint_id: &'a str,
    pub message_id: &'a str,
    pub event_type: &'a str,
    pub attempt: i64,
    pub status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<&'a str>,
    pub at: i64,
}

pub async fn record_attempt(ex: impl Exec<'_>, a: &NewAttempt<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO webhook_attempts (id, endpoint_id, message_id, event_type, attempt, status, latency_ms, error, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    // Time-ordered, so attempts within one second keep their order.
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(a.endpoint_id)
    .bind(a.message_id)
    .bind(a.event_type)
    .bind(a.attempt)
    .bind(a.status)
    .bind(a.latency_ms)
    .bind(a.error)
    .bind(a.at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The SQL of `attempts` (also read by the test that checks it walks an
/// index).
pub const ATTEMPTS_PAGE: &str = "SELECT id, message_id, event_type, attempt, status, latency_ms, error, at \
     FROM webhook_attempts WHERE endpoint_id = $1 AND (at, id) < ($2, $3) ORDER BY at DESC, id DESC LIMIT $4";

/// Up to `limit` attempts to deliver to an endpoint, newest first, below
/// `after`.
pub async fn attempts(
    ex: impl Exec<'_>,
    endpoint_id: &str,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<AttemptRow>> {
    let (at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(ATTEMPTS_PAGE)
        .bind(endpoint_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// Attempts older than `before` are forgotten.
pub async fn delete_attempts_before(ex: impl Exec<'_>, before: i64) -> StoreResult<u64> {
    Ok(sqlx::query("DELETE FROM webhook_attempts WHERE at < $1")
        .bind(before)
        .execute(ex)
        .await?
        .rows_affected())
}
