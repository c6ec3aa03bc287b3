//! Client systems. Their API keys are credentials (`credentials.rs`).

use app::domain::{AuthMethod, GrantType, ScopeName};

use super::{Exec, List, PageKey, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SystemRow {
    pub id: String,
    /// The organisation that owns it.
    pub org_id: String,
    pub name: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub scopes: List<ScopeName>,
    #[sqlx(try_from = "String")]
    pub grant_types: List<GrantType>,
    pub allow_refresh: i64,
    #[sqlx(try_from = "String")]
    pub auth_method: AuthMethod,
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

const COLUMNS: &str = "s.id, s.org_id, s.name, s.description, s.scopes, s.grant_types, s.allow_refresh, \
     s.auth_method, s.created_at";

const COUNTS: &str = "(SELECT COUNT(*) FROM system_api_keys k WHERE k.system_id = s.id AND k.revoked_at IS NULL AND k.expires_at > $1) AS active_keys, \
     (SELECT COUNT(*) FROM clients c WHERE c.system_id = s.id AND c.deleted_at IS NULL) AS clients";

/// The columns a developer sets; `scopes` and `grant_types` are JSON
/// arrays (see `json_list`).
pub struct SystemWrite<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub scopes: &'a str,
    pub grant_types: &'a str,
    pub allow_refresh: bool,
}

/// Inserts a system of `org_id`, created by `created_by`.
pub async fn insert(
    ex: impl Exec<'_>,
    id: &str,
    org_id: &str,
    created_by: &str,
    write: &SystemWrite<'_>,
    auth_method: AuthMethod,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO client_systems (id, org_id, created_by, name, description, scopes, grant_types, allow_refresh, \
         auth_method, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id)
    .bind(org_id)
    .bind(created_by)
    .bind(write.name)
    .bind(write.description)
    .bind(write.scopes)
    .bind(write.grant_types)
    .bind(i64::from(write.allow_refresh))
    .bind(auth_method.as_str())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn update(
    ex: impl Exec<'_>,
    id: &str,
    write: &SystemWrite<'_>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE client_systems SET name = $1, description = $2, scopes = $3, grant_types = $4, \
         allow_refresh = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(write.name)
    .bind(write.description)
    .bind(write.scopes)
    .bind(write.grant_types)
    .bind(i64::from(write.allow_refresh))
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Marks the system deleted (its keys are revoked by the caller, in the
/// same transaction).
pub async fn soft_delete(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE client_systems SET deleted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The SQL of `page_in_org` (also read by the test that checks it walks an
/// index).
pub fn page_sql() -> String {
    format!(
        "SELECT {COLUMNS}, {COUNTS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.org_id = $2 \
         AND (s.created_at, s.id) < ($3, $4) ORDER BY s.created_at DESC, s.id DESC LIMIT $5"
    )
}

/// Up to `limit` live systems of an organisation, newest first, below
/// `after`.
pub async fn page_in_org(
    ex: impl Exec<'_>,
    org_id: &str,
    now: i64,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<SystemListing>> {
    let (at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(page_sql()))
        .bind(now)
        .bind(org_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// A live system, whoever owns it.
pub async fn find(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<SystemRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// A live system with its figures.
pub async fn listing(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<Option<SystemListing>> {
    let sql = format!(
        "SELECT {COLUMNS}, {COUNTS} FROM client_systems s WHERE s.deleted_at IS NULL AND s.id = $2"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// Moves a system to another organisation.
pub async fn set_org(ex: impl Exec<'_>, id: &str, org_id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE client_systems SET org_id = $1, updated_at = $2 WHERE id = $3")
        .bind(org_id)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}
