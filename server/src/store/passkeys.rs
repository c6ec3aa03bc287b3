//! Passkeys of accounts, and the registrations and sign-ins under way
//! (keyed by hashes of the tokens pages hold).

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    /// Base64url, as authenticators name it.
    pub credential_id: String,
    pub account_id: String,
    pub name: String,
    /// webauthn-rs's `Passkey` as JSON.
    pub passkey: String,
    /// 0 or 1.
    pub discoverable: i64,
    pub synced: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str =
    "credential_id, account_id, name, passkey, discoverable, synced, created_at, last_used_at";

pub async fn of_account(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Vec<PasskeyRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM passkeys WHERE account_id = $1 ORDER BY created_at, name, credential_id"
    )))
    .bind(account_id)
    .fetch_all(ex)
    .await?)
}

pub async fn find(ex: impl Exec<'_>, credential_id: &str) -> StoreResult<Option<PasskeyRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"
    )))
    .bind(credential_id)
    .fetch_optional(ex)
    .await?)
}

pub async fn count_of(ex: impl Exec<'_>, account_id: &str) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(ex)
            .await?,
    )
}

/// Adds a passkey; a credential id already stored (for anyone) is a
/// `StoreError::Unique`.
pub async fn insert(ex: impl Exec<'_>, row: &PasskeyRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO passkeys (credential_id, account_id, name, passkey, discoverable, synced, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&row.credential_id)
    .bind(&row.account_id)
    .bind(&row.name)
    .bind(&row.passkey)
    .bind(row.discoverable)
    .bind(row.synced)
    .bind(row.created_at)
    .bind(row.last_used_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// After a sign-in with it: its new counter and flags, and the time.
pub async fn record_use(
    ex: impl Exec<'_>,
    credential_id: &str,
    passkey: &str,
    synced: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE passkeys SET passkey = $2, synced = $3, last_used_at = $4 WHERE credential_id = $1",
    )
    .bind(credential_id)
    .bind(passkey)
    .bind(i64::from(synced))
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn delete(ex: impl Exec<'_>, account_id: &str, credential_id: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM passkeys WHERE account_id = $1 AND credential_id = $2")
        .bind(account_id)
        .bind(credential_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Renames one of the account's passkeys; false when it has no such one.
pub async fn rename(
    ex: impl Exec<'_>,
    account_id: &str,
    credential_id: &str,
    name: &str,
) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE passkeys SET name = $3 WHERE account_id = $1 AND credential_id = $2")
            .bind(account_id)
            .bind(credential_id)
            .bind(name)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes every passkey of the account (an admin's reset of its
/// two-step sign-in).
pub async fn delete_all_of(ex: impl Exec<'_>, account_id: &str) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM passkeys WHERE account_id = $1")
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// What a ceremony is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Register,
    SignIn,
    /// A passkey in place of the code after a password.
    SecondStep,
    /// A passkey confirming it is the person before a change that hands
    /// out keys.
    StepUp,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Register => "register",
            Kind::SignIn => "sign_in",
            Kind::SecondStep => "second_step",
            Kind::StepUp => "step_up",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CeremonyRow {
    pub account_id: Option<String>,
    /// webauthn-rs's state as JSON.
    pub state: String,
}

pub async fn insert_ceremony(
    ex: impl Exec<'_>,
    token_hash: &str,
    kind: Kind,
    account_id: Option<&str>,
    state: &str,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO passkey_ceremonies (token_hash, kind, account_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(kind.as_str())
    .bind(account_id)
    .bind(state)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The ceremony of that kind, unexpired, deleted in the same statement:
/// it is finished once, by whichever replica gets it first.
pub async fn take_ceremony(
    ex: impl Exec<'_>,
    token_hash: &str,
    kind: Kind,
    now: i64,
) -> StoreResult<Option<CeremonyRow>> {
    Ok(sqlx::query_as(
        "DELETE FROM passkey_ceremonies WHERE token_hash = $1 AND kind = $2 AND expires_at > $3 RETURNING account_id, state",
    )
    .bind(token_hash)
    .bind(kind.as_str())
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

pub async fn delete_expired_ceremonies(ex: impl Exec<'_>, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at <= $1")
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
