//! `ConsentService`: the consent page's request and decision, and the
//! account page's list of apps with access.

use app::error::AppError;
use app::model::{AppAccess, ConsentPrompt, ScopeDescription};
use app::services::{ConsentService, CurrentSession, ServiceError, ServiceResult};
use async_trait::async_trait;
use url::Url;

use super::authorize::AuthRequest;
use super::client::ProviderClient;
use super::{OAuthError, Provider};
use crate::store::{consents as consent_store, grants, now, scopes as scope_store};

impl From<OAuthError> for ServiceError {
    fn from(err: OAuthError) -> Self {
        // Provider errors here are internal (already logged with context).
        Self::Internal(err.to_string().into())
    }
}

/// Each scope with the catalog's end-user description.
async fn describe(provider: &Provider, scopes: &[String]) -> ServiceResult<Vec<ScopeDescription>> {
    let catalog = scope_store::list(&provider.db).await?;
    Ok(scopes
        .iter()
        .map(|name| ScopeDescription {
            description: catalog
                .iter()
                .find(|s| &s.name == name)
                .map_or_else(|| name.clone(), |s| s.description.clone()),
            name: name.clone(),
        })
        .collect())
}

impl Provider {
    /// The user's pending request and its client, or "not found".
    async fn pending(
        &self,
        session: &CurrentSession,
        request_id: &str,
    ) -> ServiceResult<(AuthRequest, ProviderClient)> {
        let params = grants::find_request(&self.db, request_id, &session.viewer.account_id, now())
            .await?
            .ok_or(AppError::NotFound)?;
        let request: AuthRequest =
            serde_json::from_str(&params).map_err(|e| ServiceError::Internal(Box::new(e)))?;
        let client = ProviderClient::load(&self.db, &request.client_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((request, client))
    }
}

#[async_trait]
impl ConsentService for Provider {
    async fn consent_prompt(
        &self,
        session: &CurrentSession,
        request_id: &str,
    ) -> ServiceResult<ConsentPrompt> {
        let (request, client) = self.pending(session, request_id).await?;
        let owner = crate::store::credentials::owner(&self.db, &client.id)
            .await?
            .unwrap_or_default();
        let redirect_origin = Url::parse(&request.redirect_uri)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        Ok(ConsentPrompt {
            request_id: request_id.to_owned(),
            client_id: client.id.clone(),
            client_name: client.name.clone(),
            owner_name: owner.0,
            owner_email: owner.1,
            scopes: describe(self, &request.scopes).await?,
            redirect_origin,
        })
    }

    async fn answer_consent(
        &self,
        session: &CurrentSession,
        request_id: &str,
        allow: bool,
    ) -> ServiceResult<String> {
        let (request, client) = self.pending(session, request_id).await?;
        let account_id = &session.viewer.account_id;
        // Answered once: a second click (or a replayed post) finds nothing.
        if !grants::delete_request(&self.db, request_id, account_id).await? {
            return Err(AppError::NotFound.into());
        }
        if !allow {
            return Ok(request.error(&self.issuer, "access_denied", "The user denied access."));
        }
        let mut scopes = request.scopes.clone();
        if let Some(previous) = consent_store::find(&self.db, account_id, &client.id).await? {
            for scope in previous.scopes.split(' ').filter(|s| !s.is_empty()) {
                if !scopes.iter().any(|s| s == scope) {
                    scopes.push(scope.to_owned());
                }
            }
        }
        consent_store::save(&self.db, account_id, &client.id, &scopes.join(" "), now()).await?;
        Ok(self.complete(session, &client, &request).await?)
    }

    async fn apps(&self, session: &CurrentSession) -> ServiceResult<Vec<AppAccess>> {
        let rows = consent_store::for_account(&self.db, &session.viewer.account_id).await?;
        let mut out = Vec::with_capacity(rows.len());
        for (client_id, client_name, owner_name, scopes, granted_at, updated_at) in rows {
            let scopes: Vec<String> = scopes
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            out.push(AppAccess {
                client_id,
                client_name,
                owner_name,
                scopes: describe(self, &scopes).await?,
                granted_at,
                updated_at,
            });
        }
        Ok(out)
    }

    async fn revoke_app(&self, session: &CurrentSession, client_id: &str) -> ServiceResult<()> {
        let account_id = &session.viewer.account_id;
        if !consent_store::delete(&self.db, account_id, client_id).await? {
            return Err(AppError::NotFound.into());
        }
        // Refresh tokens and access tokens of every grant go with it.
        grants::revoke_grants_of(&self.db, account_id, client_id, now()).await?;
        Ok(self.forget_checked_tokens().await?)
    }
}
