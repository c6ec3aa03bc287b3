//! `ConsentService`: the consent page's request and decision, and the
//! account page's list of apps with access.

use app::domain::Scopes;
use app::error::AppError;
use app::model::{
    AppAccess, ConsentPrompt, ListPage, LogoutPrompt, PAGE_READ, ScopeDescription, SignInApp,
    split_page,
};
use app::services::{
    ConsentService, CurrentSession, LogoutRequest, ServiceError, ServiceResult, doing,
};
use async_trait::async_trait;
use url::Url;

use super::AuthRequest;
use crate::oidc::logout::{AfterLogout, LogoutQuery};
use crate::oidc::{Provider, ProviderClient};
use crate::paging::after_key;
use crate::store::scopes::ScopeRow;
use crate::store::{PageKey, commit};
use crate::store::{
    clients as client_store, consents as consent_store, grants, now, scopes as scope_store,
};

/// Each scope with the catalog's end-user description.
fn describe(catalog: &[ScopeRow], scopes: &Scopes) -> Vec<ScopeDescription> {
    scopes
        .iter()
        .map(|name| ScopeDescription {
            description: catalog
                .iter()
                .find(|s| s.name == name.as_ref())
                .map_or_else(|| name.to_string(), |s| s.description.clone()),
            name: name.to_string(),
        })
        .collect()
}

impl Provider {
    /// The user's pending request and its client, or "not found".
    async fn pending(
        &self,
        session: &CurrentSession,
        request_id: &str,
    ) -> ServiceResult<(AuthRequest, ProviderClient)> {
        let params = grants::find_request(
            self.db.pool(),
            request_id,
            &session.viewer.account_id,
            now(),
        )
        .await?
        .ok_or(AppError::NotFound)?;
        let request: AuthRequest = serde_json::from_str(&params)
            .map_err(|e| ServiceError::internal("decoding a pending authorization request", e))?;
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
        doing("loading a consent prompt", async {
            let (request, client) = self.pending(session, request_id).await?;
            let redirect_origin = Url::parse(&request.redirect_uri)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_default();
            let catalog = scope_store::list(self.db.pool()).await?;
            Ok(ConsentPrompt {
                request_id: request_id.to_owned(),
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                org_name: client.org.name.clone(),
                org_number: client.org.number.clone(),
                scopes: describe(&catalog, &request.scopes),
                redirect_origin,
                authorize_path: request.authorize_path(),
                links: client_store::links(self.db.pool(), &client.id).await?,
            })
        })
        .await
    }

    async fn sign_in_app(&self, client_id: &str) -> ServiceResult<Option<SignInApp>> {
        doing("naming the app of a sign-in", async {
            let client = ProviderClient::load(&self.db, client_id).await?;
            let Some(client) = client.filter(|c| c.status.is_active()) else {
                return Ok(None);
            };
            Ok(Some(SignInApp {
                links: client_store::links(self.db.pool(), &client.id).await?,
                client_name: client.name,
                org_name: client.org.name,
            }))
        })
        .await
    }

    async fn answer_consent(
        &self,
        session: &CurrentSession,
        request_id: &str,
        allow: bool,
    ) -> ServiceResult<String> {
        doing("answering a consent prompt", async {
            let (request, client) = self.pending(session, request_id).await?;
            let account_id = &session.viewer.account_id;
            // Answered once: a second click (or a replayed post) finds nothing.
            if !grants::delete_request(self.db.pool(), request_id, account_id).await? {
                return Err(AppError::NotFound.into());
            }
            if !allow {
                return Ok(request.error(&self.issuer, "access_denied", "The user denied access."));
            }
            let previous = consent_store::find(self.db.pool(), account_id, &client.id).await?;
            let scopes = match previous {
                Some(previous) => request.scopes.union(&previous.scopes),
                None => request.scopes.clone(),
            };
            consent_store::save(self.db.pool(), account_id, &client.id, &scopes, now()).await?;
            Ok(self.complete(session, &client, &request).await?)
        })
        .await
    }

    async fn apps(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AppAccess>> {
        let after = after_key(after)?;
        doing("listing the apps a user gave access to", async {
            let rows = consent_store::page_for_account(
                self.db.pool(),
                &session.viewer.account_id,
                after.as_ref(),
                PAGE_READ,
            )
            .await?;
            let (rows, next_after) = split_page(rows, |r| {
                PageKey::new(r.updated_at, r.client_id.clone()).text()
            });
            let catalog = scope_store::list(self.db.pool()).await?;
            let rows = rows
                .into_iter()
                .map(|row| AppAccess {
                    scopes: describe(&catalog, &row.scopes),
                    client_id: row.client_id,
                    client_name: row.client_name,
                    org_name: row.org_name,
                    granted_at: row.granted_at,
                    updated_at: row.updated_at,
                })
                .collect();
            Ok(ListPage { rows, next_after })
        })
        .await
    }

    async fn revoke_app(&self, session: &CurrentSession, client_id: &str) -> ServiceResult<()> {
        let account_id = &session.viewer.account_id;
        doing("removing an app's access", async {
            let mut tx = self.db.begin().await?;
            if !consent_store::delete(&mut *tx, account_id, client_id).await? {
                return Err(AppError::NotFound.into());
            }
            // Refresh tokens and access tokens of every grant go with it.
            grants::revoke_grants_of(&mut *tx, account_id, client_id, now()).await?;
            self.verified.tokens_revoked(&mut tx).await?;
            commit(tx).await?;
            self.verified.forget_tokens();
            Ok(())
        })
        .await
    }

    async fn logout_prompt(
        &self,
        session: &CurrentSession,
        request: LogoutRequest,
    ) -> ServiceResult<LogoutPrompt> {
        let query = LogoutQuery {
            id_token_hint: request.id_token_hint,
            client_id: request.client_id,
            post_logout_redirect_uri: request.post_logout_redirect_uri,
            state: request.state,
        };
        let plan = self.plan_logout(&query).await;
        let return_origin = match &plan.after {
            AfterLogout::Client(url) => Url::parse(url)
                .ok()
                .map(|u| u.origin().ascii_serialization()),
            AfterLogout::Portico { .. } => None,
        };
        Ok(LogoutPrompt {
            email: session.viewer.email.clone(),
            client_name: plan.client_name,
            return_origin,
        })
    }
}
