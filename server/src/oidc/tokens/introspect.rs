//! `POST /oauth2/introspect` (RFC 7662) and `POST /oauth2/revoke`
//! (RFC 7009), both for authenticated clients.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::AccessClaims;
use crate::oidc::FormCredentials;
use crate::oidc::error::form_body;
use crate::oidc::{Authenticated, OAuthError, Provider, ProviderClient, no_store};
use crate::store::commit;
use crate::store::tokens as token_store;
use app::services::ClientIp;
use axum::Extension;

#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    token: Option<String>,
    /// A hint only (RFC 7662 §2.1); every kind of token is looked up.
    #[allow(dead_code)]
    token_type_hint: Option<String>,
    #[serde(flatten)]
    credentials: FormCredentials,
}

#[derive(Serialize)]
struct Introspection {
    active: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    claims: Option<AccessClaims>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_type: Option<&'static str>,
}

/// Parses the form and authenticates the calling client, which must be
/// confidential and in good standing.
async fn caller(
    provider: &Provider,
    headers: &HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
    from: IpAddr,
) -> Result<(Authenticated, String), OAuthError> {
    let form = form_body(form)?;
    let auth = provider
        .authenticate_request(headers, &form.credentials, from)
        .await?;
    if !auth.with_secret {
        return Err(OAuthError::invalid_client(
            "Only confidential clients, authenticated with a secret, may call this endpoint.",
        ));
    }
    if let Some(problem) = auth.client.standing_problem() {
        return Err(OAuthError::invalid_client(problem));
    }
    let token = form
        .token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("token is missing."))?;
    Ok((auth, token))
}

/// Whether `caller` may learn about a token with these claims: the
/// token's own client, or a resource server the token is for — a client an
/// admin granted `introspect:<audience>` for one of the token's audiences.
/// Anyone else is told the token is inactive (RFC 7662 §2.2 lets the server
/// say no more than that).
pub fn may_introspect(caller: &ProviderClient, claims: &AccessClaims) -> bool {
    caller.id == claims.client_id
        || claims.aud.iter().any(|audience| {
            caller.granted.iter().any(|g| {
                g.scope.as_ref().strip_prefix(INTROSPECT_PREFIX) == Some(audience.as_str())
            })
        })
}

/// `introspect:<audience>`: the scope that makes a client the resource
/// server of `<audience>` at the introspection endpoint.
pub const INTROSPECT_PREFIX: &str = "introspect:";

pub async fn introspect(
    State(provider): State<Arc<Provider>>,
    Extension(ClientIp(from)): Extension<ClientIp>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let result = async {
        let (auth, token) = caller(&provider, &headers, form, from).await?;
        let claims = provider
            .check_access_token(&token)
            .await?
            .filter(|claims| may_introspect(&auth.client, claims));
        Ok::<_, OAuthError>(Introspection {
            active: claims.is_some(),
            token_type: claims.as_ref().map(|_| "Bearer"),
            claims,
        })
    }
    .await;
    match result {
        Ok(body) => (no_store(), axum::Json(body)).into_response(),
        Err(err) => err.into_response(),
    }
}

pub async fn revoke(
    State(provider): State<Arc<Provider>>,
    Extension(ClientIp(from)): Extension<ClientIp>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let result = async {
        let (auth, token) = caller(&provider, &headers, form, from).await?;
        // Unknown, expired and already revoked tokens: nothing to do, and
        // still 200 (RFC 7009 §2.2).
        let Some(claims) = provider.check_access_token(&token).await? else {
            return Ok(());
        };
        if claims.client_id != auth.client.id {
            return Err(OAuthError::unauthorized_client(
                "This token was issued to another client.",
            ));
        }
        provider.revoke_access_token(&claims).await
    }
    .await;
    match result {
        Ok(()) => (StatusCode::OK, no_store()).into_response(),
        Err(err) => err.into_response(),
    }
}

impl Provider {
    /// Remembers a revoked access token until it would have expired, and
    /// makes every replica forget that it had checked it.
    async fn revoke_access_token(&self, claims: &AccessClaims) -> Result<(), OAuthError> {
        let revoked = async {
            let mut tx = self.db.begin().await?;
            token_store::revoke_jti(&mut *tx, &claims.jti, claims.exp).await?;
            self.verified.tokens_revoked(&mut tx).await?;
            commit(tx).await
        };
        revoked
            .await
            .map_err(|e| self.internal("revoking an access token", e))?;
        self.verified.forget_tokens();
        Ok(())
    }
}
