//! What the token endpoint reads to authenticate a client: the client's
//! standing, its granted scopes, its live secrets.

use super::{Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthClientRow {
    pub id: String,
    pub display_name: String,
    pub kind: String,
    pub status: String,
    /// JSON arrays of strings.
    pub grant_types: String,
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub id_token_signed_response_alg: String,
    pub token_endpoint_auth_method: String,
    pub jwks: Option<String>,
}

pub async fn client(db: &Db, id: &str) -> StoreResult<Option<AuthClientRow>> {
    Ok(sqlx::query_as(
        "SELECT id, display_name, kind, status, grant_types, redirect_uris, post_logout_redirect_uris, \
         id_token_signed_response_alg, token_endpoint_auth_method, jwks \
         FROM clients WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

/// (scope, resource) for each scope granted to the client and still enabled.
pub async fn granted_scopes(db: &Db, client_id: &str) -> StoreResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT cs.scope, s.resource FROM client_scopes cs JOIN scopes s ON s.name = cs.scope \
         WHERE cs.client_id = $1 AND cs.status = 'granted' AND s.enabled = 1 ORDER BY cs.scope",
    )
    .bind(client_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSecret {
    pub id: String,
    pub secret_hash: String,
    pub expires_at: i64,
}

/// Unrevoked, unexpired secrets of the client whose hint matches.
pub async fn live_secrets(
    db: &Db,
    client_id: &str,
    hint: &str,
    now: i64,
) -> StoreResult<Vec<LiveSecret>> {
    Ok(sqlx::query_as(
        "SELECT id, secret_hash, expires_at FROM client_secrets \
         WHERE client_id = $1 AND hint = $2 AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(client_id)
    .bind(hint)
    .bind(now)
    .fetch_all(db.pool())
    .await?)
}

pub async fn touch_secret(db: &Db, secret_id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE client_secrets SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(secret_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// (name, email) of the developer who owns a client.
pub async fn owner(db: &Db, client_id: &str) -> StoreResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.display_name, a.email FROM clients c JOIN accounts a ON a.id = c.owner_id WHERE c.id = $1",
    )
    .bind(client_id)
    .fetch_optional(db.pool())
    .await?)
}
