//! Credentials that are shown once and kept only as a hash: client secrets
//! (argon2id) and client systems' API keys (SHA-256, also their lookup
//! key). Both tables have the same shape, so one set of queries serves
//! both.

use sqlx::AssertSqlSafe;

use super::{Exec, PageKey, StoreResult};

/// Which credentials, and what they belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A client's secrets (owner: the client id).
    ClientSecret,
    /// A client system's API keys (owner: the system id).
    ApiKey,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Self::ClientSecret => "client_secrets",
            Self::ApiKey => "system_api_keys",
        }
    }

    fn owner_column(self) -> &'static str {
        match self {
            Self::ClientSecret => "client_id",
            Self::ApiKey => "system_id",
        }
    }

    fn hash_column(self) -> &'static str {
        match self {
            Self::ClientSecret => "secret_hash",
            Self::ApiKey => "key_hash",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CredentialRow {
    pub id: String,
    /// The client or system it belongs to.
    pub owner_id: String,
    pub description: String,
    pub hint: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

pub struct NewCredentialRow<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub description: &'a str,
    pub hint: &'a str,
    pub hash: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

fn columns(kind: Kind) -> String {
    format!(
        "id, {} AS owner_id, description, hint, created_at, expires_at, revoked_at, last_used_at",
        kind.owner_column()
    )
}

pub async fn insert(ex: impl Exec<'_>, kind: Kind, row: &NewCredentialRow<'_>) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO {} (id, {}, description, hint, {}, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        kind.table(),
        kind.owner_column(),
        kind.hash_column()
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(row.id)
        .bind(row.owner_id)
        .bind(row.description)
        .bind(row.hint)
        .bind(row.hash)
        .bind(row.created_at)
        .bind(row.expires_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// The SQL of `page` (also read by the test that checks it walks an index).
pub fn page_sql(kind: Kind) -> String {
    format!(
        "SELECT {} FROM {} WHERE {} = $1 AND (created_at, id) < ($2, $3) \
         ORDER BY created_at DESC, id DESC LIMIT $4",
        columns(kind),
        kind.table(),
        kind.owner_column()
    )
}

/// Up to `limit` credentials of one client or system, newest first, below
/// `after` (keyset: see `PageKey`).
pub async fn page(
    ex: impl Exec<'_>,
    kind: Kind,
    owner_id: &str,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<CredentialRow>> {
    let (at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(AssertSqlSafe(page_sql(kind)))
        .bind(owner_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// How many credentials of one client or system are live (neither
/// revoked nor expired) at `now`, and when the first of them expires.
pub async fn live_summary(
    ex: impl Exec<'_>,
    kind: Kind,
    owner_id: &str,
    now: i64,
) -> StoreResult<(i64, Option<i64>)> {
    let sql = format!(
        "SELECT COUNT(*), MIN(expires_at) FROM {} WHERE {} = $1 AND revoked_at IS NULL AND expires_at > $2",
        kind.table(),
        kind.owner_column()
    );
    Ok(sqlx::query_as(AssertSqlSafe(sql))
        .bind(owner_id)
        .bind(now)
        .fetch_one(ex)
        .await?)
}

/// Revokes a live credential of this owner and returns it as it was;
/// `None` when there is no such unrevoked credential.
pub async fn revoke(
    ex: impl Exec<'_>,
    kind: Kind,
    owner_id: &str,
    id: &str,
    now: i64,
) -> StoreResult<Option<CredentialRow>> {
    let sql = format!(
        "UPDATE {} SET revoked_at = $1 WHERE {} = $2 AND id = $3 AND revoked_at IS NULL RETURNING {}",
        kind.table(),
        kind.owner_column(),
        columns(kind)
    );
    Ok(sqlx::query_as(AssertSqlSafe(sql))
        .bind(now)
        .bind(owner_id)
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// Revokes every live credential of one owner (a deleted system's keys).
pub async fn revoke_all(
    ex: impl Exec<'_>,
    kind: Kind,
    owner_id: &str,
    now: i64,
) -> StoreResult<()> {
    let sql = format!(
        "UPDATE {} SET revoked_at = $1 WHERE {} = $2 AND revoked_at IS NULL",
        kind.table(),
        kind.owner_column()
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(now)
        .bind(owner_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Records that a credential was used just now.
pub async fn touch(ex: impl Exec<'_>, kind: Kind, id: &str, now: i64) -> StoreResult<()> {
    let sql = format!(
        "UPDATE {} SET last_used_at = $1 WHERE id = $2",
        kind.table()
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The live (unrevoked, unexpired) credential with this hash: how API keys
/// are looked up. Secrets are argon2 hashes, never looked up this way.
pub async fn find_live_by_hash(
    ex: impl Exec<'_>,
    kind: Kind,
    hash: &str,
    now: i64,
) -> StoreResult<Option<CredentialRow>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = $1 AND revoked_at IS NULL AND expires_at > $2",
        columns(kind),
        kind.table(),
        kind.hash_column()
    );
    Ok(sqlx::query_as(AssertSqlSafe(sql))
        .bind(hash)
        .bind(now)
        .fetch_optional(ex)
        .await?)
}
