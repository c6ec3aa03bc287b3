//! Invitations to an organisation: one-time links, kept as the SHA-256 of
//! their token, for one email address and one role.

use app::domain::Role;

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: String,
    pub org_id: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub invited_by_email: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub struct NewInvitation<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub token_hash: &'a str,
    pub invited_by: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

macro_rules! select_invitations {
    ($tail:literal) => {
        concat!(
            "SELECT i.id, i.org_id, i.email, i.role, a.email AS invited_by_email, i.created_at, i.expires_at, \
             i.accepted_at, i.revoked_at FROM invitations i JOIN accounts a ON a.id = i.invited_by ",
            $tail
        )
    };
}

pub async fn insert(ex: impl Exec<'_>, row: &NewInvitation<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(row.id)
    .bind(row.org_id)
    .bind(row.email)
    .bind(row.role.as_str())
    .bind(row.token_hash)
    .bind(row.invited_by)
    .bind(row.created_at)
    .bind(row.expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The invitation behind a link's token, whatever its state.
pub async fn find_by_hash(
    ex: impl Exec<'_>,
    token_hash: &str,
) -> StoreResult<Option<InvitationRow>> {
    Ok(
        sqlx::query_as(select_invitations!("WHERE i.token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(ex)
            .await?,
    )
}

/// Invitations still waiting (not accepted, revoked or expired), newest first.
pub async fn pending(ex: impl Exec<'_>, org_id: &str, now: i64) -> StoreResult<Vec<InvitationRow>> {
    Ok(sqlx::query_as(select_invitations!(
        "WHERE i.org_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2 \
         ORDER BY i.created_at DESC, i.id"
    ))
    .bind(org_id)
    .bind(now)
    .fetch_all(ex)
    .await?)
}

/// Revokes a waiting invitation of the organisation; `None` when there is
/// no such waiting invitation.
pub async fn revoke(
    ex: impl Exec<'_>,
    org_id: &str,
    id: &str,
    now: i64,
) -> StoreResult<Option<InvitationRow>> {
    Ok(sqlx::query_as(
        "UPDATE invitations SET revoked_at = $1 WHERE org_id = $2 AND id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
         RETURNING id, org_id, email, role, '' AS invited_by_email, created_at, expires_at, accepted_at, revoked_at",
    )
    .bind(now)
    .bind(org_id)
    .bind(id)
    .fetch_optional(ex)
    .await?)
}

/// Spends a waiting invitation: true if this call spent it (a second
/// acceptance, even at the same moment, gets false).
pub async fn accept(ex: impl Exec<'_>, id: &str, account_id: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(account_id)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every waiting invitation of an organisation (when it is deleted).
pub async fn revoke_all(ex: impl Exec<'_>, org_id: &str, now: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE org_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(org_id)
    .execute(ex)
    .await?;
    Ok(())
}
