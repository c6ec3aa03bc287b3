//! Organisations and their members. Rows are never deleted: a deleted
//! organisation keeps its row (`deleted_at`), so its prefix is never used
//! again.

use app::domain::Role;

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub org_number: Option<String>,
    pub client_prefix: String,
    /// The account whose personal organisation it is.
    pub personal_of: Option<String>,
    pub created_at: i64,
}

/// One organisation a person belongs to, with their role in it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    #[sqlx(flatten)]
    pub org: OrgRow,
    #[sqlx(try_from = "String")]
    pub role: Role,
}

/// One member of an organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: i64,
}

/// An organisation with what it owns, for its overview and the admins' list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgListing {
    #[sqlx(flatten)]
    pub org: OrgRow,
    /// Email of the account whose personal organisation it is.
    pub personal_email: Option<String>,
    pub members: i64,
    pub clients: i64,
    pub systems: i64,
}

const COLUMNS: &str =
    "o.id, o.name, o.description, o.org_number, o.client_prefix, o.personal_of, o.created_at";

const COUNTS: &str = "(SELECT a.email FROM accounts a WHERE a.id = o.personal_of) AS personal_email, \
     (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id) AS members, \
     (SELECT COUNT(*) FROM clients c WHERE c.org_id = o.id AND c.deleted_at IS NULL) AS clients, \
     (SELECT COUNT(*) FROM client_systems s WHERE s.org_id = o.id AND s.deleted_at IS NULL) AS systems";

pub async fn insert(ex: impl Exec<'_>, row: &OrgRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO organisations (id, name, description, org_number, client_prefix, personal_of, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(&row.description)
    .bind(&row.org_number)
    .bind(&row.client_prefix)
    .bind(&row.personal_of)
    .bind(row.created_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// A live organisation.
pub async fn find(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<OrgRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM organisations o WHERE o.id = $1 AND o.deleted_at IS NULL");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// A live organisation with its figures.
pub async fn listing(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<OrgListing>> {
    let sql = format!(
        "SELECT {COLUMNS}, {COUNTS} FROM organisations o WHERE o.id = $1 AND o.deleted_at IS NULL"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// The personal organisation of an account, if it has one.
pub async fn personal(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Option<OrgRow>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations o WHERE o.personal_of = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_optional(ex)
        .await?)
}

/// The live organisations an account belongs to: the personal one first,
/// then by name.
pub async fn memberships(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Vec<MembershipRow>> {
    let sql = format!(
        "SELECT {COLUMNS}, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id \
         WHERE m.account_id = $1 AND o.deleted_at IS NULL \
         ORDER BY CASE WHEN o.personal_of = $1 THEN 0 ELSE 1 END, o.name, o.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(ex)
        .await?)
}

/// An account's role in an organisation, read on the caller's transaction
/// (so a change checks the role it is about to rely on).
pub async fn role_of(
    ex: impl Exec<'_>,
    org_id: &str,
    account_id: &str,
) -> StoreResult<Option<Role>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT m.role FROM memberships m JOIN organisations o ON o.id = m.org_id \
         WHERE m.org_id = $1 AND m.account_id = $2 AND o.deleted_at IS NULL",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(ex)
    .await?;
    Ok(row.and_then(|(role,)| Role::parse(&role).ok()))
}

/// The members, owners first, then by email.
pub async fn members(ex: impl Exec<'_>, org_id: &str) -> StoreResult<Vec<MemberRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id AS account_id, a.email, a.display_name, m.role, m.created_at \
         FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.org_id = $1 \
         ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'developer' THEN 1 ELSE 2 END, a.email",
    )
    .bind(org_id)
    .fetch_all(ex)
    .await?)
}

pub async fn add_member(
    ex: impl Exec<'_>,
    org_id: &str,
    account_id: &str,
    role: Role,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO memberships (org_id, account_id, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(org_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn set_role(
    ex: impl Exec<'_>,
    org_id: &str,
    account_id: &str,
    role: Role,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE memberships SET role = $1, updated_at = $2 WHERE org_id = $3 AND account_id = $4",
    )
    .bind(role.as_str())
    .bind(now)
    .bind(org_id)
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn remove_member(ex: impl Exec<'_>, org_id: &str, account_id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn owner_count(ex: impl Exec<'_>, org_id: &str) -> StoreResult<i64> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner'")
            .bind(org_id)
            .fetch_one(ex)
            .await?;
    Ok(count)
}

/// The settings an owner changes.
pub struct OrgWrite<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub org_number: Option<&'a str>,
}

pub async fn update(
    ex: impl Exec<'_>,
    id: &str,
    write: &OrgWrite<'_>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE organisations SET name = $1, description = $2, org_number = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(write.name)
    .bind(write.description)
    .bind(write.org_number)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Marks the organisation deleted and ends its memberships; the row (and
/// so the prefix) stays.
pub async fn soft_delete(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE organisations SET deleted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn remove_all_members(ex: impl Exec<'_>, org_id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM memberships WHERE org_id = $1")
        .bind(org_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Live organisations whose name, number or prefix matches `query` (any
/// part of the name, case-insensitive; the number or prefix from its
/// start), by name, at most `limit`, after the organisation `after` (the
/// last of the page before: keyset by name and id).
pub async fn search(
    ex: impl Exec<'_>,
    query: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<OrgListing>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(search_sql()))
        .bind(like_pattern(query))
        .bind(after)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// The SQL of `search` (also read by the test that checks it walks an
/// index).
pub fn search_sql() -> String {
    format!(
        "SELECT {COLUMNS}, {COUNTS} FROM organisations o WHERE o.deleted_at IS NULL \
         AND ($1 = '' OR LOWER(o.name) LIKE '%' || $1 || '%' ESCAPE '\\' \
              OR o.org_number LIKE $1 || '%' ESCAPE '\\' OR o.client_prefix LIKE $1 || '%' ESCAPE '\\') \
         AND (CAST($2 AS TEXT) IS NULL \
              OR (LOWER(o.name), o.id) > (SELECT LOWER(a.name), a.id FROM organisations a WHERE a.id = $2)) \
         ORDER BY LOWER(o.name), o.id LIMIT $3"
    )
}

/// `query` lower-cased, with LIKE's wildcards taken literally (for
/// `LIKE … ESCAPE '\'`).
pub fn like_pattern(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.trim().to_lowercase().chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(super::like_pattern(" Acme_50% "), "acme\\_50\\%");
        assert_eq!(super::like_pattern("a\\b"), "a\\\\b");
    }
}
