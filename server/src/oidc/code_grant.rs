//! The user-facing grants at the token endpoint: `authorization_code`
//! (with PKCE, RFC 7636) and `refresh_token` (rotated on every use; a reused
//! one revokes its whole family, RFC 9700 §4.14.2).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::client_auth::Authenticated;
use super::id_token::IdTokenRequest;
use super::token::{TokenBody, split_scopes, token_response};
use super::tokens::TokenRequest;
use super::{OAuthError, Provider};
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::grants::{self, GrantRow};
use crate::store::now;

/// Refresh tokens live this long unless rotated first.
const REFRESH_TTL_SECS: i64 = 30 * 86_400;

const BAD_CODE: &str = "The authorization code is invalid, expired or already used.";
const BAD_REFRESH: &str = "The refresh token is invalid, expired or revoked.";

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Provider {
    pub async fn authorization_code(
        &self,
        auth: &Authenticated,
        code: Option<&str>,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        if !client.has_grant("authorization_code") && !client.has_grant("hybrid") {
            return Err(OAuthError::unauthorized_client(
                "This client is not registered for the authorization_code grant.",
            ));
        }
        if let Some(problem) = client.standing_problem() {
            return Err(OAuthError::invalid_client(problem));
        }
        let code = code
            .filter(|c| !c.is_empty())
            .ok_or_else(|| OAuthError::invalid_request("code is missing."))?;
        let code_hash = hash_token(code);
        let row = grants::find_code(&self.db, &code_hash)
            .await
            .map_err(|e| self.internal(e))?
            .ok_or_else(|| OAuthError::invalid_grant(BAD_CODE))?;
        let grant = self.live_grant(&row.grant_id, BAD_CODE).await?;
        if grant.client_id != client.id {
            return Err(OAuthError::invalid_grant(BAD_CODE));
        }
        let now = now();
        if !grants::spend_code(&self.db, &code_hash, now)
            .await
            .map_err(|e| self.internal(e))?
        {
            // A replayed code: whatever it gave out is revoked (RFC 6749 §4.1.2).
            self.end_grant(&grant.id, now).await?;
            return Err(OAuthError::invalid_grant(BAD_CODE));
        }
        if row.expires_at <= now {
            return Err(OAuthError::invalid_grant(BAD_CODE));
        }
        if redirect_uri != Some(row.redirect_uri.as_str()) {
            return Err(OAuthError::invalid_grant(
                "redirect_uri must be the one the authorization request used.",
            ));
        }
        match (row.code_challenge.as_deref(), verifier) {
            (Some(challenge), Some(verifier)) if s256(verifier) == challenge => {}
            (Some(_), Some(_)) => {
                return Err(OAuthError::invalid_grant(
                    "The PKCE code_verifier does not match the code_challenge.",
                ));
            }
            (Some(_), None) => {
                return Err(OAuthError::invalid_grant(
                    "code_verifier is missing (the request used PKCE).",
                ));
            }
            (None, Some(_)) => {
                return Err(OAuthError::invalid_grant(
                    "code_verifier was sent, but the authorization request had no code_challenge.",
                ));
            }
            (None, None) if !auth.with_secret => {
                return Err(OAuthError::invalid_grant("Public clients must use PKCE."));
            }
            (None, None) => {}
        }
        let scopes = split_scopes(Some(&grant.scopes));
        self.user_tokens(auth, &grant, scopes, row.nonce.as_deref())
            .await
    }

    pub async fn refresh_token(
        &self,
        auth: &Authenticated,
        token: Option<&str>,
        scope: Option<&str>,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        if !client.has_grant("refresh_token") {
            return Err(OAuthError::unauthorized_client(
                "This client is not registered for the refresh_token grant.",
            ));
        }
        if let Some(problem) = client.standing_problem() {
            return Err(OAuthError::invalid_client(problem));
        }
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing."))?;
        let token_hash = hash_token(token);
        let row = grants::find_refresh(&self.db, &token_hash)
            .await
            .map_err(|e| self.internal(e))?
            .ok_or_else(|| OAuthError::invalid_grant(BAD_REFRESH))?;
        let grant = self.live_grant(&row.grant_id, BAD_REFRESH).await?;
        if grant.client_id != client.id {
            return Err(OAuthError::invalid_grant(BAD_REFRESH));
        }
        let now = now();
        let fresh = row.used_at.is_none()
            && grants::spend_refresh(&self.db, &token_hash, now)
                .await
                .map_err(|e| self.internal(e))?;
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
        let granted = split_scopes(Some(&grant.scopes));
        let requested = split_scopes(scope);
        if let Some(extra) = requested.iter().find(|s| !granted.contains(s)) {
            return Err(OAuthError::invalid_scope(format!(
                "{extra} was not part of the original grant."
            )));
        }
        let scopes = if requested.is_empty() {
            granted
        } else {
            requested
        };
        self.user_tokens(auth, &grant, scopes, None).await
    }

    async fn live_grant(&self, id: &str, problem: &str) -> Result<GrantRow, OAuthError> {
        grants::find_grant(&self.db, id)
            .await
            .map_err(|e| self.internal(e))?
            .filter(|g| g.revoked_at.is_none())
            .ok_or_else(|| OAuthError::invalid_grant(problem.to_owned()))
    }

    /// Revokes a grant: its refresh tokens and its access tokens.
    async fn end_grant(&self, id: &str, now: i64) -> Result<(), OAuthError> {
        grants::revoke_grant(&self.db, id, now)
            .await
            .map_err(|e| self.internal(e))?;
        self.forget_checked_tokens().await
    }

    /// Access token, ID token (with `openid`) and a refresh token (with
    /// `offline_access` and the grant) for a user's grant.
    async fn user_tokens(
        &self,
        auth: &Authenticated,
        grant: &GrantRow,
        scopes: Vec<String>,
        nonce: Option<&str>,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        // Only what the client may still have: access withdrawn by an admin
        // since the user consented is not handed out again.
        let scopes: Vec<String> = scopes
            .into_iter()
            .filter(|s| client.is_granted(s))
            .collect();
        let (access_token, _) = self.issue_access_token(TokenRequest {
            client_id: &client.id,
            subject: &grant.account_id,
            audiences: client.audiences(&scopes, &self.issuer),
            scopes: &scopes,
            auth_time: Some(grant.auth_time),
            grant_id: Some(&grant.id),
        })?;
        let has = |scope: &str| scopes.iter().any(|s| s == scope);
        let id_token = if has("openid") {
            Some(
                self.id_token(IdTokenRequest {
                    client,
                    account_id: &grant.account_id,
                    scopes: &scopes,
                    auth_time: grant.auth_time,
                    nonce,
                    access_token: Some(&access_token),
                    code: None,
                })
                .await?,
            )
        } else {
            None
        };
        let refresh = if has("offline_access") && client.has_grant("refresh_token") {
            let value = random_token();
            let now = now();
            grants::insert_refresh(
                &self.db,
                &hash_token(&value),
                &grant.id,
                now,
                now + REFRESH_TTL_SECS,
            )
            .await
            .map_err(|e| self.internal(e))?;
            Some(value)
        } else {
            None
        };
        Ok(token_response(access_token, &scopes, id_token, refresh))
    }
}

#[cfg(test)]
mod tests {
    use openidconnect::{PkceCodeChallenge, PkceCodeVerifier};

    #[test]
    fn s256_agrees_with_openidconnect() {
        let verifier = "dBjftJeZ4CVP-mB92K1uhbGYrAPDiuDw56lZtBBpYmQ";
        let theirs =
            PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.into()));
        assert_eq!(super::s256(verifier), theirs.as_str());
        assert_ne!(
            super::s256("another verifier of some length"),
            theirs.as_str()
        );
    }
}
