//! Two-step sign-in: an account's authenticator (its sealed TOTP secret),
//! its recovery codes (hashed) and the sign-ins waiting for a code.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactorRow {
    pub secret_sealed: String,
    pub created_at: i64,
    /// `None` while the person is still setting it up.
    pub confirmed_at: Option<i64>,
    pub last_step: Option<i64>,
}

/// The query of `with_authenticator` for `accounts` ids (`$1`…).
pub fn with_authenticator_sql(accounts: usize) -> String {
    let ids = super::placeholders(1, accounts);
    format!(
        "SELECT account_id FROM totp_factors WHERE confirmed_at IS NOT NULL AND account_id IN ({ids}) \
         UNION SELECT account_id FROM passkeys WHERE account_id IN ({ids})"
    )
}

/// Which of `account_ids` have a second factor: an authenticator app
/// turned on, or a passkey (lookups by key, for a page of the admins'
/// list).
pub async fn with_authenticator(
    ex: impl Exec<'_>,
    account_ids: &[&str],
) -> StoreResult<Vec<String>> {
    if account_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = with_authenticator_sql(account_ids.len());
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for id in account_ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(ex).await?)
}

pub async fn find_factor(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Option<FactorRow>> {
    Ok(sqlx::query_as(
        "SELECT secret_sealed, created_at, confirmed_at, last_step FROM totp_factors WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(ex)
    .await?)
}

/// Stores a new secret being set up, replacing an unconfirmed one; an
/// authenticator already in use is never replaced (false).
pub async fn start_factor(
    ex: impl Exec<'_>,
    account_id: &str,
    sealed: &str,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO totp_factors (account_id, secret_sealed, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id) DO UPDATE SET secret_sealed = $2, created_at = $3, last_step = NULL \
         WHERE totp_factors.confirmed_at IS NULL",
    )
    .bind(account_id)
    .bind(sealed)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns the authenticator being set up on, with the step of the code
/// that proved it (false: nothing was being set up).
pub async fn confirm_factor(
    ex: impl Exec<'_>,
    account_id: &str,
    step: i64,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE totp_factors SET confirmed_at = $1, last_step = $2 WHERE account_id = $3 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(step)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Spends the code of `step`: false when it (or a later one) was used
/// already. One statement, so two replicas cannot both accept a code.
pub async fn use_step(ex: impl Exec<'_>, account_id: &str, step: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE totp_factors SET last_step = $1 \
         WHERE account_id = $2 AND (last_step IS NULL OR last_step < $1)",
    )
    .bind(step)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the authenticator and the recovery codes.
pub async fn delete_factor(conn: &mut super::Conn, account_id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM totp_factors WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Replaces the account's recovery codes with `hashes`.
pub async fn replace_recovery_codes(
    conn: &mut super::Conn,
    account_id: &str,
    hashes: &[String],
    now: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for hash in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (code_hash, account_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(hash)
        .bind(account_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Spends one recovery code (false: not the account's, or used).
pub async fn use_recovery_code(
    ex: impl Exec<'_>,
    account_id: &str,
    hash: &str,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE code_hash = $2 AND account_id = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(hash)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn recovery_codes_left(ex: impl Exec<'_>, account_id: &str) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(ex)
    .await?;
    Ok(n)
}

/// What a challenge waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A code from the authenticator, after the password.
    Code,
    /// An authenticator the sign-in policy requires, set up first.
    SetUp,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::SetUp => "set_up",
        }
    }
}

pub async fn insert_challenge(
    ex: impl Exec<'_>,
    key: &str,
    account_id: &str,
    purpose: Purpose,
    first_factor: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sign_in_challenges (id_hash, account_id, purpose, first_factor, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(key)
    .bind(account_id)
    .bind(purpose.as_str())
    .bind(first_factor)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The account a live challenge for `purpose` is for, how many wrong
/// codes it has seen, and how its first step was made (`pwd`, `fed`).
pub async fn find_challenge(
    ex: impl Exec<'_>,
    key: &str,
    purpose: Purpose,
    now: i64,
) -> StoreResult<Option<(String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT account_id, failures, first_factor FROM sign_in_challenges WHERE id_hash = $1 AND purpose = $2 AND expires_at > $3",
    )
    .bind(key)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

pub async fn record_challenge_failure(ex: impl Exec<'_>, key: &str) -> StoreResult<()> {
    sqlx::query("UPDATE sign_in_challenges SET failures = failures + 1 WHERE id_hash = $1")
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

/// Ends a challenge; true when it was there to end (so only one request
/// turns it into a session).
pub async fn delete_challenge(ex: impl Exec<'_>, key: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM sign_in_challenges WHERE id_hash = $1")
        .bind(key)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every sign-in of the account that waits for a code.
pub async fn delete_challenges_of(ex: impl Exec<'_>, account_id: &str) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sign_in_challenges WHERE account_id = $1")
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_expired_challenges(ex: impl Exec<'_>, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at <= $1")
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
