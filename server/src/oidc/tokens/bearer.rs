//! Bearer access tokens on resource endpoints (RFC 6750 §2.1).

use axum::http::{HeaderMap, header};

use super::AccessClaims;
use crate::oidc::{OAuthError, Provider};

/// The token of an `Authorization: Bearer …` header, if there is one.
pub fn bearer_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

impl Provider {
    /// The claims of the request's live bearer token, which must carry `scope`.
    pub async fn bearer(
        &self,
        headers: &HeaderMap,
        scope: &str,
    ) -> Result<AccessClaims, OAuthError> {
        let token = bearer_of(headers).ok_or_else(|| {
            OAuthError::invalid_token("Send an access token: Authorization: Bearer <token>.")
        })?;
        self.bearer_token(token, scope).await
    }

    /// The claims of a live access token that carries `scope`.
    pub async fn bearer_token(&self, token: &str, scope: &str) -> Result<AccessClaims, OAuthError> {
        let claims = self.check_access_token(token).await?.ok_or_else(|| {
            OAuthError::invalid_token("The access token is invalid, expired or revoked.")
        })?;
        if !claims.has_scope(scope) {
            return Err(OAuthError::insufficient_scope(scope));
        }
        Ok(claims)
    }
}
