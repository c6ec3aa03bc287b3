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
    amr: &str,
    second_factor_at: Option<i64>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sessions (id_hash, account_id, created_at, expires_at, amr, second_factor_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(key)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .bind(amr)
        .bind(second_factor_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// A live session: its account, the organisation its pages act for, and
/// when it was last seen.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub account: AccountRow,
    pub org_id: Option<String>,
    pub last_seen_at: Option<i64>,
    /// When the session began.
    pub signed_in_at: i64,
    /// How the person proved who they are (`pwd`, `pwd otp`).
    pub amr: String,
    /// When the session last took a code from the authenticator app.
    pub second_factor_at: Option<i64>,
    /// 1 when the account has an authenticator app turned on.
    pub has_app: i64,
    /// How many passkeys the account has.
    pub passkeys: i64,
    /// While the sign-in policy requires two-step sign-in of the account:
    /// the end of its grace period, if one started.
    pub two_step_due_at: Option<i64>,
}

/// The account behind a live session.
pub async fn find_account(
    ex: impl Exec<'_>,
    key: &str,
    now: i64,
) -> StoreResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.email, a.display_name, a.password_hash, a.is_developer, a.is_admin, a.created_at, a.email_verified_at, \
         a.disabled_at, a.last_sign_in_at, s.org_id, s.last_seen_at, s.created_at AS signed_in_at, s.amr, s.second_factor_at, \
         (SELECT COUNT(*) FROM totp_factors t WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL) AS has_app, \
         (SELECT COUNT(*) FROM passkeys k WHERE k.account_id = a.id) AS passkeys, \
         CASE WHEN EXISTS (SELECT 1 FROM sign_in_policy p WHERE (p.two_step_admins <> 0 AND a.is_admin <> 0) \
           OR (p.two_step_developers <> 0 AND a.is_developer <> 0)) THEN a.two_step_due_at END AS two_step_due_at \
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

/// Notes that the session took a second factor now (`methods`, RFC 8176:
/// `otp` for a code, `swk mfa` or `hwk mfa` for a passkey): its sign-in
/// counts as one with a second factor from here on, and its `amr` names
/// the methods (added once).
pub async fn set_second_factor(
    ex: impl Exec<'_>,
    key: &str,
    now: i64,
    methods: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET second_factor_at = $1, \
         amr = CASE WHEN (' ' || amr || ' ') LIKE ('% ' || CAST($3 AS TEXT) || ' %') THEN amr ELSE amr || ' ' || CAST($3 AS TEXT) END \
         WHERE id_hash = $2",
    )
    .bind(now)
    .bind(key)
    .bind(methods)
    .execute(ex)
    .await?;
    Ok(())
}

/// Records that the session was used now, from `ip` with `user_agent`.
pub async fn touch(
    ex: impl Exec<'_>,
    key: &str,
    now: i64,
    ip: &str,
    user_agent: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, ip = $2, user_agent = $3 WHERE id_hash = $4",
    )
    .bind(now)
    .bind(ip)
    .bind(user_agent)
    .bind(key)
    .execute(ex)
    .await?;
    Ok(())
}

/// How many characters of a session's key hash name it on the page (the
/// key itself is never shown: it is what the cookie's hash must equal).
pub const REFERENCE_LEN: usize = 16;

/// One of an account's live sessions, as its owner sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionInfo {
    pub id_hash: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// How the person proved who they are (`pwd`, `pwd otp`).
    pub amr: String,
}

/// An account's live sessions, the most recently used first.
pub const LIST_FOR: &str = "SELECT id_hash, created_at, last_seen_at, ip, user_agent, amr FROM sessions \
     WHERE account_id = $1 AND expires_at > $2 \
     ORDER BY COALESCE(last_seen_at, created_at) DESC, id_hash LIMIT $3";

/// The account's live sessions, the most recently used first (at most
/// `limit`: an account has a handful).
pub async fn list_for(
    ex: impl Exec<'_>,
    account_id: &str,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<SessionInfo>> {
    Ok(sqlx::query_as(LIST_FOR)
        .bind(account_id)
        .bind(now)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// Counts the live sessions of `accounts` accounts (`$1` the time, then
/// their ids).
pub fn live_counts_sql(accounts: usize) -> String {
    format!(
        "SELECT account_id, COUNT(*) FROM sessions WHERE expires_at > $1 AND account_id IN ({}) \
         GROUP BY account_id",
        super::placeholders(2, accounts)
    )
}

/// How many live sessions each of `account_ids` has (accounts without
/// one are left out).
pub async fn live_counts(
    ex: impl Exec<'_>,
    account_ids: &[&str],
    now: i64,
) -> StoreResult<Vec<(String, i64)>> {
    if account_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = live_counts_sql(account_ids.len());
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now);
    for id in account_ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(ex).await?)
}

/// Ends the account's session whose key hash starts with `reference`
/// (another account's session is never touched). `false` when none did,
/// or when `reference` is not `REFERENCE_LEN` hex digits.
pub async fn delete_by_reference(
    ex: impl Exec<'_>,
    account_id: &str,
    reference: &str,
) -> StoreResult<bool> {
    let hex = reference.len() == REFERENCE_LEN
        && reference
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex {
        return Ok(false);
    }
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id_hash LIKE $2")
        .bind(account_id)
        .bind(format!("{reference}%"))
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
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
