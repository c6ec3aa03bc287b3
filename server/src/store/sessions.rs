//! Browser sessions, keyed by a SHA-256 hash of the cookie value so a
//! database leak does not hand out live sessions.

use super::accounts::AccountRow;
use super::{Exec, StoreResult};

pub async fn insert(
    ex: impl Exec<'_>,
    key: &str,
    account_id: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(key)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// A live session: its account, and the organisation its pages act for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub account: AccountRow,
    pub org_id: Option<String>,
}

/// The account behind a live session.
pub async fn find_account(
    ex: impl Exec<'_>,
    key: &str,
    now: i64,
) -> StoreResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.email, a.display_name, a.password_hash, a.is_developer, a.is_admin, a.created_at, a.email_verified_at, \
         a.disabled_at, a.last_sign_in_at, s.org_id \
         FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL",
    )
    .bind(key)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

/// Makes the session's pages act for `org_id` (the caller checked that
/// its account is a member).
pub async fn set_org(ex: impl Exec<'_>, key: &str, org_id: &str) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET org_id = $1 WHERE id_hash = $2")
        .bind(org_id)
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn delete(ex: impl Exec<'_>, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

/// Ends every session of the account.
pub async fn delete_all(ex: impl Exec<'_>, account_id: &str) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session of the account except `keep`.
pub async fn delete_others(ex: impl Exec<'_>, account_id: &str, keep: &str) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id_hash <> $2")
        .bind(account_id)
        .bind(keep)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_expired(ex: impl Exec<'_>, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// When the session began: the `auth_time` of ID tokens issued under it.
pub async fn started_at(ex: impl Exec<'_>, key: &str) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT created_at FROM sessions WHERE id_hash = $1")
        .bind(key)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| r.0))
}
