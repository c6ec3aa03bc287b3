//! `POST /oauth2/token` (RFC 6749 §3.2): authenticates the client, then
//! runs the grant it asks for: `client_credentials.rs`, `code.rs`
//! (`authorization_code`), `refresh.rs` (`refresh_token`).

mod client_credentials;
mod code;
mod refresh;
mod user_tokens;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::domain::{GrantType, Scopes};
use app::services::ClientIp;
use axum::Extension;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use openidconnect::core::CoreTokenType;
use openidconnect::{
    AccessToken, EmptyExtraTokenFields, RefreshToken, Scope, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};

use super::FormCredentials;
use super::error::{form_body, no_store};
use super::tokens::TOKEN_TTL_SECS;
use super::tokens::id_token::{IdToken, IdTokenFields};
use super::{OAuthError, Provider};

#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    #[serde(flatten)]
    pub credentials: FormCredentials,
    pub scope: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
}

pub async fn token(
    State(provider): State<Arc<Provider>>,
    Extension(ClientIp(from)): Extension<ClientIp>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    match run(&provider, &headers, form, from).await {
        Ok(body) => (no_store(), axum::Json(body)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// RFC 6749 §5.1 body, with `id_token` only when there is one.
#[derive(Serialize)]
#[serde(untagged)]
pub enum TokenBody {
    OAuth(StandardTokenResponse<EmptyExtraTokenFields, CoreTokenType>),
    OpenId(Box<StandardTokenResponse<IdTokenFields, CoreTokenType>>),
}

/// The `scope` parameter: scope-tokens separated by spaces (RFC 6749 §3.3).
pub fn requested_scopes(scope: Option<&str>) -> Result<Scopes, OAuthError> {
    Scopes::parse(scope.unwrap_or_default())
        .map_err(|reason| OAuthError::invalid_scope(format!("scope is malformed: {reason}")))
}

async fn run(
    provider: &Provider,
    headers: &HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
    from: IpAddr,
) -> Result<TokenBody, OAuthError> {
    let form = form_body(form)?;
    let grant_type = form
        .grant_type
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is missing."))?;
    let grant = match GrantType::parse(grant_type) {
        Ok(
            grant @ (GrantType::ClientCredentials
            | GrantType::AuthorizationCode
            | GrantType::RefreshToken),
        ) => grant,
        _ => {
            return Err(OAuthError::unsupported_grant_type(format!(
                "grant_type {grant_type:?} is not supported; use authorization_code, refresh_token or client_credentials."
            )));
        }
    };
    let auth = provider
        .authenticate_request(headers, &form.credentials, from)
        .await?;
    match grant {
        GrantType::AuthorizationCode => {
            provider
                .authorization_code(
                    &auth,
                    form.code.as_deref(),
                    form.redirect_uri.as_deref(),
                    form.code_verifier.as_deref(),
                )
                .await
        }
        GrantType::RefreshToken => {
            let scopes = requested_scopes(form.scope.as_deref())?;
            provider
                .refresh_token(&auth, form.refresh_token.as_deref(), &scopes)
                .await
        }
        _ => {
            let scopes = requested_scopes(form.scope.as_deref())?;
            provider.client_credentials(&auth, &scopes)
        }
    }
}

pub fn token_response(
    access_token: String,
    scopes: &Scopes,
    id_token: Option<IdToken>,
    refresh_token: Option<String>,
) -> TokenBody {
    let refresh_token = refresh_token.map(RefreshToken::new);
    let expires_in = Duration::from_secs(TOKEN_TTL_SECS.unsigned_abs());
    let scopes = Some(scopes.iter().map(|s| Scope::new(s.to_string())).collect());
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
            let mut response = StandardTokenResponse::new(
                access_token,
                CoreTokenType::Bearer,
                IdTokenFields::new(Some(id_token), EmptyExtraTokenFields {}),
            );
            response.set_expires_in(Some(&expires_in));
            response.set_scopes(scopes);
            response.set_refresh_token(refresh_token);
            TokenBody::OpenId(Box::new(response))
        }
    }
}
