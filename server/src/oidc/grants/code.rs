//! `grant_type=authorization_code` (RFC 6749 §4.1.3) with PKCE (RFC 7636):
//! the code is single-use, bound to its client, redirect URI and challenge.

use app::domain::GrantType;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::TokenBody;
use crate::crypto::tokens::hash_token;
use crate::oidc::{Authenticated, OAuthError, Provider};
use crate::store::grants;
use crate::store::now;

const BAD_CODE: &str = "The authorization code is invalid, expired or already used.";

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
        if !client.has_grant(GrantType::AuthorizationCode) && !client.has_grant(GrantType::Hybrid) {
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
        let row = grants::find_code(self.db.pool(), &code_hash)
            .await
            .map_err(|e| self.internal("reading an authorization code", e))?
            .ok_or_else(|| OAuthError::invalid_grant(BAD_CODE))?;
        let grant = self.live_grant(&row.grant_id, BAD_CODE).await?;
        if grant.client_id != client.id {
            return Err(OAuthError::invalid_grant(BAD_CODE));
        }
        let now = now();
        let spent = grants::spend_code(self.db.pool(), &code_hash, now)
            .await
            .map_err(|e| self.internal("spending an authorization code", e))?;
        if !spent {
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
        let scopes = grant.scopes.clone();
        self.user_tokens(auth, &grant, scopes, row.nonce.as_deref())
            .await
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
