//! Email verification links: the SHA-256 of a 256-bit token, for 3 days.

use super::{Exec, StoreResult};

pub async fn insert(
    ex: impl Exec<'_>,
    token_hash: &str,
    account_id: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Spends a live link and every other link of its account; returns whose
/// it was. An expired or unknown link returns `None`.
pub async fn spend(
    ex: &mut super::Conn,
    token_hash: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let account: Option<String> = sqlx::query_scalar(
        "SELECT account_id FROM email_verifications WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *ex)
    .await?;
    if let Some(account) = &account {
        sqlx::query("DELETE FROM email_verifications WHERE account_id = $1")
            .bind(account)
            .execute(&mut *ex)
            .await?;
    }
    Ok(account)
}
