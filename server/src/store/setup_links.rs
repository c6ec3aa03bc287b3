//! One-time links that create the first admin. Only a hash is stored.

use super::{Exec, StoreResult};

pub async fn insert(
    ex: impl Exec<'_>,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn is_valid(ex: impl Exec<'_>, token_hash: &str, now: i64) -> StoreResult<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT token_hash FROM setup_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.is_some())
}

/// Whether an unused, unexpired link exists.
pub async fn live_exists(ex: impl Exec<'_>, now: i64) -> StoreResult<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT token_hash FROM setup_links WHERE used_at IS NULL AND expires_at > $1 LIMIT 1",
    )
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.is_some())
}

/// Marks the link used; true only for the one caller that spent it.
pub async fn spend(ex: impl Exec<'_>, token_hash: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE setup_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives back a link whose account could not be created (e.g. the email
/// was taken), so the person can try again with the same link.
pub async fn unspend(ex: impl Exec<'_>, token_hash: &str) -> StoreResult<()> {
    sqlx::query("UPDATE setup_links SET used_at = NULL WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await?;
    Ok(())
}
