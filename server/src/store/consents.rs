//! End users' consents to clients.

use app::domain::Scopes;

use super::{Exec, PageKey, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentRow {
    pub account_id: String,
    pub client_id: String,
    #[sqlx(try_from = "String")]
    pub scopes: Scopes,
    pub granted_at: i64,
    pub updated_at: i64,
}

pub async fn for_client(ex: impl Exec<'_>, client_id: &str) -> StoreResult<Vec<ConsentRow>> {
    Ok(sqlx::query_as(
        "SELECT account_id, client_id, scopes, granted_at, updated_at FROM consents \
         WHERE client_id = $1 ORDER BY granted_at, account_id",
    )
    .bind(client_id)
    .fetch_all(ex)
    .await?)
}

pub async fn find(
    ex: impl Exec<'_>,
    account_id: &str,
    client_id: &str,
) -> StoreResult<Option<ConsentRow>> {
    Ok(sqlx::query_as(
        "SELECT account_id, client_id, scopes, granted_at, updated_at FROM consents \
         WHERE account_id = $1 AND client_id = $2",
    )
    .bind(account_id)
    .bind(client_id)
    .fetch_optional(ex)
    .await?)
}

/// Records (or widens) a consent.
pub async fn save(
    ex: impl Exec<'_>,
    account_id: &str,
    client_id: &str,
    scopes: &Scopes,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO consents (account_id, client_id, scopes, granted_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (account_id, client_id) DO UPDATE SET scopes = $3, updated_at = $4",
    )
    .bind(account_id)
    .bind(client_id)
    .bind(scopes.to_string())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn delete(ex: impl Exec<'_>, account_id: &str, client_id: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM consents WHERE account_id = $1 AND client_id = $2")
        .bind(account_id)
        .bind(client_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// An app one user gave access to, as their account page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AppConsentRow {
    pub client_id: String,
    pub client_name: String,
    /// The organisation whose client it is.
    pub org_name: String,
    #[sqlx(try_from = "String")]
    pub scopes: Scopes,
    pub granted_at: i64,
    pub updated_at: i64,
}

/// The SQL of `page_for_account` (also read by the test that checks it
/// walks an index).
pub const PAGE_FOR_ACCOUNT: &str = "SELECT c.id AS client_id, c.display_name AS client_name, o.name AS org_name, co.scopes, \
     co.granted_at, co.updated_at FROM consents co \
     JOIN clients c ON c.id = co.client_id JOIN organisations o ON o.id = c.org_id \
     WHERE co.account_id = $1 AND (co.updated_at, co.client_id) < ($2, $3) \
     ORDER BY co.updated_at DESC, co.client_id DESC LIMIT $4";

/// Every app one user gave access to, most recently changed first.
pub async fn page_for_account(
    ex: impl Exec<'_>,
    account_id: &str,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<AppConsentRow>> {
    let (at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(PAGE_FOR_ACCOUNT)
        .bind(account_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}
