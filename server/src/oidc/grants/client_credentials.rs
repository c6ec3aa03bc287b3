//! `grant_type=client_credentials`: a confidential client gets a token for
//! itself, for scopes it has been granted.

use app::domain::{GrantType, Scopes};

use super::{TokenBody, token_response};
use crate::oidc::tokens::{TokenRequest, USER_SCOPES};
use crate::oidc::{Authenticated, OAuthError, Provider};

impl Provider {
    /// The token response for an authenticated client asking for `scopes`
    /// (none: every granted API scope, RFC 6749 §3.3), or why not. The
    /// token endpoint and the portal's Test tab both come here.
    pub fn client_credentials(
        &self,
        auth: &Authenticated,
        requested: &Scopes,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        if !auth.with_secret || client.is_public() {
            return Err(OAuthError::unauthorized_client(
                "Public clients cannot use client_credentials; they act for a user with authorization_code and PKCE.",
            ));
        }
        client.ready_for(&[GrantType::ClientCredentials])?;
        if let Some(user_scope) = requested.iter().find(|s| USER_SCOPES.contains(&s.as_ref())) {
            return Err(OAuthError::invalid_scope(format!(
                "{user_scope} is about an end user, and a client_credentials token has none."
            )));
        }
        if let Some(missing) = client.ungranted(requested) {
            return Err(OAuthError::invalid_scope(format!(
                "The client has no granted access to {missing}."
            )));
        }
        let scopes = if requested.is_empty() {
            client
                .granted_scopes()
                .filter(|s| !USER_SCOPES.contains(&s.as_ref()))
        } else {
            requested.clone()
        };
        let (token, _) = self.issue_access_token(TokenRequest {
            client,
            subject: &client.id,
            audiences: client.audiences(&scopes, self.issuer()),
            scopes: &scopes,
            auth_time: None,
            grant_id: None,
        })?;
        Ok(token_response(token, &scopes, None, None))
    }
}
