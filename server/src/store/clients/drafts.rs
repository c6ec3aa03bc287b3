//! Bookkeeping of drafts from client systems: answers, the open-draft
//! count, expiry, and RFC 7592 registration access tokens.

use app::model::ClientStatus;

use super::{ClientRow, select_clients};
use crate::store::{Exec, PageKey, StoreResult};

/// Records an end user's answer to a draft, if it is still a draft: the
/// new status, who answered and when. False when someone answered first.
pub async fn answer_draft(
    ex: impl Exec<'_>,
    id: &str,
    account_id: &str,
    status: ClientStatus,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE clients SET status = $1, status_reason = $2, confirmed_by = $3, confirmed_at = $4, \
         draft_expires_at = NULL, updated_at = $4 WHERE id = $5 AND status = 'draft' AND deleted_at IS NULL",
    )
    .bind(status.as_str())
    .bind(reason.map(str::to_owned))
    .bind(account_id)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many live drafts of this system still wait for confirmation.
pub async fn count_open_drafts(ex: impl Exec<'_>, system_id: &str, now: i64) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM clients WHERE system_id = $1 AND status = 'draft' \
         AND deleted_at IS NULL AND (draft_expires_at IS NULL OR draft_expires_at > $2)",
    )
    .bind(system_id)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(count)
}

/// Soft-deletes drafts nobody confirmed in time; returns their ids.
pub async fn expire_drafts(ex: impl Exec<'_>, now: i64) -> StoreResult<Vec<String>> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "UPDATE clients SET deleted_at = $1, updated_at = $1 WHERE status = 'draft' AND deleted_at IS NULL \
         AND draft_expires_at IS NOT NULL AND draft_expires_at <= $1 RETURNING id",
    )
    .bind(now)
    .fetch_all(ex)
    .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Sets the SHA-256 of a client's RFC 7592 registration access token.
pub async fn set_registration_token(
    ex: impl Exec<'_>,
    id: &str,
    token_hash: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET registration_token_hash = $1 WHERE id = $2")
        .bind(token_hash)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The live client whose registration access token has this hash.
pub async fn find_by_registration_token(
    ex: impl Exec<'_>,
    token_hash: &str,
) -> StoreResult<Option<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.registration_token_hash = $1 AND c.deleted_at IS NULL"
    ))
    .bind(token_hash)
    .fetch_optional(ex)
    .await?)
}

/// A draft one person answered, as their account page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnsweredDraftRow {
    pub id: String,
    pub display_name: String,
    pub system_name: String,
    pub org_name: String,
    pub org_number: Option<String>,
    pub confirmed_at: i64,
    #[sqlx(try_from = "String")]
    pub status: ClientStatus,
    pub status_reason: Option<String>,
}

/// The SQL of `answered_by` (also read by the test that checks it walks
/// an index).
pub const ANSWERED_BY: &str = "SELECT c.id, c.display_name, sy.name AS system_name, o.name AS org_name, o.org_number, \
     c.confirmed_at, c.status, c.status_reason FROM clients c \
     JOIN client_systems sy ON sy.id = c.system_id JOIN organisations o ON o.id = c.org_id \
     WHERE c.confirmed_by = $1 AND c.system_id IS NOT NULL AND c.deleted_at IS NULL \
     AND (c.confirmed_at, c.id) < ($2, $3) ORDER BY c.confirmed_at DESC, c.id DESC LIMIT $4";

/// The drafts one person confirmed or declined, newest answer first.
pub async fn answered_by(
    ex: impl Exec<'_>,
    account_id: &str,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<AnsweredDraftRow>> {
    let (at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(ANSWERED_BY)
        .bind(account_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// Takes back the confirmation `account_id` gave: the client is rejected
/// with `reason`. False when it is not theirs or already rejected.
pub async fn withdraw_confirmation(
    ex: impl Exec<'_>,
    id: &str,
    account_id: &str,
    reason: &str,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE clients SET status = 'rejected', status_reason = $1, updated_at = $2 \
         WHERE id = $3 AND confirmed_by = $4 AND system_id IS NOT NULL AND deleted_at IS NULL \
         AND status <> 'rejected'",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
