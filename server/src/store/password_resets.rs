//! Password reset links: the SHA-256 of a 256-bit token, for 30 minutes,
//! used once.

use super::{Exec, StoreResult};

pub async fn insert(
    ex: impl Exec<'_>,
    token_hash: &str,
    account_id: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Spends a live link; returns whose it was. A used, expired or unknown
/// link returns `None`.
pub async fn spend(ex: impl Exec<'_>, token_hash: &str, now: i64) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar::<_, String>(
        "UPDATE password_resets SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(ex)
    .await?)
}

/// Whether a link is live (for the page, before the new password is typed).
pub async fn is_live(ex: impl Exec<'_>, token_hash: &str, now: i64) -> StoreResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_one(ex)
    .await?
        > 0)
}

/// Every other link of the account stops working once one is used.
pub async fn spend_all(ex: impl Exec<'_>, account_id: &str, now: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(())
}
