//! OAuth clients and the access status of each requested scope.

use super::{Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    pub id: String,
    pub owner_id: String,
    pub suffix: String,
    pub display_name: String,
    pub description: String,
    pub kind: String,
    /// JSON arrays of strings.
    pub grant_types: String,
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub token_endpoint_auth_method: String,
    pub id_token_signed_response_alg: String,
    pub jwks: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub owner_email: String,
    pub owner_name: String,
    /// The client system that created it as a draft, if any.
    pub system_id: Option<String>,
    pub draft_expires_at: Option<i64>,
    /// Email of whoever confirmed it (its owner, for portal clients).
    pub confirmed_by_email: Option<String>,
    pub system_name: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientScopeRow {
    pub scope: String,
    pub status: String,
    pub reason: Option<String>,
    pub description: String,
}

/// The writable columns of a client.
pub struct ClientWrite<'a> {
    pub display_name: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub grant_types: &'a str,
    pub redirect_uris: &'a str,
    pub post_logout_redirect_uris: &'a str,
    pub token_endpoint_auth_method: &'a str,
    pub status: &'a str,
    pub id_token_signed_response_alg: &'a str,
    pub jwks: Option<&'a str>,
}

macro_rules! select_clients {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.owner_id, c.suffix, c.display_name, c.description, c.kind, c.grant_types, c.redirect_uris, \
             c.post_logout_redirect_uris, c.token_endpoint_auth_method, c.id_token_signed_response_alg, c.jwks, c.status, c.status_reason, c.created_at, \
             c.updated_at, a.email AS owner_email, a.display_name AS owner_name, c.system_id, c.draft_expires_at, \
             cf.email AS confirmed_by_email, sy.name AS system_name \
             FROM clients c JOIN accounts a ON a.id = c.owner_id LEFT JOIN accounts cf ON cf.id = c.confirmed_by \
             LEFT JOIN client_systems sy ON sy.id = c.system_id ",
            $tail
        )
    };
}

/// A requested scope with its access status and reason.
pub type ScopeStatus = (String, String, Option<String>);

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds the writable columns as `$1`..`$10`, in `ClientWrite` order.
fn bind_write<'q>(query: AnyQuery<'q>, write: &ClientWrite<'_>) -> AnyQuery<'q> {
    query
        .bind(write.display_name.to_owned())
        .bind(write.description.to_owned())
        .bind(write.kind.to_owned())
        .bind(write.grant_types.to_owned())
        .bind(write.redirect_uris.to_owned())
        .bind(write.post_logout_redirect_uris.to_owned())
        .bind(write.token_endpoint_auth_method.to_owned())
        .bind(write.status.to_owned())
        .bind(write.id_token_signed_response_alg.to_owned())
        .bind(write.jwks.map(str::to_owned))
}

async fn write_scopes(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    scopes: &[ScopeStatus],
) -> StoreResult<()> {
    for (scope, status, reason) in scopes {
        sqlx::query(
            "INSERT INTO client_scopes (client_id, scope, status, reason) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(scope)
        .bind(status)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Where a new client comes from: its owner in the portal (confirmed by
/// the owner at once), or a client system's draft waiting for an end user.
pub enum Origin<'a> {
    Portal,
    Draft { system_id: &'a str, expires_at: i64 },
}

/// Who a new client is: its full id, owner and suffix.
pub struct NewClientKey<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub suffix: &'a str,
}

pub async fn insert(
    db: &Db,
    key: NewClientKey<'_>,
    write: &ClientWrite<'_>,
    scopes: &[ScopeStatus],
    origin: Origin<'_>,
    now: i64,
) -> StoreResult<()> {
    let NewClientKey {
        id,
        owner_id,
        suffix,
    } = key;
    let mut tx = db.pool().begin().await?;
    let (confirmed_by, confirmed_at, system_id, expires_at) = match origin {
        Origin::Portal => (Some(owner_id.to_owned()), Some(now), None, None),
        Origin::Draft {
            system_id,
            expires_at,
        } => (None, None, Some(system_id.to_owned()), Some(expires_at)),
    };
    let insert = sqlx::query(
        "INSERT INTO clients (display_name, description, kind, grant_types, redirect_uris, \
         post_logout_redirect_uris, token_endpoint_auth_method, status, id_token_signed_response_alg, jwks, id, owner_id, \
         suffix, confirmed_by, confirmed_at, system_id, draft_expires_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)",
    );
    bind_write(insert, write)
        .bind(id)
        .bind(owner_id)
        .bind(suffix)
        .bind(confirmed_by)
        .bind(confirmed_at)
        .bind(system_id)
        .bind(expires_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    write_scopes(&mut tx, id, scopes).await?;
    tx.commit().await?;
    Ok(())
}

/// A live (not deleted) client of this owner.
pub async fn find_owned(db: &Db, id: &str, owner_id: &str) -> StoreResult<Option<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.id = $1 AND c.owner_id = $2 AND c.deleted_at IS NULL"
    ))
    .bind(id)
    .bind(owner_id)
    .fetch_optional(db.pool())
    .await?)
}

/// A live (not deleted) client, whoever owns it.
pub async fn find_live(db: &Db, id: &str) -> StoreResult<Option<ClientRow>> {
    Ok(
        sqlx::query_as(select_clients!("WHERE c.id = $1 AND c.deleted_at IS NULL"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Every live client, oldest first (for admins).
pub async fn list_live(db: &Db) -> StoreResult<Vec<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.id"
    ))
    .fetch_all(db.pool())
    .await?)
}

/// An admin's decision on one requested scope; false when the client
/// does not request it.
pub async fn set_scope_status(
    db: &Db,
    id: &str,
    scope: &str,
    status: &str,
    reason: Option<&str>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE client_scopes SET status = $1, reason = $2 WHERE client_id = $3 AND scope = $4",
    )
    .bind(status)
    .bind(reason.map(str::to_owned))
    .bind(id)
    .bind(scope)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Grants every scope of the client that still waits for approval.
pub async fn grant_pending_scopes(db: &Db, id: &str, reason: Option<&str>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE client_scopes SET status = 'granted', reason = $1 WHERE client_id = $2 AND status = 'pending'",
    )
    .bind(reason.map(str::to_owned))
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn set_status(
    db: &Db,
    id: &str,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE clients SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(reason.map(str::to_owned))
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn set_jwks(db: &Db, id: &str, jwks: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET jwks = $1, updated_at = $2 WHERE id = $3")
        .bind(jwks)
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn list_owned(db: &Db, owner_id: &str) -> StoreResult<Vec<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.owner_id = $1 AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id"
    ))
    .bind(owner_id)
    .fetch_all(db.pool())
    .await?)
}

pub async fn scopes(db: &Db, id: &str) -> StoreResult<Vec<ClientScopeRow>> {
    Ok(sqlx::query_as(
        "SELECT cs.scope, cs.status, cs.reason, s.description FROM client_scopes cs \
         JOIN scopes s ON s.name = cs.scope WHERE cs.client_id = $1 ORDER BY cs.scope",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

/// Rewrites the settings and the scope list (with each scope's status).
pub async fn update(
    db: &Db,
    id: &str,
    write: &ClientWrite<'_>,
    scopes: &[ScopeStatus],
    now: i64,
) -> StoreResult<()> {
    let mut tx = db.pool().begin().await?;
    let update = sqlx::query(
        "UPDATE clients SET display_name = $1, description = $2, kind = $3, grant_types = $4, redirect_uris = $5, \
         post_logout_redirect_uris = $6, token_endpoint_auth_method = $7, status = $8, \
         id_token_signed_response_alg = $9, jwks = $10, updated_at = $11 WHERE id = $12",
    );
    bind_write(update, write)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM client_scopes WHERE client_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    write_scopes(&mut tx, id, scopes).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn soft_delete(db: &Db, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET deleted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A scope waiting for an admin, with who stands behind its client.
#[derive(Debug, sqlx::FromRow)]
pub struct PendingScopeRow {
    pub client_id: String,
    pub display_name: String,
    pub owner_email: String,
    pub scope: String,
    pub system_name: Option<String>,
    pub confirmed_by_email: Option<String>,
    pub created_at: i64,
}

/// Every scope waiting for approval on a live, confirmed client, oldest
/// client first. Unconfirmed drafts wait for their end user first.
pub async fn pending_scopes(db: &Db) -> StoreResult<Vec<PendingScopeRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id AS client_id, c.display_name, a.email AS owner_email, cs.scope, s.name AS system_name, \
         cf.email AS confirmed_by_email, c.created_at FROM client_scopes cs \
         JOIN clients c ON c.id = cs.client_id JOIN accounts a ON a.id = c.owner_id \
         LEFT JOIN client_systems s ON s.id = c.system_id LEFT JOIN accounts cf ON cf.id = c.confirmed_by \
         WHERE cs.status = 'pending' AND c.deleted_at IS NULL AND c.status <> 'draft' \
         ORDER BY c.created_at, c.id, cs.scope",
    )
    .fetch_all(db.pool())
    .await?)
}

/// The live clients a system created, newest first.
pub async fn list_by_system(db: &Db, system_id: &str) -> StoreResult<Vec<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.system_id = $1 AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id"
    ))
    .bind(system_id)
    .fetch_all(db.pool())
    .await?)
}

/// Records an end user's answer to a draft, if it is still a draft: the
/// new status, who answered and when. False when someone answered first.
pub async fn answer_draft(
    db: &Db,
    id: &str,
    account_id: &str,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE clients SET status = $1, status_reason = $2, confirmed_by = $3, confirmed_at = $4, \
         draft_expires_at = NULL, updated_at = $4 WHERE id = $5 AND status = 'draft' AND deleted_at IS NULL",
    )
    .bind(status)
    .bind(reason.map(str::to_owned))
    .bind(account_id)
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many live drafts of this system still wait for confirmation.
pub async fn count_open_drafts(db: &Db, system_id: &str, now: i64) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM clients WHERE system_id = $1 AND status = 'draft' \
         AND deleted_at IS NULL AND (draft_expires_at IS NULL OR draft_expires_at > $2)",
    )
    .bind(system_id)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(count)
}

/// Soft-deletes drafts nobody confirmed in time; returns their ids.
pub async fn expire_drafts(db: &Db, now: i64) -> StoreResult<Vec<String>> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM clients WHERE status = 'draft' AND deleted_at IS NULL \
         AND draft_expires_at IS NOT NULL AND draft_expires_at <= $1",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    for (id,) in &ids {
        sqlx::query(
            "UPDATE clients SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'",
        )
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    }
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Sets the SHA-256 of a client's RFC 7592 registration access token.
pub async fn set_registration_token(db: &Db, id: &str, token_hash: &str) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET registration_token_hash = $1 WHERE id = $2")
        .bind(token_hash)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The live client whose registration access token has this hash.
pub async fn find_by_registration_token(
    db: &Db,
    token_hash: &str,
) -> StoreResult<Option<ClientRow>> {
    Ok(sqlx::query_as(select_clients!(
        "WHERE c.registration_token_hash = $1 AND c.deleted_at IS NULL"
    ))
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?)
}
