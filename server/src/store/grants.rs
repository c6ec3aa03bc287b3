//! Grants (one end user's authorization of one client), the pending
//! authorization requests before them, and the codes and refresh tokens
//! that belong to them.

use app::domain::Scopes;

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantRow {
    pub id: String,
    pub account_id: String,
    pub client_id: String,
    #[sqlx(try_from = "String")]
    pub scopes: Scopes,
    pub auth_time: i64,
    /// How the person signed in (RFC 8176 values, space-separated), for
    /// the ID tokens of the grant's refreshes too.
    pub amr: String,
    pub revoked_at: Option<i64>,
}

pub async fn insert_grant(ex: impl Exec<'_>, grant: &GrantRow, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO grants (id, account_id, client_id, scopes, auth_time, created_at, amr) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&grant.id)
    .bind(&grant.account_id)
    .bind(&grant.client_id)
    .bind(grant.scopes.to_string())
    .bind(grant.auth_time)
    .bind(now)
    .bind(&grant.amr)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn find_grant(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<GrantRow>> {
    Ok(sqlx::query_as(
        "SELECT id, account_id, client_id, scopes, auth_time, amr, revoked_at FROM grants WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?)
}

/// Revokes the grant, and with it every token of its family.
pub async fn revoke_grant(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Revokes every grant of one user, whichever client has it.
pub async fn revoke_all_of(ex: impl Exec<'_>, account_id: &str, now: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE grants SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Revokes every grant one user gave one client.
pub async fn revoke_grants_of(
    ex: impl Exec<'_>,
    account_id: &str,
    client_id: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE grants SET revoked_at = $1 WHERE account_id = $2 AND client_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .bind(client_id)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn insert_request(
    ex: impl Exec<'_>,
    id: &str,
    account_id: &str,
    client_id: &str,
    params: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO authorization_requests (id, account_id, client_id, params, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(account_id)
    .bind(client_id)
    .bind(params)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The params of a live request of this account.
pub async fn find_request(
    ex: impl Exec<'_>,
    id: &str,
    account_id: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT params FROM authorization_requests WHERE id = $1 AND account_id = $2 AND expires_at > $3",
    )
    .bind(id)
    .bind(account_id)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|r| r.0))
}

/// True when this call removed the request (so it is answered once).
pub async fn delete_request(ex: impl Exec<'_>, id: &str, account_id: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM authorization_requests WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    pub grant_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    pub expires_at: i64,
}

pub async fn insert_code(ex: impl Exec<'_>, code_hash: &str, code: &CodeRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO authorization_codes (code_hash, grant_id, redirect_uri, code_challenge, nonce, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(code_hash)
    .bind(&code.grant_id)
    .bind(&code.redirect_uri)
    .bind(&code.code_challenge)
    .bind(&code.nonce)
    .bind(code.expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn find_code(ex: impl Exec<'_>, code_hash: &str) -> StoreResult<Option<CodeRow>> {
    Ok(sqlx::query_as(
        "SELECT grant_id, redirect_uri, code_challenge, nonce, expires_at FROM authorization_codes WHERE code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(ex)
    .await?)
}

/// Marks a code used; false when it already was (a replay).
pub async fn spend_code(ex: impl Exec<'_>, code_hash: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE authorization_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(code_hash)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshRow {
    pub grant_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn insert_refresh(
    ex: impl Exec<'_>,
    token_hash: &str,
    grant_id: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, grant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(grant_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn find_refresh(ex: impl Exec<'_>, token_hash: &str) -> StoreResult<Option<RefreshRow>> {
    Ok(sqlx::query_as(
        "SELECT grant_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(ex)
    .await?)
}

/// Marks a refresh token used (rotated); false when it already was.
pub async fn spend_refresh(ex: impl Exec<'_>, token_hash: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
