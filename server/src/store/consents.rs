//! End users' consents to clients.

use super::{Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentRow {
    pub account_id: String,
    pub client_id: String,
    /// Space-separated.
    pub scopes: String,
    pub granted_at: i64,
    pub updated_at: i64,
}

pub async fn for_client(db: &Db, client_id: &str) -> StoreResult<Vec<ConsentRow>> {
    Ok(sqlx::query_as(
        "SELECT account_id, client_id, scopes, granted_at, updated_at FROM consents \
         WHERE client_id = $1 ORDER BY granted_at, account_id",
    )
    .bind(client_id)
    .fetch_all(db.pool())
    .await?)
}

pub async fn find(db: &Db, account_id: &str, client_id: &str) -> StoreResult<Option<ConsentRow>> {
    Ok(sqlx::query_as(
        "SELECT account_id, client_id, scopes, granted_at, updated_at FROM consents \
         WHERE account_id = $1 AND client_id = $2",
    )
    .bind(account_id)
    .bind(client_id)
    .fetch_optional(db.pool())
    .await?)
}

/// Records (or widens) a consent.
pub async fn save(
    db: &Db,
    account_id: &str,
    client_id: &str,
    scopes: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO consents (account_id, client_id, scopes, granted_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (account_id, client_id) DO UPDATE SET scopes = $3, updated_at = $4",
    )
    .bind(account_id)
    .bind(client_id)
    .bind(scopes)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn delete(db: &Db, account_id: &str, client_id: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM consents WHERE account_id = $1 AND client_id = $2")
        .bind(account_id)
        .bind(client_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// (client id, client name, owner name, scopes, granted, updated) for
/// every app one user gave access to.
pub async fn for_account(
    db: &Db,
    account_id: &str,
) -> StoreResult<Vec<(String, String, String, String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.display_name, a.display_name, co.scopes, co.granted_at, co.updated_at FROM consents co \
         JOIN clients c ON c.id = co.client_id JOIN accounts a ON a.id = c.owner_id \
         WHERE co.account_id = $1 ORDER BY co.updated_at DESC, c.id",
    )
    .bind(account_id)
    .fetch_all(db.pool())
    .await?)
}
