//! Accounts: email, password hash and roles.

use app::model::AccountSummary;

use sqlx::AssertSqlSafe;

use super::{Backend, Db, Exec, PageKey, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    /// 0 or 1 (see the migration for why not BOOLEAN).
    pub is_developer: i64,
    pub is_admin: i64,
    pub created_at: i64,
    /// When the person opened the link sent to the address, if they did.
    pub email_verified_at: Option<i64>,
    /// When an admin disabled it; a disabled account cannot sign in.
    pub disabled_at: Option<i64>,
    pub last_sign_in_at: Option<i64>,
}

impl AccountRow {
    pub fn developer(&self) -> bool {
        self.is_developer != 0
    }

    pub fn admin(&self) -> bool {
        self.is_admin != 0
    }

    pub fn disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    pub fn verified(&self) -> bool {
        self.email_verified_at.is_some()
    }

    pub fn summary(&self) -> AccountSummary {
        AccountSummary {
            account_id: self.id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            is_developer: self.developer(),
            is_admin: self.admin(),
            created_at: self.created_at,
            disabled: self.disabled(),
            last_sign_in_at: self.last_sign_in_at,
            // Counted for the admins' list only (`sessions::live_counts`,
            // `two_step::with_authenticator`).
            live_sessions: 0,
            two_step: false,
        }
    }
}

/// `SELECT <account columns> FROM accounts <tail>` as one static string.
macro_rules! select_accounts {
    ($tail:literal) => {
        concat!(
            "SELECT id, email, display_name, password_hash, is_developer, is_admin, created_at, email_verified_at, \
             disabled_at, last_sign_in_at FROM accounts ",
            $tail
        )
    };
}

pub async fn insert(ex: impl Exec<'_>, row: &AccountRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, email, display_name, password_hash, is_developer, is_admin, created_at, updated_at, \
         email_verified_at, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
    )
    .bind(&row.id)
    .bind(&row.email)
    .bind(&row.display_name)
    .bind(&row.password_hash)
    .bind(row.is_developer)
    .bind(row.is_admin)
    .bind(row.created_at)
    .bind(row.email_verified_at)
    .bind(format!("{} {}", row.email, row.display_name).to_lowercase())
    .execute(ex)
    .await?;
    Ok(())
}

/// Marks the address of an account as verified (once: the first time counts).
pub async fn set_verified(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1), updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn find_by_email(ex: impl Exec<'_>, email: &str) -> StoreResult<Option<AccountRow>> {
    Ok(sqlx::query_as(select_accounts!("WHERE email = $1"))
        .bind(email)
        .fetch_optional(ex)
        .await?)
}

pub async fn find_by_id(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<AccountRow>> {
    Ok(sqlx::query_as(select_accounts!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await?)
}

/// The SQL of `page` (also read by the test that checks it walks an index).
/// The emails of the page come from the (email, search_text) index alone;
/// only the accounts on the page are read whole.
pub const PAGE: &str = select_accounts!(
    "WHERE email IN (SELECT email FROM accounts \
       WHERE ($1 = '' OR search_text LIKE '%' || $1 || '%' ESCAPE '\\') \
       AND (CAST($2 AS TEXT) IS NULL OR email > $2) ORDER BY email LIMIT $3) \
     ORDER BY email"
);

/// `PAGE`, newest first.
pub const PAGE_NEWEST: &str = select_accounts!(
    "WHERE id IN (SELECT id FROM accounts \
       WHERE ($1 = '' OR search_text LIKE '%' || $1 || '%' ESCAPE '\\') \
       AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4) \
     ORDER BY created_at DESC, id DESC"
);

/// Where a page of accounts starts, in the list's order.
#[derive(Debug, Clone, Copy)]
pub enum AccountsFrom<'a> {
    /// By email, after this email (none: the first page).
    Email(Option<&'a str>),
    /// Newest first, below this key (none: the first page).
    Newest(Option<&'a PageKey>),
}

/// A search with fewer matches than this is answered from the trigram
/// index (its matches read and sorted); with more, matches are dense
/// enough that walking the list's order fills a page quickly.
const SPARSE: i64 = 1000;

/// The ids of the accounts whose search text contains the term bound as
/// `$1` (`search_term` makes it), found through the trigram index.
fn matching_ids(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT account_id FROM account_search WHERE account_search MATCH $1",
        Backend::Postgres => {
            "SELECT id FROM accounts WHERE search_text LIKE '%' || $1 || '%' ESCAPE '\\'"
        }
    }
}

/// The term as `matching_ids` takes it: an FTS5 phrase on SQLite (a
/// quoted phrase of trigrams matches any substring), a LIKE pattern with
/// its wildcards escaped on PostgreSQL.
fn search_term(backend: Backend, search: &str) -> String {
    match backend {
        Backend::Sqlite => format!("\"{}\"", search.trim().to_lowercase().replace('"', "\"\"")),
        Backend::Postgres => super::orgs::like_pattern(search),
    }
}

/// How many accounts match, counted up to `SPARSE` (also read by the test
/// that checks it uses the index).
pub fn count_sql(backend: Backend) -> String {
    format!(
        "SELECT COUNT(*) FROM ({} LIMIT {SPARSE}) AS matches",
        matching_ids(backend)
    )
}

/// `PAGE` and `PAGE_NEWEST` for a search with few matches: the matches
/// come from the trigram index and only they are sorted.
pub fn sparse_page_sql(backend: Backend, newest: bool) -> String {
    let ids = matching_ids(backend);
    if newest {
        format!(
            select_accounts!(
                "WHERE id IN ({}) AND (created_at, id) < ($2, $3) \
                 ORDER BY created_at DESC, id DESC LIMIT $4"
            ),
            ids
        )
    } else {
        format!(
            select_accounts!(
                "WHERE id IN ({}) AND (CAST($2 AS TEXT) IS NULL OR email > $2) \
                 ORDER BY email LIMIT $3"
            ),
            ids
        )
    }
}

/// At most `limit` accounts in the order and from the key `from` names
/// (keyset: stable while accounts are added), whose email or name contains
/// `search` (case-insensitive). A search of three characters or more that
/// matches few accounts reads them through the trigram index; otherwise
/// the list's index is walked in order, testing each account's text.
pub async fn page(
    db: &Db,
    search: &str,
    from: AccountsFrom<'_>,
    limit: i64,
) -> StoreResult<Vec<AccountRow>> {
    let backend = db.backend();
    let term = search_term(backend, search);
    let sparse = search.trim().chars().count() >= 3 && {
        let (matches,): (i64,) = sqlx::query_as(AssertSqlSafe(count_sql(backend)))
            .bind(&term)
            .fetch_one(db.pool())
            .await?;
        matches < SPARSE
    };
    let (sql, term) = if sparse {
        let newest = matches!(from, AccountsFrom::Newest(_));
        (AssertSqlSafe(sparse_page_sql(backend, newest)), term)
    } else {
        let sql = match from {
            AccountsFrom::Email(_) => PAGE,
            AccountsFrom::Newest(_) => PAGE_NEWEST,
        };
        (
            AssertSqlSafe(sql.to_owned()),
            super::orgs::like_pattern(search),
        )
    };
    let query = sqlx::query_as(sql).bind(term);
    let query = match from {
        AccountsFrom::Email(after) => query.bind(after),
        AccountsFrom::Newest(after) => {
            let (created_at, id) = PageKey::newest(after);
            query.bind(created_at).bind(id)
        }
    };
    Ok(query.bind(limit).fetch_all(db.pool()).await?)
}

pub async fn admin_exists(ex: impl Exec<'_>) -> StoreResult<bool> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM accounts WHERE is_admin = $1 LIMIT 1")
            .bind(1_i64)
            .fetch_optional(ex)
            .await?;
    Ok(row.is_some())
}

pub async fn set_display_name(
    ex: impl Exec<'_>,
    id: &str,
    name: &str,
    now: i64,
) -> StoreResult<()> {
    // Emails are stored lower-cased, so only the name needs it.
    sqlx::query(
        "UPDATE accounts SET display_name = $1, updated_at = $2, search_text = email || ' ' || $4 WHERE id = $3",
    )
    .bind(name)
    .bind(now)
    .bind(id)
    .bind(name.to_lowercase())
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    ex: impl Exec<'_>,
    id: &str,
    hash: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Records a sign-in (any new session).
pub async fn record_sign_in(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE accounts SET last_sign_in_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Disables the account from `disabled_at`, or enables it (`None`).
pub async fn set_disabled(
    ex: impl Exec<'_>,
    id: &str,
    disabled_at: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE accounts SET disabled_at = $1, updated_at = $2 WHERE id = $3")
        .bind(disabled_at)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Sets the roles. (Becoming a developer also needs a personal
/// organisation: the caller creates it on the same transaction.)
pub async fn set_roles(
    ex: impl Exec<'_>,
    id: &str,
    developer: bool,
    admin: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE accounts SET is_developer = $1, is_admin = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(i64::from(developer))
    .bind(i64::from(admin))
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}
