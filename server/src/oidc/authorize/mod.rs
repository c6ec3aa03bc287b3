//! `GET|POST /oauth2/authorize` (RFC 6749 §4.1, OIDC Core §3): checks the
//! client and redirect URI (errors about those are shown on a page, never
//! redirected), then the rest of the request (errors go back to the
//! client), then signs the user in, asks for consent if needed and
//! answers with a code and/or tokens.

mod complete;
mod consent;
mod redirect;
mod request;
mod sign_in;

pub use redirect::build as redirect_to;
pub use request::AuthRequest;

use std::sync::Arc;

use app::services::CurrentSession;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

use super::Provider;
use super::tokens::ACR_MFA;
use crate::crypto::tokens::random_token;
use crate::store::{consents as consent_store, grants, now};
use request::{AuthorizeQuery, REQUEST_TTL_SECS, Refusal};

impl Provider {
    async fn consent_covers(
        &self,
        account_id: &str,
        request: &AuthRequest,
    ) -> Result<bool, Refusal> {
        let consent = consent_store::find(self.db.pool(), account_id, &request.client_id)
            .await
            .map_err(|e| self.refusal(request, "reading a consent", e))?;
        Ok(consent.is_some_and(|c| c.scopes.covers(&request.scopes)))
    }

    /// Logs a failure and tells the client `server_error`, or
    /// `temporarily_unavailable` when the database cannot be reached.
    fn refusal(
        &self,
        request: &AuthRequest,
        doing: &str,
        err: impl std::fmt::Display + 'static,
    ) -> Refusal {
        let answer = self.internal(doing, err);
        Refusal::Redirect(request.error(&self.issuer, answer.code(), answer.description()))
    }
}

pub async fn authorize_get(
    State(provider): State<Arc<Provider>>,
    session: Option<Extension<CurrentSession>>,
    query: Result<Query<AuthorizeQuery>, QueryRejection>,
    uri: axum::http::Uri,
) -> Response {
    let Ok(Query(query)) = query else {
        return Refusal::Page("bad_request").into_response();
    };
    run(
        &provider,
        session.map(|s| s.0),
        query,
        uri.path_and_query().map(|p| p.as_str().to_owned()),
    )
    .await
    .unwrap_or_else(IntoResponse::into_response)
}

/// OIDC Core §3.1.2.1: the same request as a form post.
pub async fn authorize_post(
    State(provider): State<Arc<Provider>>,
    session: Option<Extension<CurrentSession>>,
    form: Result<Form<AuthorizeQuery>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(query)) = form else {
        return Refusal::Page("bad_request").into_response();
    };
    run(&provider, session.map(|s| s.0), query, None)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn run(
    provider: &Provider,
    session: Option<CurrentSession>,
    query: AuthorizeQuery,
    this_url: Option<String>,
) -> Result<Response, Refusal> {
    let prompt = query.prompt.clone().unwrap_or_default();
    let prompts: Vec<&str> = prompt.split(' ').filter(|p| !p.is_empty()).collect();
    let max_age = sign_in::parse_max_age(query.max_age.as_deref());
    // Only the second-factor class changes anything; others are met by
    // any sign-in (OIDC Core: `acr_values` are voluntary).
    let wants_mfa = query
        .acr_values
        .as_deref()
        .is_some_and(|a| a.split_whitespace().any(|v| v == ACR_MFA));
    let (client, request) = provider.check_request(query).await?;
    let Ok(max_age) = max_age else {
        return Err(Refusal::Redirect(request.error(
            &provider.issuer,
            "invalid_request",
            "max_age must be a whole number of seconds.",
        )));
    };
    let prompt_none = prompts.contains(&"none");
    let Some(session) = session else {
        let why = "The user is not signed in.";
        return sign_in::to_sign_in(provider, &request, prompt_none, why, this_url.as_deref());
    };
    let prompt_login = prompts.contains(&"login");
    if sign_in::needs_fresh_sign_in(&session, prompt_login, max_age) {
        let why = "The client asked for a fresh sign-in.";
        return sign_in::to_sign_in(provider, &request, prompt_none, why, this_url.as_deref());
    }
    if wants_mfa && !sign_in::took_a_second_factor(&session) {
        // A person with an authenticator signs in again, with it; one
        // without cannot give what the client asks for.
        if !session.has_second_factor() {
            return Err(Refusal::Redirect(request.error(
                &provider.issuer,
                "unmet_authentication_requirements",
                "The client asked for a sign-in with a second factor, and this account has none.",
            )));
        }
        let why = "The client asked for a sign-in with a second factor.";
        return sign_in::to_sign_in(provider, &request, prompt_none, why, this_url.as_deref());
    }
    let account_id = session.viewer.account_id.clone();
    let asks_consent = prompts.contains(&"consent");
    if !asks_consent && provider.consent_covers(&account_id, &request).await? {
        let url = provider
            .complete(&session, &client, &request)
            .await
            .map_err(|e| provider.refusal(&request, "completing an authorization", e))?;
        return Ok(Redirect::to(&url).into_response());
    }
    if prompt_none {
        return Err(Refusal::Redirect(request.error(
            &provider.issuer,
            "consent_required",
            "The user has not consented to these scopes yet.",
        )));
    }
    let id = random_token();
    let params = serde_json::to_string(&request)
        .map_err(|e| provider.refusal(&request, "encoding an authorization request", e))?;
    let now = now();
    grants::insert_request(
        provider.db.pool(),
        &id,
        &account_id,
        &request.client_id,
        &params,
        now,
        now + REQUEST_TTL_SECS,
    )
    .await
    .map_err(|e| provider.refusal(&request, "storing an authorization request", e))?;
    Ok(Redirect::to(&format!("/consent?request={id}")).into_response())
}
