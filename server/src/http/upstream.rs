//! `/login/with/{provider}` sends the browser to an upstream OpenID
//! provider (its `state` kept in a short-lived cookie, so only the browser
//! that left can come back); `/login/upstream/callback` is where the
//! provider sends it back. Both are plain redirects: they work without
//! JavaScript, and every failure lands on the sign-in page (or, for a
//! signed-in person's linking, `/account/security`) with a short code it explains.

use app::api::auth::landing;
use app::components::{keeping_next, percent_encode};
use app::domain::ReturnPath;
use app::error::AppError;
use app::services::{
    AccountService as _, ClientIp, CookiePolicy, CurrentSession, ServiceError, SignedIn,
};
use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::AppState;
use crate::federation::{CallbackQuery, Failure, Finished, SIGN_IN_TTL_SECS};

#[derive(Debug, Default, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
    /// "1": the signed-in person links the provider to their account.
    link: Option<String>,
}

/// Where the account's security page shows linked providers, with the
/// short code of what it should explain (`upstream=`), if anything.
fn account_section(code: Option<&str>) -> String {
    match code {
        Some(code) => format!("/account/security?upstream={code}#sign-in-methods"),
        None => "/account/security#sign-in-methods".to_owned(),
    }
}

pub async fn start(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(provider): Path<String>,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|q| q.0).unwrap_or_default();
    let next = ReturnPath::or_home(query.next.as_deref());
    let linking = query.link.as_deref() == Some("1");
    let link_account = match (&session, linking) {
        // A new way in: a step-up change, as adding a passkey is.
        (Some(Extension(session)), true) if session.require_fresh_second_factor().is_err() => {
            let to = account_section(Some(app::model::STEP_UP_CODE));
            return Redirect::to(&to).into_response();
        }
        (Some(Extension(session)), true) => Some(session.viewer.account_id.clone()),
        (None, true) => return Redirect::to("/login?next=%2Faccount%2Fsecurity").into_response(),
        _ => None,
    };
    let begun = state
        .federation
        .begin(&provider, next.as_ref(), link_account.as_deref(), ip)
        .await;
    match begun {
        Ok(Some(Ok(begun))) => {
            let mut response = Redirect::to(&begun.url).into_response();
            let cookie = state
                .cookies
                .set_cookie(STATE_COOKIE, &begun.state, SIGN_IN_TTL_SECS);
            append_cookie(&mut response, cookie);
            response
        }
        Ok(Some(Err(failure))) => failed(failure, next.as_ref(), linking),
        Ok(None) => (StatusCode::NOT_FOUND, "No such sign-in provider.").into_response(),
        Err(ServiceError::Public(AppError::RateLimited { retry_after_secs })) => (
            StatusCode::TOO_MANY_REQUESTS,
            [(RETRY_AFTER, retry_after_secs.to_string())],
            "Too many sign-ins from this address. Try again in a few minutes.",
        )
            .into_response(),
        Err(err) => unavailable(&err),
    }
}

pub async fn callback(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
    query: Result<Query<CallbackQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|q| q.0).unwrap_or_default();
    let kept = app::services::cookie_in(&headers, STATE_COOKIE);
    let outcome = match state.federation.finish(kept.as_deref(), &query).await {
        Ok(outcome) => outcome,
        Err(err) => return unavailable(&err),
    };
    let next = ReturnPath::or_home(Some(&outcome.next));
    let mut response = match outcome.result {
        Err(failure) => failed(failure, next.as_ref(), outcome.linking),
        Ok(Finished::Linked) => Redirect::to(&account_section(None)).into_response(),
        Ok(Finished::Offer(token)) => Redirect::to(&format!(
            "/login/link?offer={token}&next={}",
            percent_encode(next.as_ref(), b"")
        ))
        .into_response(),
        Ok(Finished::SignedIn(signed_in)) => {
            // A fresh session id at every sign-in.
            if let Some(Extension(old)) = &session
                && let Err(err) = state.accounts.sign_out(&old.session_key).await
            {
                tracing::error!(error = ?err, "ending the old session failed");
            }
            signed_in_response(state.cookies, signed_in, &next)
        }
    };
    append_cookie(&mut response, state.cookies.set_cookie(STATE_COOKIE, "", 0));
    response
}

/// The session cookie and the landing page, or the second step's
/// challenge and its page (as a password sign-in).
fn signed_in_response(policy: CookiePolicy, signed_in: SignedIn, next: &ReturnPath) -> Response {
    let (to, cookie) = match signed_in.into_step() {
        Ok((token, viewer)) => (
            landing(&viewer, next).to_owned(),
            policy.session_cookie(&token),
        ),
        Err((challenge, page)) => (
            keeping_next(page, next.as_ref()),
            policy.challenge_cookie(&challenge),
        ),
    };
    let mut response = Redirect::to(&to).into_response();
    append_cookie(&mut response, cookie);
    response
}

fn failed(failure: Failure, next: &str, linking: bool) -> Response {
    let to = if linking {
        account_section(Some(failure.code()))
    } else {
        format!(
            "/login?upstream={}&next={}",
            failure.code(),
            percent_encode(next, b"")
        )
    };
    Redirect::to(&to).into_response()
}

fn unavailable(err: &ServiceError) -> Response {
    tracing::error!(error = ?err, "upstream sign-in failed inside Portico");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Signing in is not possible right now. Try again in a moment.",
    )
        .into_response()
}

/// The cookie that holds a sign-in's `state` while the browser is at the
/// provider (SameSite=Lax: it comes back on the provider's redirect).
const STATE_COOKIE: &str = "portico_upstream";

fn append_cookie(response: &mut Response, cookie: String) {
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}
