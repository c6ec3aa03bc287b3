//! The sign-in policy (one row): whether admins and developers must use
//! two-step sign-in, and the grace period of someone newly required.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct PolicyRow {
    /// 0 or 1.
    pub two_step_admins: i64,
    pub two_step_developers: i64,
    pub grace_days: i64,
    pub updated_at: Option<i64>,
}

impl PolicyRow {
    /// Whether an account with these roles must use two-step sign-in.
    pub fn requires(&self, is_admin: bool, is_developer: bool) -> bool {
        (self.two_step_admins != 0 && is_admin) || (self.two_step_developers != 0 && is_developer)
    }

    pub fn grace_secs(&self) -> i64 {
        self.grace_days.saturating_mul(24 * 60 * 60)
    }
}

pub async fn load(ex: impl Exec<'_>) -> StoreResult<PolicyRow> {
    Ok(sqlx::query_as(
        "SELECT two_step_admins, two_step_developers, grace_days, updated_at FROM sign_in_policy WHERE id = 1",
    )
    .fetch_one(ex)
    .await?)
}

pub async fn save(ex: impl Exec<'_>, policy: &PolicyRow) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sign_in_policy SET two_step_admins = $1, two_step_developers = $2, grace_days = $3, updated_at = $4 WHERE id = 1",
    )
    .bind(policy.two_step_admins)
    .bind(policy.two_step_developers)
    .bind(policy.grace_days)
    .bind(policy.updated_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Whether the policy requires it of the account (by its roles), in SQL
/// over `accounts a` and `sign_in_policy p`.
const REQUIRED: &str = "((p.two_step_admins <> 0 AND a.is_admin <> 0) OR (p.two_step_developers <> 0 AND a.is_developer <> 0))";

/// After the policy or an account's roles changed: deadlines end for
/// accounts no longer required, and start (`due_at`) for those newly
/// required without an authenticator. `account_id` narrows it to one.
pub async fn sync_deadlines(
    conn: &mut super::Conn,
    due_at: i64,
    account_id: Option<&str>,
) -> StoreResult<()> {
    // `$n` is the account's id, when narrowed to one.
    let narrow = |n: usize| {
        account_id
            .map(|_| format!(" AND a.id = ${n}"))
            .unwrap_or_default()
    };
    let clear = format!(
        "UPDATE accounts SET two_step_due_at = NULL WHERE id IN (SELECT a.id FROM accounts a, sign_in_policy p \
         WHERE a.two_step_due_at IS NOT NULL AND NOT {REQUIRED}{})",
        narrow(1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(clear));
    if let Some(id) = account_id {
        query = query.bind(id);
    }
    query.execute(&mut *conn).await?;
    let start = format!(
        "UPDATE accounts SET two_step_due_at = $1 WHERE id IN (SELECT a.id FROM accounts a, sign_in_policy p \
         WHERE a.two_step_due_at IS NULL AND {REQUIRED}{} \
         AND NOT EXISTS (SELECT 1 FROM totp_factors t WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL))",
        narrow(2)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(start)).bind(due_at);
    if let Some(id) = account_id {
        query = query.bind(id);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// The end of the account's grace period, if one started.
pub async fn due_at(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT two_step_due_at FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(ex)
            .await?
            .flatten(),
    )
}

/// Starts the account's grace period (ending at `due_at`) unless one has;
/// the end that holds.
pub async fn start_grace(ex: impl Exec<'_>, account_id: &str, due_at: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE accounts SET two_step_due_at = $1 WHERE id = $2 AND two_step_due_at IS NULL",
    )
    .bind(due_at)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Ends the account's grace period (it set up an authenticator).
pub async fn end_grace(ex: impl Exec<'_>, account_id: &str) -> StoreResult<()> {
    sqlx::query("UPDATE accounts SET two_step_due_at = NULL WHERE id = $1")
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(())
}
