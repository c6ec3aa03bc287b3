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
