//! `POST /oauth2/token` (RFC 6749 §3.2): authenticates the client, then
//! runs the grant it asks for.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use openidconnect::core::{CoreIdToken, CoreIdTokenFields, CoreTokenResponse, CoreTokenType};
use openidconnect::{
    AccessToken, EmptyExtraTokenFields, RefreshToken, Scope, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};

use super::client_auth::{Authenticated, FormCredentials};
use super::error::{form_body, no_store};
use super::tokens::{TOKEN_TTL_SECS, TokenRequest};
use super::{OAuthError, Provider};

/// Scopes that describe an end user; they mean nothing without one.
pub const USER_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
    pub scope: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
}

pub async fn token(
    State(provider): State<Arc<Provider>>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    match run(&provider, &headers, form).await {
        Ok(body) => (no_store(), axum::Json(body)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// RFC 6749 §5.1 body, with `id_token` only when there is one.
#[derive(Serialize)]
#[serde(untagged)]
pub enum TokenBody {
    OAuth(StandardTokenResponse<EmptyExtraTokenFields, CoreTokenType>),
    OpenId(Box<CoreTokenResponse>),
}

async fn run(
    provider: &Provider,
    headers: &HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<TokenBody, OAuthError> {
    let form = form_body(form)?;
    let grant = form
        .grant_type
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is missing."))?;
    if !matches!(
        grant,
        "client_credentials" | "authorization_code" | "refresh_token"
    ) {
        return Err(OAuthError::unsupported_grant_type(format!(
            "grant_type {grant:?} is not supported; use authorization_code, refresh_token or client_credentials."
        )));
    }
    let auth = provider
        .authenticate_request(
            headers,
            FormCredentials {
                client_id: form.client_id.as_deref(),
                client_secret: form.client_secret.as_deref(),
                client_assertion_type: form.client_assertion_type.as_deref(),
                client_assertion: form.client_assertion.as_deref(),
            },
        )
        .await?;
    match grant {
        "authorization_code" => {
            provider
                .authorization_code(
                    &auth,
                    form.code.as_deref(),
                    form.redirect_uri.as_deref(),
                    form.code_verifier.as_deref(),
                )
                .await
        }
        "refresh_token" => {
            provider
                .refresh_token(&auth, form.refresh_token.as_deref(), form.scope.as_deref())
                .await
        }
        _ => client_credentials(provider, &auth, form.scope.as_deref()),
    }
}

/// Requested scopes, space-separated, without repeats.
pub fn split_scopes(scope: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in scope
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    }
    out
}

fn client_credentials(
    provider: &Provider,
    auth: &Authenticated,
    scope: Option<&str>,
) -> Result<TokenBody, OAuthError> {
    let client = &auth.client;
    if !auth.with_secret || client.public {
        return Err(OAuthError::unauthorized_client(
            "Public clients cannot use client_credentials; they act for a user with authorization_code and PKCE.",
        ));
    }
    if !client.has_grant("client_credentials") {
        return Err(OAuthError::unauthorized_client(
            "This client is not registered for the client_credentials grant; add it in the client's settings.",
        ));
    }
    if let Some(problem) = client.standing_problem() {
        return Err(OAuthError::invalid_client(problem));
    }
    let requested = split_scopes(scope);
    if let Some(user_scope) = requested.iter().find(|s| USER_SCOPES.contains(&s.as_str())) {
        return Err(OAuthError::invalid_scope(format!(
            "{user_scope} is about an end user, and a client_credentials token has none."
        )));
    }
    if let Some(missing) = requested.iter().find(|s| !client.is_granted(s)) {
        return Err(OAuthError::invalid_scope(format!(
            "The client has no granted access to {missing}."
        )));
    }
    // No scope asked for: every granted API scope (RFC 6749 §3.3 default).
    let scopes = if requested.is_empty() {
        client
            .granted
            .iter()
            .map(|(s, _)| s.clone())
            .filter(|s| !USER_SCOPES.contains(&s.as_str()))
            .collect()
    } else {
        requested
    };
    let (token, _) = provider.issue_access_token(TokenRequest {
        client_id: &client.id,
        subject: &client.id,
        audiences: client.audiences(&scopes, provider.issuer()),
        scopes: &scopes,
        auth_time: None,
        grant_id: None,
    })?;
    Ok(token_response(token, &scopes, None, None))
}

pub fn token_response(
    access_token: String,
    scopes: &[String],
    id_token: Option<CoreIdToken>,
    refresh_token: Option<String>,
) -> TokenBody {
    let refresh_token = refresh_token.map(RefreshToken::new);
    let expires_in = Duration::from_secs(TOKEN_TTL_SECS.unsigned_abs());
    let scopes = Some(scopes.iter().cloned().map(Scope::new).collect());
    let access_token = AccessToken::new(access_token);
    match id_token {
        None => {
            let mut response = StandardTokenResponse::new(
                access_token,
                CoreTokenType::Bearer,
                EmptyExtraTokenFields {},
            );
            response.set_expires_in(Some(&expires_in));
            response.set_scopes(scopes);
            response.set_refresh_token(refresh_token);
            TokenBody::OAuth(response)
        }
        Some(id_token) => {
            let mut response = CoreTokenResponse::new(
                access_token,
                CoreTokenType::Bearer,
                CoreIdTokenFields::new(Some(id_token), EmptyExtraTokenFields {}),
            );
            response.set_expires_in(Some(&expires_in));
            response.set_scopes(scopes);
            response.set_refresh_token(refresh_token);
            TokenBody::OpenId(Box::new(response))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_on_spaces_without_repeats() {
        assert_eq!(split_scopes(Some(" a  b a ")), vec!["a", "b"]);
        assert!(split_scopes(None).is_empty());
    }
}
