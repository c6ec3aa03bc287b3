//! Failure counters in fixed windows, shared by every replica.

use super::{Exec, StoreResult};

/// Where one key's current window stands.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Window {
    pub window_start: i64,
    pub count: i64,
}

pub async fn find(ex: impl Exec<'_>, key: &str) -> StoreResult<Option<Window>> {
    Ok(
        sqlx::query_as("SELECT window_start, count FROM failure_counts WHERE key = $1")
            .bind(key)
            .fetch_optional(ex)
            .await?,
    )
}

/// Counts one failure: in the current window, or in a new one that starts
/// now when the last one began `window` seconds ago or earlier.
pub async fn record(ex: impl Exec<'_>, key: &str, window: i64, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO failure_counts (key, window_start, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
         count = CASE WHEN failure_counts.window_start <= $2 - $3 THEN 1 ELSE failure_counts.count + 1 END, \
         window_start = CASE WHEN failure_counts.window_start <= $2 - $3 THEN $2 ELSE failure_counts.window_start END",
    )
    .bind(key)
    .bind(now)
    .bind(window)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn clear(ex: impl Exec<'_>, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM failure_counts WHERE key = $1")
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

/// Forgets windows that began before `before`.
pub async fn delete_older(ex: impl Exec<'_>, before: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM failure_counts WHERE window_start < $1")
        .bind(before)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
