//! Bearer access tokens on resource endpoints (RFC 6750 §2.1).

use axum::http::{HeaderMap, header};

use super::tokens::AccessClaims;
use super::{OAuthError, Provider};

impl Provider {
    /// The claims of the request's live bearer token, which must carry `scope`.
    pub async fn bearer(
        &self,
        headers: &HeaderMap,
        scope: &str,
    ) -> Result<AccessClaims, OAuthError> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                OAuthError::invalid_token("Send an access token: Authorization: Bearer <token>.")
            })?;
        let claims = self.check_access_token(token).await?.ok_or_else(|| {
            OAuthError::invalid_token("The access token is invalid, expired or revoked.")
        })?;
        if !claims.has_scope(scope) {
            return Err(OAuthError::insufficient_scope(scope));
        }
        Ok(claims)
    }
}
