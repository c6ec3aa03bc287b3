//! The append-only audit log.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_email: Option<String>,
    pub action: String,
    pub client_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub struct NewAuditRow<'a> {
    pub actor_id: Option<&'a str>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub client_id: Option<&'a str>,
    /// Only to find the organisation of a system's change; not stored.
    pub system_id: Option<&'a str>,
    /// The organisation; when `None`, the client's or system's.
    pub org_id: Option<&'a str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Appends a row; run it on the transaction of the change it records.
/// Returns the organisation the row was recorded in, if any.
pub async fn append(
    ex: impl Exec<'_>,
    row: NewAuditRow<'_>,
    now: i64,
) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, client_id, before, after, org_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE(CAST($8 AS TEXT), \
           (SELECT c.org_id FROM clients c WHERE c.id = $5), \
           (SELECT s.org_id FROM client_systems s WHERE s.id = CAST($9 AS TEXT)))) \
         RETURNING org_id",
    )
    .bind(now)
    .bind(row.actor_id)
    .bind(row.actor_email)
    .bind(row.action)
    .bind(row.client_id)
    .bind(row.before)
    .bind(row.after)
    .bind(row.org_id)
    .bind(row.system_id)
    .fetch_one(ex)
    .await?)
}

/// Which rows to read; every `None` matches all.
#[derive(Clone, Copy, Default)]
pub struct Filter<'a> {
    pub client_id: Option<&'a str>,
    /// Rows of any of these clients (from the index, sorted afterwards:
    /// for a few clients).
    pub client_ids: Option<&'a [String]>,
    /// Rows whose client id contains this (a LIKE pattern, escaped),
    /// walking the log newest first: for a part that many clients share,
    /// whose rows are common.
    pub client_id_like: Option<&'a str>,
    pub actor_email: Option<&'a str>,
    pub org_id: Option<&'a str>,
    /// One action, such as `secret.created`.
    pub action: Option<&'a str>,
    /// Rows at or after this time (Unix seconds).
    pub from: Option<i64>,
    /// Rows before this time (Unix seconds).
    pub until: Option<i64>,
    /// Rows older than this id: the keyset cursor of the next page, stable
    /// while rows are added.
    pub before_id: Option<i64>,
}

/// A value bound to a query built from the filters given.
pub enum Arg<'a> {
    Text(&'a str),
    Int(i64),
}

/// The SQL of `list` for `filter`, and its arguments in order: only the
/// conditions that are set, so each database can walk the index that fits
/// (a condition written as "unset or equal" would hide it).
pub fn list_sql<'a>(filter: &Filter<'a>) -> (String, Vec<Arg<'a>>) {
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    let texts = [
        ("client_id =", filter.client_id),
        ("actor_email =", filter.actor_email),
        ("org_id =", filter.org_id),
        ("action =", filter.action),
    ];
    for (test, value) in texts {
        if let Some(value) = value {
            args.push(Arg::Text(value));
            conditions.push(format!("{test} ${}", args.len()));
        }
    }
    if let Some(ids) = filter.client_ids {
        let mut places = Vec::with_capacity(ids.len());
        for id in ids {
            args.push(Arg::Text(id));
            places.push(format!("${}", args.len()));
        }
        conditions.push(format!("client_id IN ({})", places.join(", ")));
    }
    if let Some(like) = filter.client_id_like {
        args.push(Arg::Text(like));
        conditions.push(format!(
            "client_id LIKE '%' || ${} || '%' ESCAPE '\\'",
            args.len()
        ));
    }
    let ints = [
        ("at >=", filter.from),
        ("at <", filter.until),
        ("id <", filter.before_id),
    ];
    for (test, value) in ints {
        if let Some(value) = value {
            args.push(Arg::Int(value));
            conditions.push(format!("{test} ${}", args.len()));
        }
    }
    let filters = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {} ", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT id, at, actor_email, action, client_id, before, after FROM audit_log {filters}\
         ORDER BY id DESC LIMIT ${}",
        args.len() + 1
    );
    (sql, args)
}

/// Newest first, at most `limit` rows.
pub async fn list(ex: impl Exec<'_>, filter: Filter<'_>, limit: i64) -> StoreResult<Vec<AuditRow>> {
    let (sql, args) = list_sql(&filter);
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for arg in args {
        query = match arg {
            Arg::Text(text) => query.bind(text),
            Arg::Int(n) => query.bind(n),
        };
    }
    Ok(query.bind(limit).fetch_all(ex).await?)
}

/// Up to `limit` client ids (of live and deleted clients) that contain
/// `pattern` (a LIKE pattern, escaped), in order; walks the ids' index.
pub async fn client_ids_like(
    ex: impl Exec<'_>,
    pattern: &str,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(CLIENT_IDS_LIKE)
        .bind(pattern)
        .bind(limit)
        .fetch_all(ex)
        .await?)
}

/// The SQL of `client_ids_like`.
pub const CLIENT_IDS_LIKE: &str =
    "SELECT id FROM clients WHERE id LIKE '%' || $1 || '%' ESCAPE '\\' ORDER BY id LIMIT $2";

/// Whether a client with exactly this id was ever registered.
pub async fn client_exists(ex: impl Exec<'_>, id: &str) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM clients WHERE id = $1")
            .bind(id)
            .fetch_optional(ex)
            .await?
            .is_some(),
    )
}
