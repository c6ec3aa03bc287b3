//! Client secrets: hint and argon2id hash only.

use super::{Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SecretRow {
    pub id: String,
    pub description: String,
    pub hint: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

pub struct NewSecretRow<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub description: &'a str,
    pub hint: &'a str,
    pub secret_hash: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert(db: &Db, row: &NewSecretRow<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO client_secrets (id, client_id, description, hint, secret_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.id)
    .bind(row.client_id)
    .bind(row.description)
    .bind(row.hint)
    .bind(row.secret_hash)
    .bind(row.created_at)
    .bind(row.expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn list(db: &Db, client_id: &str) -> StoreResult<Vec<SecretRow>> {
    Ok(sqlx::query_as(
        "SELECT id, description, hint, created_at, expires_at, revoked_at, last_used_at FROM client_secrets \
         WHERE client_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(client_id)
    .fetch_all(db.pool())
    .await?)
}

/// True when a live secret of this client was revoked now.
pub async fn revoke(
    db: &Db,
    client_id: &str,
    secret_id: &str,
    now: i64,
) -> StoreResult<Option<SecretRow>> {
    let row: Option<SecretRow> = sqlx::query_as(
        "SELECT id, description, hint, created_at, expires_at, revoked_at, last_used_at FROM client_secrets \
         WHERE client_id = $1 AND id = $2 AND revoked_at IS NULL",
    )
    .bind(client_id)
    .bind(secret_id)
    .fetch_optional(db.pool())
    .await?;
    if row.is_some() {
        sqlx::query("UPDATE client_secrets SET revoked_at = $1 WHERE client_id = $2 AND id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(client_id)
            .bind(secret_id)
            .execute(db.pool())
            .await?;
    }
    Ok(row)
}

/// (client id, active secret count, soonest expiry) for an owner's clients.
pub async fn active_summary(
    db: &Db,
    owner_id: &str,
    now: i64,
) -> StoreResult<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT s.client_id, COUNT(*), MIN(s.expires_at) FROM client_secrets s JOIN clients c ON c.id = s.client_id \
         WHERE c.owner_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 GROUP BY s.client_id",
    )
    .bind(owner_id)
    .bind(now)
    .fetch_all(db.pool())
    .await?)
}
