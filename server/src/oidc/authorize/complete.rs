//! Finishing an authorization: the grant, then the code and/or tokens the
//! response type asks for, sent back to the client's redirect URI.

use app::services::CurrentSession;

use super::AuthRequest;
use super::redirect;
use crate::crypto::tokens::{hash_token, random_token};
use crate::oidc::tokens::id_token::IdTokenRequest;
use crate::oidc::tokens::{TOKEN_TTL_SECS, TokenRequest};
use crate::oidc::{OAuthError, Provider, ProviderClient};
use crate::store::grants::{self, CodeRow, GrantRow};
use crate::store::now;

/// Authorization codes live this long (RFC 6749 §4.1.2 asks for ≤ 10 min).
const CODE_TTL_SECS: i64 = 60;

impl Provider {
    /// Creates the grant and answers the request; returns the redirect URL.
    pub async fn complete(
        &self,
        session: &CurrentSession,
        client: &ProviderClient,
        request: &AuthRequest,
    ) -> Result<String, OAuthError> {
        let now = now();
        let auth_time = session.signed_in_at;
        let grant = GrantRow {
            id: random_token()[..22].to_owned(),
            account_id: session.viewer.account_id.clone(),
            client_id: client.id.clone(),
            scopes: request.scopes.clone(),
            auth_time,
            amr: session.amr.clone(),
            revoked_at: None,
        };
        grants::insert_grant(self.db.pool(), &grant, now)
            .await
            .map_err(|e| self.internal("storing a grant", e))?;
        let rt = request.response_type;
        let mut params: Vec<(&str, String)> = Vec::new();
        let code = if rt.code {
            let code = random_token();
            let row = CodeRow {
                grant_id: grant.id.clone(),
                redirect_uri: request.redirect_uri.clone(),
                code_challenge: request.code_challenge.clone(),
                nonce: request.nonce.clone(),
                expires_at: now + CODE_TTL_SECS,
            };
            grants::insert_code(self.db.pool(), &hash_token(&code), &row)
                .await
                .map_err(|e| self.internal("storing an authorization code", e))?;
            params.push(("code", code.clone()));
            Some(code)
        } else {
            None
        };
        let access_token = if rt.token {
            let (token, _) = self.issue_access_token(TokenRequest {
                client,
                subject: &grant.account_id,
                audiences: client.audiences(&request.scopes, &self.issuer),
                scopes: &request.scopes,
                auth_time: Some(auth_time),
                grant_id: Some(&grant.id),
            })?;
            params.push(("access_token", token.clone()));
            params.push(("token_type", "Bearer".into()));
            params.push(("expires_in", TOKEN_TTL_SECS.to_string()));
            params.push(("scope", request.scopes.to_string()));
            Some(token)
        } else {
            None
        };
        if rt.id_token {
            let id_token = self
                .id_token(IdTokenRequest {
                    client,
                    account_id: &grant.account_id,
                    scopes: &request.scopes,
                    auth_time,
                    amr: &grant.amr,
                    nonce: request.nonce.as_deref(),
                    access_token: access_token.as_deref(),
                    code: code.as_deref(),
                })
                .await?;
            params.push(("id_token", id_token.to_string()));
        }
        if let Some(state) = &request.state {
            params.push(("state", state.clone()));
        }
        // RFC 9207: says which issuer answered, against mix-up attacks.
        params.push(("iss", self.issuer.to_string()));
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Ok(redirect::build(
            &request.redirect_uri,
            &pairs,
            request.fragment,
        ))
    }
}
