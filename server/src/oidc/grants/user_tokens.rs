//! What the user-facing grants share: the grant behind a code or refresh
//! token, ending it, and the tokens issued for it.

use app::domain::{GrantType, Scopes};

use super::{TokenBody, token_response};
use crate::crypto::tokens::{hash_token, random_token};
use crate::oidc::tokens::TokenRequest;
use crate::oidc::tokens::id_token::IdTokenRequest;
use crate::oidc::{Authenticated, OAuthError, Provider};
use crate::store::commit;
use crate::store::grants::{self, GrantRow};
use crate::store::now;

/// Refresh tokens live this long unless rotated first.
const REFRESH_TTL_SECS: i64 = 30 * 86_400;

impl Provider {
    pub(super) async fn live_grant(&self, id: &str, problem: &str) -> Result<GrantRow, OAuthError> {
        grants::find_grant(self.db.pool(), id)
            .await
            .map_err(|e| self.internal("reading a grant", e))?
            .filter(|g| g.revoked_at.is_none())
            .ok_or_else(|| OAuthError::invalid_grant(problem.to_owned()))
    }

    /// Revokes a grant: its refresh tokens and its access tokens.
    pub(super) async fn end_grant(&self, id: &str, now: i64) -> Result<(), OAuthError> {
        let ended = async {
            let mut tx = self.db.begin().await?;
            grants::revoke_grant(&mut *tx, id, now).await?;
            self.verified.tokens_revoked(&mut tx).await?;
            commit(tx).await
        };
        ended
            .await
            .map_err(|e| self.internal("revoking a grant", e))?;
        self.verified.forget_tokens();
        Ok(())
    }

    /// Access token, ID token (with `openid`) and a refresh token (with
    /// `offline_access` and the grant) for a user's grant.
    pub(super) async fn user_tokens(
        &self,
        auth: &Authenticated,
        grant: &GrantRow,
        scopes: Scopes,
        nonce: Option<&str>,
    ) -> Result<TokenBody, OAuthError> {
        let client = &auth.client;
        // Only what the client may still have: access withdrawn by an admin
        // since the user consented is not handed out again.
        let scopes = scopes.filter(|s| client.is_granted(s));
        let (access_token, _) = self.issue_access_token(TokenRequest {
            client,
            subject: &grant.account_id,
            audiences: client.audiences(&scopes, &self.issuer),
            scopes: &scopes,
            auth_time: Some(grant.auth_time),
            grant_id: Some(&grant.id),
        })?;
        let id_token = if scopes.contains("openid") {
            Some(
                self.id_token(IdTokenRequest {
                    client,
                    account_id: &grant.account_id,
                    scopes: &scopes,
                    auth_time: grant.auth_time,
                    amr: &grant.amr,
                    nonce,
                    access_token: Some(&access_token),
                    code: None,
                })
                .await?,
            )
        } else {
            None
        };
        let refresh =
            if scopes.contains("offline_access") && client.has_grant(GrantType::RefreshToken) {
                let value = random_token();
                let now = now();
                grants::insert_refresh(
                    self.db.pool(),
                    &hash_token(&value),
                    &grant.id,
                    now,
                    now + REFRESH_TTL_SECS,
                )
                .await
                .map_err(|e| self.internal("storing a refresh token", e))?;
                Some(value)
            } else {
                None
            };
        Ok(token_response(access_token, &scopes, id_token, refresh))
    }
}
