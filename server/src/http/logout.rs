//! `/oauth2/logout` (OpenID Connect RP-Initiated Logout 1.0). A request
//! with an ID token this provider signed ends the Portico session at once;
//! any other asks the person first (`/logout`, whose form posts back
//! here), so another site cannot sign anyone out. Then the browser goes to
//! the client's registered post-logout URI, or to the sign-in page.

use app::services::{AccountService as _, CurrentSession};
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

use super::AppState;
use crate::oidc::logout::LogoutQuery;

pub async fn logout(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    query: Result<Query<LogoutQuery>, QueryRejection>,
    uri: axum::http::Uri,
) -> Response {
    let query = query.map(|q| q.0).unwrap_or_default();
    let plan = state.provider.plan_logout(&query).await;
    if session.is_some() && !plan.hint_verified {
        let ask = match uri.query() {
            Some(params) => format!("/logout?{params}"),
            None => "/logout".to_owned(),
        };
        return Redirect::to(&ask).into_response();
    }
    end_session(&state, session).await;
    signed_out(&state, &plan.after.url())
}

/// The person confirmed on `/logout` (a same-origin form post; the
/// cross-origin check refuses any other).
pub async fn confirmed(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    form: Result<Form<LogoutQuery>, FormRejection>,
) -> Response {
    let query = form.map(|f| f.0).unwrap_or_default();
    let plan = state.provider.plan_logout(&query).await;
    end_session(&state, session).await;
    signed_out(&state, &plan.after.url())
}

async fn end_session(state: &AppState, session: Option<Extension<CurrentSession>>) {
    if let Some(Extension(session)) = session
        && let Err(err) = state.accounts.sign_out(&session.session_key).await
    {
        tracing::error!(error = ?err, "ending the session at logout failed");
    }
}

/// A redirect to `target` that also clears the session cookie.
fn signed_out(state: &AppState, target: &str) -> Response {
    let policy = state.cookies;
    let cookie = policy.set_cookie(policy.cookie_name(), "", 0);
    let mut response = Redirect::to(target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
