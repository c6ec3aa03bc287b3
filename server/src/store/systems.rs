//! Client systems and their API keys (SHA-256 of the key only).

use super::{Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SystemRow {
    pub id: String,
    pub owner_id: String,
    pub name: String,
    pub description: String,
    /// JSON arrays of strings.
    pub scopes: String,
    pub grant_types: String,
    pub allow_refresh: i64,
    pub auth_method: String,
    pub created_at: i64,
}

/// A system with the figures its developer's pages show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SystemListing {
    #[sqlx(flatten)]
    pub system: SystemRow,
    /// Keys that are neither revoked nor expired.
    pub active_keys: i64,
    /// Live clients it created.
    pub clients: i64,
}

const COLUMNS: &str = "s.id, s.owner_id, s.name, s.description, s.scopes, s.grant_types, s.allow_refresh, \
     s.auth_method, s.created_at";

const COUNTS: &str = "(SELECT COUNT(*) FROM system_api_keys k WHERE k.system_id = s.id AND k.revoked_at IS NULL AND k.expires_at > $1) AS active_keys, \
     (SELECT COUNT(*) FROM clients c WHERE c.system_id = s.id AND c.deleted_at IS NULL) AS clients";

pub struct NewSystemRow<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub scopes: &'a str,
    pub grant_types: &'a str,
    pub allow_refresh: bool,
    pub auth_method: &'a str,
}

pub async fn insert(db: &Db, row: &NewSystemRow<'_>, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO client_systems (id, owner_id, name, description, scopes, grant_types, allow_refresh, \
         auth_method, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(row.id)
    .bind(row.owner_id)
    .bind(row.name)
    .bind(row.description)
    .bind(row.scopes)
    .bind(row.grant_types)
    .bind(i64::from(row.allow_refresh))
    .bind(row.auth_method)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub struct SystemUpdate<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub scopes: &'a str,
    pub grant_types: &'a str,
    pub allow_refresh: bool,
}

pub async fn update(db: &Db, id: &str, change: &SystemUpdate<'_>, now: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE client_systems SET name = $1, description = $2, scopes = $3, grant_types = $4, \
         allow_refresh = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(change.name)
    .bind(change.description)
    .bind(change.scopes)
    .bind(change.grant_types)
    .bind(i64::from(change.allow_refresh))
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Deletes the system and revokes every live key of it.
pub async fn soft_delete(db: &Db, id: &str, now: i64) -> StoreResult<()> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE client_systems SET deleted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE system_api_keys SET revoked_at = $1 WHERE system_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_owned(db: &Db, owner_id: &str, now: i64) -> StoreResult<Vec<SystemListing>> {
    let sql = format!(
        "SELECT {COLUMNS}, {COUNTS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.owner_id = $2 \
         ORDER BY s.created_at DESC, s.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(owner_id)
        .fetch_all(db.pool())
        .await?)
}

/// A live system, whoever owns it.
pub async fn find(db: &Db, id: &str) -> StoreResult<Option<SystemRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// A live system with its figures.
pub async fn listing(db: &Db, id: &str, now: i64) -> StoreResult<Option<SystemListing>> {
    let sql = format!(
        "SELECT {COLUMNS}, {COUNTS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.id = $2"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    pub system_id: String,
    pub description: String,
    pub hint: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

pub struct NewApiKeyRow<'a> {
    pub id: &'a str,
    pub system_id: &'a str,
    pub description: &'a str,
    pub hint: &'a str,
    pub key_hash: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert_key(db: &Db, row: &NewApiKeyRow<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO system_api_keys (id, system_id, description, hint, key_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.id)
    .bind(row.system_id)
    .bind(row.description)
    .bind(row.hint)
    .bind(row.key_hash)
    .bind(row.created_at)
    .bind(row.expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

const KEY_COLUMNS: &str =
    "id, system_id, description, hint, created_at, expires_at, revoked_at, last_used_at";

pub async fn list_keys(db: &Db, system_id: &str) -> StoreResult<Vec<ApiKeyRow>> {
    let sql = format!(
        "SELECT {KEY_COLUMNS} FROM system_api_keys WHERE system_id = $1 ORDER BY created_at DESC, id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(system_id)
        .fetch_all(db.pool())
        .await?)
}

/// Revokes a key of this system; false when it has no such live key.
pub async fn revoke_key(db: &Db, system_id: &str, key_id: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE system_api_keys SET revoked_at = $1 WHERE id = $2 AND system_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(key_id)
    .bind(system_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The live key with this hash (neither revoked nor expired), marked as
/// used now.
pub async fn use_key(db: &Db, key_hash: &str, now: i64) -> StoreResult<Option<ApiKeyRow>> {
    let sql = format!(
        "SELECT {KEY_COLUMNS} FROM system_api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND expires_at > $2"
    );
    let row: Option<ApiKeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(key_hash)
        .bind(now)
        .fetch_optional(db.pool())
        .await?;
    if let Some(row) = &row {
        sqlx::query("UPDATE system_api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&row.id)
            .execute(db.pool())
            .await?;
    }
    Ok(row)
}
