//! Notifications: who opted out of what, which expiry notices went out,
//! and the credentials that are due one.

use super::{Exec, StoreResult};

/// A live secret or API key that expires within the window, with the
/// organisation whose members are told.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Expiring {
    /// The secret's or key's id.
    pub id: String,
    /// `secret` or `api_key`.
    pub what: String,
    pub description: String,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    /// The client's id, or the system's.
    pub owner_id: String,
    /// The client's or system's name.
    pub owner_name: String,
    pub org_id: String,
    pub org_name: String,
}

/// Live secrets and API keys expiring before `until` (and not expired
/// before `since`), soonest first.
/// Live credentials expiring in `(since, until]`, of one organisation or
/// (`None`) of all.
pub async fn expiring(
    ex: impl Exec<'_>,
    since: i64,
    until: i64,
    org_id: Option<&str>,
) -> StoreResult<Vec<Expiring>> {
    Ok(sqlx::query_as::<_, Expiring>(
        "SELECT s.id, 'secret' AS what, s.description, s.expires_at, s.last_used_at, c.id AS owner_id, \
                c.display_name AS owner_name, c.org_id, o.name AS org_name \
         FROM client_secrets s JOIN clients c ON c.id = s.client_id JOIN organisations o ON o.id = c.org_id \
         WHERE s.revoked_at IS NULL AND c.deleted_at IS NULL AND s.expires_at > $1 AND s.expires_at <= $2 \
           AND (CAST($3 AS TEXT) IS NULL OR c.org_id = $3) \
         UNION ALL \
         SELECT k.id, 'api_key' AS what, k.description, k.expires_at, k.last_used_at, y.id AS owner_id, \
                y.name AS owner_name, y.org_id, o.name AS org_name \
         FROM system_api_keys k JOIN client_systems y ON y.id = k.system_id JOIN organisations o ON o.id = y.org_id \
         WHERE k.revoked_at IS NULL AND y.deleted_at IS NULL AND k.expires_at > $1 AND k.expires_at <= $2 \
           AND (CAST($3 AS TEXT) IS NULL OR y.org_id = $3) \
         ORDER BY expires_at",
    )
    .bind(since)
    .bind(until)
    .bind(org_id)
    .fetch_all(ex)
    .await?)
}

/// Records a notice; `false` when it was sent before (by this replica or
/// another), and then nothing more should be queued.
pub async fn mark_sent(
    ex: impl Exec<'_>,
    subject_id: &str,
    stage: &str,
    now: i64,
) -> StoreResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO notices_sent (subject_id, stage, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (subject_id, stage) DO NOTHING",
    )
    .bind(subject_id)
    .bind(stage)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected()
        == 1)
}

/// The people told about an organisation's credentials and clients: its
/// owners and developers who have not turned `kind` off.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub email: String,
    pub display_name: String,
}

pub async fn managers(ex: impl Exec<'_>, org_id: &str, kind: &str) -> StoreResult<Vec<Recipient>> {
    Ok(sqlx::query_as::<_, Recipient>(
        "SELECT a.email, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.org_id = $1 AND m.role IN ('owner', 'developer') \
           AND NOT EXISTS (SELECT 1 FROM notification_opt_outs o WHERE o.account_id = a.id AND o.kind = $2) \
         ORDER BY a.email",
    )
    .bind(org_id)
    .bind(kind)
    .fetch_all(ex)
    .await?)
}

pub async fn opted_out(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar::<_, String>(
        "SELECT kind FROM notification_opt_outs WHERE account_id = $1 ORDER BY kind",
    )
    .bind(account_id)
    .fetch_all(ex)
    .await?)
}

pub async fn set_opt_out(
    ex: impl Exec<'_>,
    account_id: &str,
    kind: &str,
    out: bool,
) -> StoreResult<()> {
    let sql = if out {
        "INSERT INTO notification_opt_outs (account_id, kind) VALUES ($1, $2) ON CONFLICT (account_id, kind) DO NOTHING"
    } else {
        "DELETE FROM notification_opt_outs WHERE account_id = $1 AND kind = $2"
    };
    sqlx::query(sql)
        .bind(account_id)
        .bind(kind)
        .execute(ex)
        .await?;
    Ok(())
}

/// An admin who gets approval digests.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Admin {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
}

pub async fn admins(ex: impl Exec<'_>, kind: &str) -> StoreResult<Vec<Admin>> {
    Ok(sqlx::query_as::<_, Admin>(
        "SELECT a.id AS account_id, a.email, a.display_name FROM accounts a WHERE a.is_admin = 1 \
           AND NOT EXISTS (SELECT 1 FROM notification_opt_outs o WHERE o.account_id = a.id AND o.kind = $1) \
         ORDER BY a.email",
    )
    .bind(kind)
    .fetch_all(ex)
    .await?)
}

/// Takes `account_id`'s turn for a digest: only when something arrived
/// (`newest`) after their last one and that was at least `gap` ago. Two
/// replicas asking at once: one gets the turn.
pub async fn take_digest_turn(
    ex: &mut super::Conn,
    account_id: &str,
    newest: i64,
    now: i64,
    gap: i64,
) -> StoreResult<bool> {
    sqlx::query(
        "INSERT INTO approval_digests (account_id, last_sent_at) VALUES ($1, 0) \
         ON CONFLICT (account_id) DO NOTHING",
    )
    .bind(account_id)
    .execute(&mut *ex)
    .await?;
    Ok(sqlx::query(
        "UPDATE approval_digests SET last_sent_at = $1 \
         WHERE account_id = $2 AND last_sent_at <= $3 AND last_sent_at < $4",
    )
    .bind(now)
    .bind(account_id)
    .bind(now - gap)
    .bind(newest.max(1))
    .execute(&mut *ex)
    .await?
    .rows_affected()
        == 1)
}

/// The owners of an organisation (told when its webhook endpoint is
/// disabled: that cannot be turned off, as nothing else would tell them).
pub async fn owners(ex: impl Exec<'_>, org_id: &str) -> StoreResult<Vec<Recipient>> {
    Ok(sqlx::query_as::<_, Recipient>(
        "SELECT a.email, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.org_id = $1 AND m.role = 'owner' ORDER BY a.email",
    )
    .bind(org_id)
    .fetch_all(ex)
    .await?)
}
