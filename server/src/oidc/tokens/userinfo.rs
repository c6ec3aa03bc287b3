//! `GET|POST /oauth2/userinfo` (OIDC Core §5.3): the claims of the token's
//! user that its scopes allow.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::oidc::{OAuthError, Provider};
use crate::store::accounts as account_store;

#[derive(Serialize)]
struct UserInfo {
    sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_verified: Option<bool>,
}

pub async fn userinfo(State(provider): State<Arc<Provider>>, headers: HeaderMap) -> Response {
    let result = async {
        let claims = provider.bearer(&headers, "openid").await?;
        // A client_credentials token has the client as subject, not a user.
        if claims.gid.is_none() {
            return Err(OAuthError::invalid_token(
                "This token was not issued for a user.",
            ));
        }
        let account = account_store::find_by_id(provider.db.pool(), &claims.sub)
            .await
            .map_err(|e| provider.internal("reading the user for userinfo", e))?
            .ok_or_else(|| OAuthError::invalid_token("The user's account no longer exists."))?;
        Ok::<_, OAuthError>(UserInfo {
            sub: account.id,
            name: claims.has_scope("profile").then_some(account.display_name),
            email: claims.has_scope("email").then(|| account.email.clone()),
            // Confirmed by the link sent at sign-up (or made by an operator).
            email_verified: claims
                .has_scope("email")
                .then_some(account.email_verified_at.is_some()),
        })
    }
    .await;
    match result {
        Ok(info) => Json(info).into_response(),
        Err(err) => err.into_response(),
    }
}
