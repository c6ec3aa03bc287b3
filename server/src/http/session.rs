//! Resolves the session cookie into a `CurrentSession` request extension,
//! which server functions and pages read.

use app::services::CookiePolicy;
use axum::extract::{Request, State};
use axum::http::header::COOKIE;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

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
        match state.accounts.session(&token).await {
            Ok(Some(session)) => {
                req.extensions_mut().insert(session);
            }
            Ok(None) => {}
            // Treated as signed out for this request; the page still renders.
            Err(err) => tracing::error!(error = %err, "session lookup failed"),
        }
    }
    next.run(req).await
}

fn cookie_value(req: &Request, policy: CookiePolicy) -> Option<String> {
    let name = policy.cookie_name();
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}
