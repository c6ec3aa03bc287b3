//! Resolves the session cookie into a `CurrentSession` request extension,
//! which server functions and pages read.

use app::error::AppError;
use std::net::IpAddr;

use app::services::{ClientIp, CookiePolicy, cookie_in};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::header::{RETRY_AFTER, USER_AGENT};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use crate::accounts::SeenFrom;

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Static files, operations and the token-authenticated provider and API
    // endpoints never need the session.
    let needs_session = !(path.starts_with("/pkg/")
        || path.starts_with("/api/v1/")
        || matches!(
            path,
            "/healthz"
                | "/readyz"
                | "/metrics"
                | "/favicon.ico"
                | "/oauth2/token"
                | "/oauth2/introspect"
                | "/oauth2/revoke"
                | "/oauth2/jwks"
                | "/oauth2/userinfo"
        ));
    if let Some(token) = cookie_value(&req, state.cookies).filter(|_| needs_session) {
        let seen = SeenFrom {
            ip: req
                .extensions()
                .get::<ClientIp>()
                .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0),
            user_agent: req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()),
        };
        let found = state.accounts.session(&token, seen).await;
        match found {
            Ok(Some(session)) => {
                req.extensions_mut().insert(session);
            }
            Ok(None) => {}
            // Not "signed out": that would show a signed-in person the
            // sign-in page. Say what is true instead.
            Err(err) => {
                tracing::error!(error = %err, "session lookup failed");
                return unavailable(&req);
            }
        }
    }
    next.run(req).await
}

/// 503 while the session cannot be looked up: the app's error JSON for
/// server functions, a small page for everything else.
fn unavailable(req: &Request) -> Response {
    let request_id = super::request_id_of(req);
    let headers = [(RETRY_AFTER, HeaderValue::from_static("5"))];
    if req.uri().path().starts_with("/api/ui/") {
        let error = AppError::Unavailable { request_id };
        return (StatusCode::SERVICE_UNAVAILABLE, headers, Json(error)).into_response();
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Unavailable · Portico</title><link rel=\"stylesheet\" href=\"{stylesheet}\"></head>\
         <body class=\"min-h-screen bg-gray-50 text-gray-900 dark:bg-gray-950 dark:text-gray-100\">\
         <main class=\"mx-auto max-w-md p-6\"><h1 class=\"text-2xl font-bold\">Portico is unavailable for a moment</h1>\
         <p class=\"mt-2 text-sm text-gray-600 dark:text-gray-300\">Nothing was changed, and you are still signed in. \
         Please reload the page in a few seconds.</p>\
         <p class=\"mt-4 text-xs text-gray-600 dark:text-gray-300\">Request id {request_id}</p></main></body></html>",
        stylesheet = super::assets::stylesheet_href(),
    );
    (StatusCode::SERVICE_UNAVAILABLE, headers, Html(page)).into_response()
}

fn cookie_value(req: &Request, policy: CookiePolicy) -> Option<String> {
    cookie_in(req.headers(), policy.cookie_name())
}
