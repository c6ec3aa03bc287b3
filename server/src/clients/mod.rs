//! Client registration: the `ClientService` that server functions call.
//! CRUD of clients here; secrets, catalog and audit in their own files.

mod approvals;
mod audit;
mod catalog;
mod convert;
pub mod drafts;
pub mod own;
pub mod registration;
mod secrets;
mod test_run;

use std::sync::Arc;

use app::domain::{ClientId, ClientPrefix, PublicJwks, ScopeName, SecretExpiry, Suffix};
use app::error::AppError;
use app::model::{
    AdminClient, AuditEntry, ClientDetail, ClientStatus, ClientSummary, NewSecret, PendingClient,
    ScopeAccess, ScopeInfo, SecretInfo, TestRun,
};
use app::services::{
    ClientService, ClientSettings, CurrentSession, PastedSecret, ScopeDefinition, ServiceResult,
};
use async_trait::async_trait;

use crate::crypto::passwords::Hasher;
use crate::oidc::{Provider, Verified};
use crate::store::clients::{self as client_store, ClientRow, ClientWrite, ScopeStatus};
use crate::store::{
    Db, StoreError, json_list, now, scopes as scope_store, secrets as secret_store,
};
use audit::Actor;
pub use audit::Auditor;
use convert::detail;

pub struct Clients {
    db: Db,
    hasher: Hasher,
    audit: Auditor,
    max_secret_months: u32,
    /// How long a draft waits for an end user's confirmation.
    draft_ttl: std::time::Duration,
    /// How many unconfirmed drafts one system may have at a time.
    max_open_drafts: u32,
    /// Told whenever a secret or a client's standing changes.
    verified: Arc<Verified>,
    /// For the Test tab's runs against the provider.
    provider: Arc<Provider>,
}

impl Clients {
    pub fn new(
        db: Db,
        hasher: Hasher,
        max_secret_months: u32,
        drafts: (std::time::Duration, u32),
        verified: Arc<Verified>,
        provider: Arc<Provider>,
    ) -> Arc<Self> {
        Arc::new(Self {
            audit: Auditor::new(db.clone()),
            db,
            hasher,
            max_secret_months,
            draft_ttl: drafts.0,
            max_open_drafts: drafts.1,
            verified,
            provider,
        })
    }

    /// The caller's prefix; only developers register clients.
    fn developer_prefix(session: &CurrentSession) -> ServiceResult<ClientPrefix> {
        let viewer = &session.viewer;
        match (&viewer.client_prefix, viewer.is_developer) {
            (Some(prefix), true) => {
                Ok(ClientPrefix::parse(prefix).map_err(|_| AppError::Forbidden)?)
            }
            _ => Err(AppError::Forbidden.into()),
        }
    }

    /// The client if the caller owns it; otherwise "not found", whether it
    /// exists or not, so ids of other developers' clients are not confirmed.
    async fn owned(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<ClientRow> {
        client_store::find_owned(&self.db, &id.to_string(), &session.viewer.account_id)
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }

    pub(crate) async fn load_detail(&self, row: ClientRow) -> ServiceResult<ClientDetail> {
        let scopes = client_store::scopes(&self.db, &row.id).await?;
        Ok(detail(row, scopes))
    }

    /// Each requested scope with its status: kept as it was if the client
    /// had it, else granted, or pending when the catalog says it needs
    /// approval. Unknown or disabled scopes are a field error.
    async fn scope_statuses(
        &self,
        settings: &ClientSettings,
        previous: &[ScopeStatus],
    ) -> ServiceResult<Vec<ScopeStatus>> {
        let mut out = Vec::new();
        for scope in &settings.scopes {
            let name = scope.as_ref();
            if let Some(kept) = previous.iter().find(|p| p.0 == name) {
                out.push(kept.clone());
                continue;
            }
            let Some(row) = scope_store::find(&self.db, name)
                .await?
                .filter(|r| r.enabled != 0)
            else {
                return Err(AppError::invalid(
                    "scopes",
                    format!("{name} is not a scope in the catalog."),
                )
                .into());
            };
            let status = if row.requires_approval != 0 {
                ScopeAccess::Pending
            } else {
                ScopeAccess::Granted
            };
            out.push((name.to_owned(), status.as_str().to_owned(), None));
        }
        Ok(out)
    }
}

impl Clients {
    /// Replaces a client's settings, keeping each scope's decision and the
    /// client's standing (see `status_for`); audited as `client.updated`.
    async fn rewrite(
        &self,
        actor: Actor<'_>,
        row: ClientRow,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let before = self.load_detail(row).await?;
        let previous: Vec<_> = before
            .scopes
            .iter()
            .map(|s| {
                (
                    s.scope.clone(),
                    s.status.as_str().to_owned(),
                    s.reason.clone(),
                )
            })
            .collect();
        let scopes = self.scope_statuses(&settings, &previous).await?;
        let status = status_for(Some(before.status), &scopes);
        let lists = lists_of(&settings);
        client_store::update(
            &self.db,
            &before.client_id,
            &write_of(&settings, &lists, status),
            &scopes,
            now(),
        )
        .await?;
        self.verified.client_changed(&self.db).await?;
        let after = self
            .load_detail(self.live_row(&before.client_id).await?)
            .await?;
        self.audit
            .client(
                actor,
                "client.updated",
                &after.client_id,
                Some(&before),
                Some(&after),
            )
            .await?;
        Ok(after)
    }

    /// Deletes a client for good (its suffix stays used); its tokens stop
    /// working at once. Audited as `client.deleted`.
    async fn remove(&self, actor: Actor<'_>, row: ClientRow) -> ServiceResult<()> {
        let before = self.load_detail(row).await?;
        client_store::soft_delete(&self.db, &before.client_id, now()).await?;
        self.verified.client_changed(&self.db).await?;
        self.audit
            .client(
                actor,
                "client.deleted",
                &before.client_id,
                Some(&before),
                None,
            )
            .await
    }
}

/// A new client is pending while any scope waits for approval. A client
/// that is already active stays active when it asks for another scope that
/// needs approval: its tokens carry only granted scopes meanwhile (status
/// "limited"). An admin's suspension or rejection is kept, and so is a
/// draft's wait for its end user.
fn status_for(current: Option<ClientStatus>, scopes: &[ScopeStatus]) -> ClientStatus {
    match current {
        Some(
            s @ (ClientStatus::Suspended
            | ClientStatus::Rejected
            | ClientStatus::Active
            | ClientStatus::Draft),
        ) => s,
        _ if scopes.iter().any(|s| s.1 == ScopeAccess::Pending.as_str()) => ClientStatus::Pending,
        _ => ClientStatus::Active,
    }
}

fn write_of<'a>(
    settings: &'a ClientSettings,
    lists: &'a (String, String, String),
    status: ClientStatus,
) -> ClientWrite<'a> {
    ClientWrite {
        display_name: settings.display_name.as_ref(),
        description: &settings.description,
        kind: settings.kind.as_str(),
        grant_types: &lists.0,
        redirect_uris: &lists.1,
        post_logout_redirect_uris: &lists.2,
        token_endpoint_auth_method: settings.token_endpoint_auth_method,
        status: status.as_str(),
        id_token_signed_response_alg: settings.id_token_signed_response_alg,
        jwks: settings.jwks.as_ref().map(PublicJwks::as_str),
    }
}

fn lists_of(settings: &ClientSettings) -> (String, String, String) {
    (
        json_list(settings.grant_types.as_slice().iter().map(|g| g.as_str())),
        json_list(settings.redirect_uris.iter().map(AsRef::as_ref)),
        json_list(settings.post_logout_redirect_uris.iter().map(AsRef::as_ref)),
    )
}

#[async_trait]
impl ClientService for Clients {
    async fn scope_catalog(&self, include_disabled: bool) -> ServiceResult<Vec<ScopeInfo>> {
        self.catalog(include_disabled).await
    }

    async fn list_clients(&self, session: &CurrentSession) -> ServiceResult<Vec<ClientSummary>> {
        Self::developer_prefix(session)?;
        let owner = &session.viewer.account_id;
        let rows = client_store::list_owned(&self.db, owner).await?;
        let secrets = secret_store::active_summary(&self.db, owner, now()).await?;
        Ok(rows
            .into_iter()
            .map(|row| convert::summary(row, &secrets))
            .collect())
    }

    async fn create_client(
        &self,
        session: &CurrentSession,
        suffix: Suffix,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let prefix = Self::developer_prefix(session)?;
        let client_id = ClientId::new(prefix, suffix.clone());
        let id = client_id.to_string();
        let scopes = self.scope_statuses(&settings, &[]).await?;
        let status = status_for(None, &scopes);
        let lists = lists_of(&settings);
        let key = client_store::NewClientKey {
            id: &id,
            owner_id: &session.viewer.account_id,
            suffix: suffix.as_ref(),
        };
        let inserted = client_store::insert(
            &self.db,
            key,
            &write_of(&settings, &lists, status),
            &scopes,
            client_store::Origin::Portal,
            now(),
        )
        .await;
        match inserted {
            Err(StoreError::Unique(_)) => {
                return Err(AppError::conflict(
                    "suffix",
                    format!("You already used the suffix {suffix}; a suffix is never reused, even after deletion."),
                )
                .into());
            }
            other => other?,
        }
        let created = self
            .load_detail(self.owned(session, &client_id).await?)
            .await?;
        self.audit
            .client(session, "client.created", &id, None, Some(&created))
            .await?;
        Ok(created)
    }

    async fn client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<ClientDetail> {
        let row = self.owned(session, id).await?;
        self.load_detail(row).await
    }

    async fn update_client(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let row = self.owned(session, id).await?;
        self.rewrite(session.into(), row, settings).await
    }

    async fn delete_client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<()> {
        let row = self.owned(session, id).await?;
        self.remove(session.into(), row).await
    }

    async fn secrets(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<SecretInfo>> {
        let row = self.owned(session, id).await?;
        self.list_secrets(&row.id).await
    }

    async fn create_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewSecret> {
        let row = self.owned(session, id).await?;
        self.add_secret(session.into(), &row, description, expiry)
            .await
    }

    async fn revoke_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret_id: &str,
    ) -> ServiceResult<()> {
        let row = self.owned(session, id).await?;
        self.revoke(session, &row, secret_id).await
    }

    async fn history(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<AuditEntry>> {
        let row = self.owned(session, id).await?;
        self.audit.entries(Some(&row.id), None).await
    }

    async fn save_scope(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo> {
        require_admin(admin)?;
        let saved = self.save_catalog_entry(admin, scope).await?;
        // A disabled scope or a new resource changes what tokens may carry.
        self.verified.client_changed(&self.db).await?;
        Ok(saved)
    }

    async fn audit(
        &self,
        admin: &CurrentSession,
        client_id: Option<String>,
        actor: Option<String>,
    ) -> ServiceResult<Vec<AuditEntry>> {
        require_admin(admin)?;
        self.audit
            .entries(client_id.as_deref(), actor.as_deref())
            .await
    }

    async fn pending_clients(&self, admin: &CurrentSession) -> ServiceResult<Vec<PendingClient>> {
        require_admin(admin)?;
        let mut out: Vec<PendingClient> = Vec::new();
        for row in client_store::pending_scopes(&self.db).await? {
            match out.last_mut() {
                Some(last) if last.client_id == row.client_id => {
                    last.pending_scopes.push(row.scope)
                }
                _ => out.push(PendingClient {
                    client_id: row.client_id,
                    display_name: row.display_name,
                    owner_email: row.owner_email,
                    pending_scopes: vec![row.scope],
                    system_name: row.system_name,
                    confirmed_by: row.confirmed_by_email,
                    created_at: row.created_at,
                }),
            }
        }
        Ok(out)
    }

    async fn decide_scope(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        self.decide(admin, id, scope, grant, reason).await
    }

    async fn decide_client(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        approve: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        self.decide_whole(admin, id, approve, reason).await
    }

    async fn all_clients(&self, admin: &CurrentSession) -> ServiceResult<Vec<AdminClient>> {
        require_admin(admin)?;
        self.list_for_admin().await
    }

    async fn set_suspended(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        self.suspend(admin, id, suspended, reason).await
    }

    fn max_secret_months(&self) -> u32 {
        self.max_secret_months
    }

    async fn run_test(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret: PastedSecret,
    ) -> ServiceResult<TestRun> {
        let row = self.owned(session, id).await?;
        Ok(test_run::run(&self.provider, &row, secret).await)
    }
}

pub(crate) fn require_admin(session: &CurrentSession) -> ServiceResult<()> {
    if session.viewer.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}
