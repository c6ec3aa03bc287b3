//! Client systems (HelseID-style): a developer's program that creates
//! client drafts over the API. This is the `SystemService` the pages call;
//! API keys in `api_keys.rs`, the drafts themselves in `clients::drafts`.

mod api_keys;

use std::sync::Arc;

use app::domain::{ClientId, GrantType, SecretExpiry};
use app::error::AppError;
use app::model::{
    ApiKeyInfo, ClientStatus, DraftAnswer, DraftToConfirm, NewApiKey, SystemClient, SystemSummary,
};
use app::services::{CurrentSession, ServiceResult, SystemService, SystemSettings};
use async_trait::async_trait;
use serde::Serialize;

use crate::clients::{Auditor, Clients};
use crate::store::systems::{
    self as system_store, NewSystemRow, SystemListing, SystemRow, SystemUpdate,
};
use crate::store::{Db, clients as client_store, json_list, list_of, now, scopes as scope_store};

pub use api_keys::{API_KEY_HEADER, KeyRefused};

pub struct Systems {
    db: Db,
    audit: Auditor,
    clients: Arc<Clients>,
}

/// What the audit log keeps of a system.
#[derive(Serialize)]
struct SystemRecord<'a> {
    system_id: &'a str,
    name: &'a str,
    scopes: Vec<String>,
    grant_types: Vec<String>,
    allow_refresh: bool,
    auth_method: &'a str,
}

fn summary(listing: SystemListing) -> SystemSummary {
    let SystemListing {
        system: row,
        active_keys,
        clients,
    } = listing;
    SystemSummary {
        scopes: list_of(&row.scopes),
        grant_types: list_of(&row.grant_types)
            .iter()
            .filter_map(|g| GrantType::parse(g).ok())
            .collect(),
        allow_refresh: row.allow_refresh != 0,
        system_id: row.id,
        name: row.name,
        description: row.description,
        auth_method: row.auth_method,
        created_at: row.created_at,
        active_keys: u32::try_from(active_keys).unwrap_or(0),
        clients: u32::try_from(clients).unwrap_or(0),
    }
}

fn lists(settings: &SystemSettings) -> (Vec<String>, Vec<String>) {
    (
        settings.scopes.iter().map(|s| s.to_string()).collect(),
        settings
            .grant_types
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect(),
    )
}

fn record_of(row: &SystemRow) -> SystemRecord<'_> {
    SystemRecord {
        system_id: &row.id,
        name: &row.name,
        scopes: list_of(&row.scopes),
        grant_types: list_of(&row.grant_types),
        allow_refresh: row.allow_refresh != 0,
        auth_method: &row.auth_method,
    }
}

impl Systems {
    /// Every scope must be live in the catalog.
    async fn check_catalog(&self, settings: &SystemSettings) -> ServiceResult<()> {
        for scope in &settings.scopes {
            let known = scope_store::find(&self.db, scope.as_ref())
                .await?
                .is_some_and(|row| row.enabled != 0);
            if !known {
                return Err(AppError::invalid(
                    "scopes",
                    format!("{scope} is not a scope in the catalog."),
                )
                .into());
            }
        }
        Ok(())
    }

    pub fn new(db: Db, clients: Arc<Clients>) -> Arc<Self> {
        Arc::new(Self {
            audit: Auditor::new(db.clone()),
            db,
            clients,
        })
    }

    fn require_developer(session: &CurrentSession) -> ServiceResult<()> {
        if session.viewer.is_developer && session.viewer.client_prefix.is_some() {
            Ok(())
        } else {
            Err(AppError::Forbidden.into())
        }
    }

    /// The system if the caller owns it; otherwise "not found", whether it
    /// exists or not.
    async fn owned(&self, session: &CurrentSession, id: &str) -> ServiceResult<SystemRow> {
        Self::require_developer(session)?;
        system_store::find(&self.db, id)
            .await?
            .filter(|row| row.owner_id == session.viewer.account_id)
            .ok_or_else(|| AppError::NotFound.into())
    }

    /// One of the caller's systems as its pages show it.
    async fn owned_summary(
        &self,
        session: &CurrentSession,
        id: &str,
    ) -> ServiceResult<SystemSummary> {
        let system = self.owned(session, id).await?;
        system_store::listing(&self.db, &system.id, now())
            .await?
            .map(summary)
            .ok_or_else(|| AppError::NotFound.into())
    }
}

#[async_trait]
impl SystemService for Systems {
    async fn list_systems(&self, session: &CurrentSession) -> ServiceResult<Vec<SystemSummary>> {
        Self::require_developer(session)?;
        Ok(
            system_store::list_owned(&self.db, &session.viewer.account_id, now())
                .await?
                .into_iter()
                .map(summary)
                .collect(),
        )
    }

    async fn create_system(
        &self,
        session: &CurrentSession,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary> {
        Self::require_developer(session)?;
        self.check_catalog(&settings).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let (scopes, grants) = lists(&settings);
        let (scopes_json, grants_json) = (
            json_list(scopes.iter().map(String::as_str)),
            json_list(grants.iter().map(String::as_str)),
        );
        let row = NewSystemRow {
            id: &id,
            owner_id: &session.viewer.account_id,
            name: settings.name.as_ref(),
            description: &settings.description,
            scopes: &scopes_json,
            grant_types: &grants_json,
            allow_refresh: settings.allow_refresh,
            auth_method: settings.auth_method,
        };
        system_store::insert(&self.db, &row, now()).await?;
        let record = SystemRecord {
            system_id: &id,
            name: settings.name.as_ref(),
            scopes,
            grant_types: grants,
            allow_refresh: settings.allow_refresh,
            auth_method: settings.auth_method,
        };
        self.audit
            .other(session, "system.created", None, Some(&record))
            .await?;
        self.owned_summary(session, &id).await
    }

    async fn update_system(
        &self,
        session: &CurrentSession,
        id: &str,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary> {
        let system = self.owned(session, id).await?;
        self.check_catalog(&settings).await?;
        let (scopes, grants) = lists(&settings);
        let change = SystemUpdate {
            name: settings.name.as_ref(),
            description: &settings.description,
            scopes: &json_list(scopes.iter().map(String::as_str)),
            grant_types: &json_list(grants.iter().map(String::as_str)),
            allow_refresh: settings.allow_refresh,
        };
        system_store::update(&self.db, &system.id, &change, now()).await?;
        let before = record_of(&system);
        let after = SystemRecord {
            system_id: &system.id,
            name: settings.name.as_ref(),
            scopes,
            grant_types: grants,
            allow_refresh: settings.allow_refresh,
            auth_method: &system.auth_method,
        };
        self.audit
            .other(session, "system.updated", Some(&before), Some(&after))
            .await?;
        self.owned_summary(session, id).await
    }

    async fn delete_system(
        &self,
        session: &CurrentSession,
        id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()> {
        let system = self.owned(session, id).await?;
        if confirm_name != system.name {
            return Err(AppError::invalid(
                "confirm_name",
                format!("Type {} to confirm.", system.name),
            )
            .into());
        }
        system_store::soft_delete(&self.db, &system.id, now()).await?;
        self.audit
            .other(session, "system.deleted", Some(&record_of(&system)), None)
            .await?;
        Ok(())
    }

    async fn system(&self, session: &CurrentSession, id: &str) -> ServiceResult<SystemSummary> {
        self.owned_summary(session, id).await
    }

    async fn system_clients(
        &self,
        session: &CurrentSession,
        id: &str,
    ) -> ServiceResult<Vec<SystemClient>> {
        let system = self.owned(session, id).await?;
        Ok(client_store::list_by_system(&self.db, &system.id)
            .await?
            .into_iter()
            .map(|row| SystemClient {
                status: ClientStatus::parse(&row.status).unwrap_or(ClientStatus::Suspended),
                confirmed_by: row.confirmed_by_email,
                draft_expires_at: row.draft_expires_at,
                client_id: row.id,
                display_name: row.display_name,
                created_at: row.created_at,
            })
            .collect())
    }

    async fn api_keys(&self, session: &CurrentSession, id: &str) -> ServiceResult<Vec<ApiKeyInfo>> {
        let system = self.owned(session, id).await?;
        self.list_keys(&system).await
    }

    async fn create_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewApiKey> {
        let system = self.owned(session, id).await?;
        self.add_key(session, &system, description, expiry).await
    }

    async fn revoke_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        key_id: &str,
    ) -> ServiceResult<()> {
        let system = self.owned(session, id).await?;
        self.revoke_key(session, &system, key_id).await
    }

    async fn draft_to_confirm(
        &self,
        _session: &CurrentSession,
        client_id: &ClientId,
    ) -> ServiceResult<DraftToConfirm> {
        self.clients.draft_to_confirm(client_id).await
    }

    async fn answer_draft(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        answer: DraftAnswer,
    ) -> ServiceResult<DraftAnswer> {
        self.clients.answer_draft(session, client_id, answer).await
    }
}
