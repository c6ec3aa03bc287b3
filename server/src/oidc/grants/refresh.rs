//! `grant_type=refresh_token`: refresh tokens rotate on every use; a used
//! one presented again revokes its whole family (RFC 9700 §4.14.2).

use app::domain::{GrantType, Scopes};

use super::TokenBody;
use crate::crypto::tokens::hash_token;
use crate::oidc::{Authenticated, OAuthError, Provider};
use crate::store::grants;
use crate::store::now;

const BAD_REFRESH: &str = "The refresh token is invalid, expired or revoked.";

impl Provider {
    pub async fn refresh_token(
        &self,
        auth: &Authenticated,
        token: Option<&str>,
        requested: &Scopes,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        client.ready_for(&[GrantType::RefreshToken])?;
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing."))?;
        let token_hash = hash_token(token);
        let row = grants::find_refresh(self.db.pool(), &token_hash)
            .await
            .map_err(|e| self.internal("reading a refresh token", e))?
            .ok_or_else(|| OAuthError::invalid_grant(BAD_REFRESH))?;
        let grant = self.live_grant(&row.grant_id, BAD_REFRESH).await?;
        if grant.client_id != client.id {
            return Err(OAuthError::invalid_grant(BAD_REFRESH));
        }
        // The whole request is checked before the token is rotated: a
        // mistake here must not spend it (and so turn the next, correct
        // request into a replay).
        if let Some(extra) = requested
            .iter()
            .find(|s| !grant.scopes.contains(s.as_ref()))
        {
            return Err(OAuthError::invalid_scope(format!(
                "{extra} was not part of the original grant."
            )));
        }
        let now = now();
        let fresh = row.used_at.is_none()
            && grants::spend_refresh(self.db.pool(), &token_hash, now)
                .await
                .map_err(|e| self.internal("rotating a refresh token", e))?;
        if !fresh {
            // A rotated token came back: someone holds a copy. End the family.
            self.end_grant(&grant.id, now).await?;
            return Err(OAuthError::invalid_grant(
                "This refresh token was already used; every token of this sign-in is now revoked.",
            ));
        }
        if row.expires_at <= now {
            return Err(OAuthError::invalid_grant(BAD_REFRESH));
        }
        let scopes = if requested.is_empty() {
            grant.scopes.clone()
        } else {
            requested.clone()
        };
        self.user_tokens(auth, &grant, scopes, None).await
    }
}
