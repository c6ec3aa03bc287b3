//! `GET /admin/audit.csv?client_id=&actor=&org_id=&action=&from=&to=`:
//! the audit log rows a filter matches, newest first, as CSV for admins.
//! Streamed a thousand rows at a time (keyset by id), never built whole
//! in memory.

use app::error::AppError;
use app::model::AuditQuery;
use app::services::{AuditFilter, CurrentSession};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt as _};

use crate::audit::{ClientSearch, filter_of};
use crate::store::Db;
use crate::store::audit::{self as audit_store, AuditRow};
use crate::time::rfc3339;

const CHUNK: i64 = 1000;

pub async fn download(
    State(db): State<Db>,
    session: Option<Extension<CurrentSession>>,
    Query(query): Query<AuditQuery>,
) -> Response {
    let Some(Extension(session)) = session else {
        return (
            StatusCode::UNAUTHORIZED,
            "Sign in as an admin to download the audit log.\n",
        )
            .into_response();
    };
    if !session.viewer.is_admin {
        return (
            StatusCode::FORBIDDEN,
            "Only admins can download the audit log.\n",
        )
            .into_response();
    }
    let filter = match AuditFilter::parse(&query) {
        Ok(filter) => filter,
        Err(AppError::Invalid { errors }) => {
            let reasons: Vec<String> = errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            return (StatusCode::BAD_REQUEST, format!("{}\n", reasons.join("\n"))).into_response();
        }
        Err(_) => return (StatusCode::BAD_REQUEST, "The filter is not valid.\n").into_response(),
    };
    let client = match ClientSearch::of(&db, &filter).await {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!(error = %e, "audit CSV: finding the clients failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The audit log cannot be read right now; try again shortly.\n",
            )
                .into_response();
        }
    };
    tracing::info!(account_id = %session.viewer.account_id, "audit log downloaded as CSV");
    // The cursor: None when done, Some(None) before the first chunk.
    let chunks = stream::unfold(Some(None), move |cursor: Option<Option<i64>>| {
        let (db, filter, client) = (db.clone(), filter.clone(), client.clone());
        async move {
            let before_id = cursor?;
            match audit_store::list(
                db.pool(),
                filter_of(&filter, client.as_ref(), before_id),
                CHUNK,
            )
            .await
            {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = (rows.len() as i64 == CHUNK).then(|| rows.last().map(|r| r.id));
                    Some((Ok(csv_rows(&rows)), next))
                }
                Err(e) => {
                    tracing::warn!(error = %e, "audit CSV: reading failed; the download is cut short");
                    Some((
                        Err(std::io::Error::other("the audit log could not be read")),
                        None,
                    ))
                }
            }
        }
    });
    let header_row = stream::once(async {
        Ok::<_, std::io::Error>("id,time,actor,action,client_id,before,after\r\n".to_owned())
    });
    let body = Body::from_stream(header_row.chain(chunks));
    let mut res = Response::new(body);
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"portico-audit.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn csv_rows(rows: &[AuditRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let fields = [
            r.id.to_string(),
            rfc3339(r.at),
            r.actor_email.clone().unwrap_or_default(),
            r.action.clone(),
            r.client_id.clone().unwrap_or_default(),
            r.before.clone().unwrap_or_default(),
            r.after.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line
/// break; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
/// spreadsheet does not run it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("{\"a\":1}"), "\"{\"\"a\"\":1}\"");
    }
}
