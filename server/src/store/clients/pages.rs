//! Pages of clients, read by key (keyset pagination): a page starts after
//! the last row of the one before, so it neither skips nor repeats a row
//! while clients are added, and each page walks an index instead of
//! counting past the rows before it.

use super::{ClientRow, select_clients};
use crate::store::orgs::like_pattern;
use crate::store::{Exec, NameKey, PageKey, StoreResult};

/// The SQL of each page (also read by the test that checks each one walks
/// an index, on both databases). The searched pages pick their keys from
/// an index that also holds the search text, then read only those rows.
/// A page of an organisation's clients in one order: the page's keys come
/// from an index (`$2` the search, `$3`/`$4` the cursor, `$5` the size),
/// then only those rows are read, with their live secrets (`$6` now).
macro_rules! page_in_org {
    ($after:literal, $key_order:literal, $row_order:literal) => {
        select_clients!(
            "c.name_key, \
             (SELECT COUNT(*) FROM client_secrets s WHERE s.client_id = c.id AND s.revoked_at IS NULL AND s.expires_at > $6) AS active_secrets, \
             (SELECT MIN(s.expires_at) FROM client_secrets s WHERE s.client_id = c.id AND s.revoked_at IS NULL AND s.expires_at > $6) AS next_secret_expiry, ",
            concat!(
                "WHERE c.id IN (SELECT k.id FROM clients k WHERE k.org_id = $1 AND k.deleted_at IS NULL \
                   AND ($2 = '' OR k.search_text LIKE '%' || $2 || '%' ESCAPE '\\') AND ",
                $after,
                " ORDER BY ",
                $key_order,
                " LIMIT $5) ORDER BY ",
                $row_order
            )
        )
    };
}
pub const PAGE_IN_ORG: &str = page_in_org!(
    "(k.created_at, k.id) < ($3, $4)",
    "k.created_at DESC, k.id DESC",
    "c.created_at DESC, c.id DESC"
);
pub const PAGE_IN_ORG_BY_NAME: &str = page_in_org!(
    "(k.name_key, k.id) > ($3, $4)",
    "k.name_key, k.id",
    "c.name_key, c.id"
);
pub const PAGE_ALL: &str = select_clients!(
    "WHERE c.id IN (SELECT k.id FROM clients k WHERE k.deleted_at IS NULL AND k.id > $2 \
       AND ($1 = '' OR k.search_text LIKE '%' || $1 || '%' ESCAPE '\\' \
         OR k.org_id IN (SELECT n.id FROM organisations n WHERE LOWER(n.name) LIKE '%' || $1 || '%' ESCAPE '\\')) \
       ORDER BY k.id LIMIT $3) \
     ORDER BY c.id"
);
pub const PAGE_BY_SYSTEM: &str = select_clients!(
    "WHERE c.system_id = $1 AND c.deleted_at IS NULL AND (c.created_at, c.id) < ($2, $3) \
     ORDER BY c.created_at DESC, c.id DESC LIMIT $4"
);
pub const PENDING_PAGE: &str = concat!(
    super::pending_select!(),
    "WHERE cs.status = 'pending' AND c.id IN ( \
       SELECT w.id FROM clients w JOIN client_scopes p ON p.client_id = w.id AND p.status = 'pending' \
       WHERE w.deleted_at IS NULL AND w.status <> 'draft' AND (w.created_at, w.id) > ($1, $2) \
       GROUP BY w.created_at, w.id ORDER BY w.created_at, w.id LIMIT $3) \
     ORDER BY c.created_at, c.id, cs.scope"
);

/// The SQL of `count_waiting`: from the index of pending scopes, so it
/// costs what waits, not what exists.
pub const COUNT_WAITING: &str = "SELECT COUNT(DISTINCT p.client_id) FROM client_scopes p \
     JOIN clients w ON w.id = p.client_id \
     WHERE p.status = 'pending' AND w.deleted_at IS NULL AND w.status <> 'draft'";

/// How many clients the approval queue holds (as `PENDING_PAGE` lists
/// them: live, not drafts, with a scope waiting).
pub async fn count_waiting(ex: impl Exec<'_>) -> StoreResult<i64> {
    let (count,): (i64,) = sqlx::query_as(COUNT_WAITING).fetch_one(ex).await?;
    Ok(count)
}

/// A client on a list, with its live secrets counted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedClient {
    #[sqlx(flatten)]
    pub row: ClientRow,
    /// The lower-cased name a list sorted by name walks.
    pub name_key: String,
    pub active_secrets: i64,
    /// When the first live secret expires (none without live secrets).
    pub next_secret_expiry: Option<i64>,
}

/// Where a page of an organisation's clients starts, in the list's order.
#[derive(Debug, Clone, Copy)]
pub enum InOrgFrom<'a> {
    /// Newest first, below this key (none: the first page).
    Newest(Option<&'a PageKey>),
    /// By name, above this key (none: the first page).
    Name(Option<&'a NameKey>),
}

/// Up to `limit` live clients of an organisation in the order and from
/// the key `from` names, whose id or name contains `search`
/// (case-insensitive).
pub async fn page_in_org(
    ex: impl Exec<'_>,
    org_id: &str,
    search: &str,
    from: InOrgFrom<'_>,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<ListedClient>> {
    let query = match from {
        InOrgFrom::Newest(after) => {
            let (created_at, id) = PageKey::newest(after);
            sqlx::query_as(PAGE_IN_ORG)
                .bind(org_id)
                .bind(like_pattern(search))
                .bind(created_at)
                .bind(id)
        }
        InOrgFrom::Name(after) => {
            let (name, id) = NameKey::first(after);
            sqlx::query_as(PAGE_IN_ORG_BY_NAME)
                .bind(org_id)
                .bind(like_pattern(search))
                .bind(name)
                .bind(id)
        }
    };
    Ok(query.bind(limit).bind(now).fetch_all(ex).await?)
}

/// Up to `limit` live clients of every organisation by id, after `after`,
/// whose id, name or organisation's name contains `search` (for admins).
pub async fn page_all(
    ex: impl Exec<'_>,
    search: &str,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<ClientRow>> {
    Ok(sqlx::query_as(PAGE_ALL)
        .bind(like_pattern(search))
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// The scopes waiting for approval of up to `limit` clients (oldest client
/// first) after the client `after`; the same rows as `pending_scopes`, one
/// page of clients at a time.
pub async fn pending_page(
    ex: impl Exec<'_>,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<super::PendingScopeRow>> {
    let (created_at, id) = PageKey::oldest(after);
    Ok(sqlx::query_as(PENDING_PAGE)
        .bind(created_at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// Up to `limit` live clients a system created, newest first, below `after`.
pub async fn page_by_system(
    ex: impl Exec<'_>,
    system_id: &str,
    after: Option<&PageKey>,
    limit: i64,
) -> StoreResult<Vec<ClientRow>> {
    let (created_at, id) = PageKey::newest(after);
    Ok(sqlx::query_as(PAGE_BY_SYSTEM)
        .bind(system_id)
        .bind(created_at)
        .bind(id)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}
