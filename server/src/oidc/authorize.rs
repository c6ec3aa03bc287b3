//! `GET|POST /oauth2/authorize` (RFC 6749 §4.1, OIDC Core §3): checks the
//! client and redirect URI (errors about those are shown on a page, never
//! redirected), then the rest of the request (errors go back to the
//! client), then signs the user in, asks for consent if needed and
//! answers with a code and/or tokens.

use std::sync::Arc;

use app::services::CurrentSession;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};

use super::Provider;
use super::client::ProviderClient;
use super::redirect;
use super::token::split_scopes;
use crate::crypto::tokens::random_token;
use crate::store::{consents as consent_store, grants, now};

/// How long a request may wait for the user's consent.
const REQUEST_TTL_SECS: i64 = 600;

#[derive(Debug, Default, Deserialize)]
pub struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    response_mode: Option<String>,
    prompt: Option<String>,
}

/// Which of `code`, `id_token` and `token` the client asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseType {
    pub code: bool,
    pub id_token: bool,
    pub token: bool,
}

impl ResponseType {
    pub fn parse(value: &str) -> Option<Self> {
        let mut out = Self::default();
        for part in value.split(' ').filter(|p| !p.is_empty()) {
            let slot = match part {
                "code" => &mut out.code,
                "id_token" => &mut out.id_token,
                "token" => &mut out.token,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        // `token` alone is plain OAuth implicit, which OIDC providers and
        // the security BCP leave out.
        (out.code || out.id_token).then_some(out)
    }

    /// The grant a client needs for this response type.
    pub fn grant(self) -> &'static str {
        match (self.code, self.id_token || self.token) {
            (true, false) => "authorization_code",
            (true, true) => "hybrid",
            _ => "implicit",
        }
    }
}

/// A checked authorization request, kept while the user decides.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub response_type: ResponseType,
    pub fragment: bool,
}

impl AuthRequest {
    /// The redirect back to the client with an error (RFC 6749 §4.1.2.1).
    pub fn error(&self, issuer: &str, code: &str, description: &str) -> String {
        let mut params = vec![("error", code), ("error_description", description)];
        if let Some(state) = &self.state {
            params.push(("state", state));
        }
        params.push(("iss", issuer));
        redirect::build(&self.redirect_uri, &params, self.fragment)
    }
}

/// Why a request cannot go on.
pub enum Refusal {
    /// Shown on Portico's error page: the redirect URI cannot be trusted.
    Page(&'static str),
    /// Sent back to the client's redirect URI.
    Redirect(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Self::Page(reason) => {
                Redirect::to(&format!("/authorize-error?reason={reason}")).into_response()
            }
            Self::Redirect(url) => Redirect::to(&url).into_response(),
        }
    }
}

fn is_pkce_value(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

impl Provider {
    /// Checks a request; the client is returned for the consent decision.
    async fn check_request(
        &self,
        query: AuthorizeQuery,
    ) -> Result<(ProviderClient, AuthRequest), Refusal> {
        let client_id = query
            .client_id
            .filter(|c| !c.is_empty())
            .ok_or(Refusal::Page("missing_client_id"))?;
        let client = ProviderClient::load(&self.db, &client_id)
            .await
            .map_err(|e| {
                self.internal(e);
                Refusal::Page("server_error")
            })?
            .ok_or(Refusal::Page("unknown_client"))?;
        let redirect_uri = query
            .redirect_uri
            .filter(|r| !r.is_empty())
            .ok_or(Refusal::Page("missing_redirect_uri"))?;
        if !redirect::matches(&client.redirect_uris, &redirect_uri) {
            return Err(Refusal::Page("redirect_uri_mismatch"));
        }
        let response_type = query.response_type.as_deref().and_then(ResponseType::parse);
        // Tokens never travel in a query string (OAuth 2.0 Multiple
        // Response Types §5).
        let needs_fragment = response_type.is_some_and(|rt| rt.id_token || rt.token);
        let fragment = query.response_mode.as_deref() == Some("fragment") || needs_fragment;
        let mut request = AuthRequest {
            client_id,
            redirect_uri,
            scopes: split_scopes(query.scope.as_deref()),
            state: query.state,
            nonce: query.nonce,
            code_challenge: query.code_challenge,
            response_type: response_type.unwrap_or_default(),
            fragment,
        };
        let refuse = |request: &AuthRequest, code: &str, description: String| {
            Refusal::Redirect(request.error(&self.issuer, code, &description))
        };
        if let Some(mode) = query
            .response_mode
            .as_deref()
            .filter(|m| !matches!(*m, "query" | "fragment"))
        {
            return Err(refuse(
                &request,
                "invalid_request",
                format!("response_mode {mode} is not supported; use query or fragment."),
            ));
        }
        let Some(response_type) = response_type else {
            return Err(refuse(&request, "unsupported_response_type", "response_type must be code, id_token, id_token token, or a hybrid of code with those.".into()));
        };
        if !client.has_grant(response_type.grant()) {
            return Err(refuse(
                &request,
                "unauthorized_client",
                format!(
                    "This client is not registered for the {} flow.",
                    response_type.grant()
                ),
            ));
        }
        if let Some(problem) = client.standing_problem() {
            return Err(refuse(&request, "unauthorized_client", problem));
        }
        if request.scopes.is_empty() {
            return Err(refuse(
                &request,
                "invalid_scope",
                "scope is missing; ask for openid and the scopes your app needs.".into(),
            ));
        }
        if let Some(missing) = request.scopes.iter().find(|s| !client.is_granted(s)) {
            return Err(refuse(
                &request,
                "invalid_scope",
                format!("The client has no granted access to {missing}."),
            ));
        }
        let has_openid = request.scopes.iter().any(|s| s == "openid");
        if response_type.id_token && !has_openid {
            return Err(refuse(
                &request,
                "invalid_scope",
                "An ID token needs the openid scope.".into(),
            ));
        }
        if (response_type.id_token || response_type.token)
            && request.nonce.as_deref().is_none_or(str::is_empty)
        {
            return Err(refuse(
                &request,
                "invalid_request",
                "nonce is required when tokens come back from this endpoint.".into(),
            ));
        }
        match (
            query.code_challenge_method.as_deref(),
            request.code_challenge.as_deref(),
        ) {
            (_, None) if client.public && response_type.code => {
                return Err(refuse(&request, "invalid_request", "Public clients must use PKCE: send code_challenge and code_challenge_method=S256.".into()));
            }
            (Some("S256"), Some(challenge)) if is_pkce_value(challenge) => {}
            (Some("S256"), Some(_)) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge must be 43–128 characters of base64url.".into(),
                ));
            }
            (_, Some(_)) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge_method must be S256 (plain is not accepted).".into(),
                ));
            }
            (Some(_), None) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge_method without code_challenge.".into(),
                ));
            }
            (None, None) => {}
        }
        if !response_type.code {
            request.code_challenge = None;
        }
        Ok((client, request))
    }

    async fn consent_covers(
        &self,
        account_id: &str,
        request: &AuthRequest,
    ) -> Result<bool, Refusal> {
        let consent = consent_store::find(&self.db, account_id, &request.client_id)
            .await
            .map_err(|e| self.refusal(request, e))?;
        Ok(consent.is_some_and(|c| {
            let given: Vec<&str> = c.scopes.split(' ').collect();
            request.scopes.iter().all(|s| given.contains(&s.as_str()))
        }))
    }

    /// Logs an internal error and tells the client `server_error`.
    fn refusal(&self, request: &AuthRequest, err: impl std::fmt::Display) -> Refusal {
        self.internal(err);
        Refusal::Redirect(request.error(
            &self.issuer,
            "server_error",
            "Internal error; try again later.",
        ))
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
    let (client, request) = provider.check_request(query).await?;
    let Some(session) = session else {
        if prompts.contains(&"none") {
            return Err(Refusal::Redirect(request.error(
                &provider.issuer,
                "login_required",
                "The user is not signed in.",
            )));
        }
        // Back here after signing in; a form-posted request is kept as a
        // pending request instead, since its parameters are not in a URL.
        let next = match this_url {
            Some(url) => url,
            None => {
                return Err(Refusal::Redirect(request.error(
                    &provider.issuer,
                    "login_required",
                    "Sign in first, then start again.",
                )));
            }
        };
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        return Ok(Redirect::to(&format!("/login?next={encoded}")).into_response());
    };
    let account_id = session.viewer.account_id.clone();
    let asks_consent = prompts.contains(&"consent");
    if !asks_consent && provider.consent_covers(&account_id, &request).await? {
        let url = provider
            .complete(&session, &client, &request)
            .await
            .map_err(|e| provider.refusal(&request, e))?;
        return Ok(Redirect::to(&url).into_response());
    }
    if prompts.contains(&"none") {
        return Err(Refusal::Redirect(request.error(
            &provider.issuer,
            "consent_required",
            "The user has not consented to these scopes yet.",
        )));
    }
    let id = random_token();
    let params = serde_json::to_string(&request).map_err(|e| provider.refusal(&request, e))?;
    let now = now();
    grants::insert_request(
        &provider.db,
        &id,
        &account_id,
        &request.client_id,
        &params,
        now,
        now + REQUEST_TTL_SECS,
    )
    .await
    .map_err(|e| provider.refusal(&request, e))?;
    Ok(Redirect::to(&format!("/consent?request={id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_types_and_their_grants() {
        let parse = |s: &str| ResponseType::parse(s).map(ResponseType::grant);
        assert_eq!(parse("code"), Some("authorization_code"));
        assert_eq!(parse("id_token"), Some("implicit"));
        assert_eq!(parse("token id_token"), Some("implicit"));
        assert_eq!(parse("code id_token"), Some("hybrid"));
        assert_eq!(parse("code id_token token"), Some("hybrid"));
        assert_eq!(parse("token"), None);
        assert_eq!(parse("code code"), None);
        assert_eq!(parse("password"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn pkce_values_are_43_to_128_unreserved_characters() {
        assert!(is_pkce_value(&"a".repeat(43)));
        assert!(!is_pkce_value(&"a".repeat(42)));
        assert!(!is_pkce_value(&"a".repeat(129)));
        assert!(!is_pkce_value(&format!("{}+", "a".repeat(43))));
    }
}
