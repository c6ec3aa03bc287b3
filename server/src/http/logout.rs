//! `GET /oauth2/logout`: ends the Portico session, then returns to the
//! client's registered post-logout redirect URI or to the sign-in page.

use app::services::{AccountService as _, CurrentSession};
use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use crate::oidc::logout::{AfterLogout, LogoutQuery};

pub async fn logout(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    query: Result<Query<LogoutQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|q| q.0).unwrap_or_default();
    if let Some(Extension(session)) = session
        && let Err(err) = state.accounts.sign_out(&session.session_key).await
    {
        tracing::error!(error = ?err, "ending the session at logout failed");
    }
    let target = match state.provider.after_logout(&query).await {
        AfterLogout::Client(url) => url,
        AfterLogout::Portico { refused: false } => "/login".to_owned(),
        AfterLogout::Portico { refused: true } => "/login?logout=unregistered_redirect".to_owned(),
    };
    let policy = state.cookies;
    let secure = if policy.secure { "; Secure" } else { "" };
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        policy.cookie_name()
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
