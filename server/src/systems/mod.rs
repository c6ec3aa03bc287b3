//! Client systems (HelseID-style): an organisation's program that creates
//! client drafts over the API. This is the `SystemService` the pages call;
//! API keys in `api_keys.rs`, the drafts themselves in `clients::drafts`.

mod api_keys;
mod service;

use std::sync::Arc;

use app::domain::{AuthMethod, GrantType, Role, ScopeName};
use app::error::AppError;
use app::model::SystemSummary;
use app::services::{CurrentSession, ServiceResult, SystemSettings};
use serde::Serialize;

use crate::authz;
use crate::clients::Clients;
use crate::crypto::passwords::Hasher;
use crate::store::systems::{self as system_store, SystemListing, SystemRow, SystemWrite};
use crate::store::{Conn, Db, json_list, now, scopes as scope_store};

pub use api_keys::{API_KEY_HEADER, KeyRefused};

/// A client system as the draft API sees it: whose it is, and what its
/// drafts may ask for.
#[derive(Clone, Debug)]
pub struct System {
    pub id: String,
    /// The organisation that owns it, and the drafts it makes.
    pub org_id: String,
    pub name: String,
    pub scopes: Vec<ScopeName>,
    /// Never `refresh_token`: that is `allow_refresh`.
    pub grant_types: Vec<GrantType>,
    pub allow_refresh: bool,
    pub auth_method: AuthMethod,
}

impl System {
    /// The grant types its drafts may use, refresh tokens included when
    /// allowed.
    pub fn allowed_grants(&self) -> Vec<GrantType> {
        let mut grants = self.grant_types.clone();
        if self.allow_refresh {
            grants.push(GrantType::RefreshToken);
        }
        grants
    }
}

impl From<SystemRow> for System {
    fn from(row: SystemRow) -> Self {
        Self {
            allow_refresh: row.allow_refresh != 0,
            id: row.id,
            org_id: row.org_id,
            name: row.name,
            scopes: row.scopes.into_vec(),
            grant_types: row.grant_types.into_vec(),
            auth_method: row.auth_method,
        }
    }
}

pub struct Systems {
    db: Db,
    hasher: Hasher,
    clients: Arc<Clients>,
}

/// What the audit log keeps of a system.
#[derive(Serialize)]
struct SystemRecord<'a> {
    system_id: &'a str,
    name: &'a str,
    scopes: Vec<&'a str>,
    grant_types: Vec<GrantType>,
    allow_refresh: bool,
    auth_method: AuthMethod,
}

impl<'a> SystemRecord<'a> {
    fn of(system: &'a System) -> Self {
        Self {
            system_id: &system.id,
            name: &system.name,
            scopes: system.scopes.iter().map(AsRef::as_ref).collect(),
            grant_types: system.grant_types.clone(),
            allow_refresh: system.allow_refresh,
            auth_method: system.auth_method,
        }
    }

    fn with(id: &'a str, settings: &'a SystemSettings, auth_method: AuthMethod) -> Self {
        Self {
            system_id: id,
            name: settings.name.as_ref(),
            scopes: settings.scopes.iter().map(AsRef::as_ref).collect(),
            grant_types: settings.grant_types.clone(),
            allow_refresh: settings.allow_refresh,
            auth_method,
        }
    }
}

fn summary(listing: SystemListing) -> SystemSummary {
    let SystemListing {
        system: row,
        active_keys,
        clients,
    } = listing;
    SystemSummary {
        scopes: row.scopes.iter().map(ToString::to_string).collect(),
        grant_types: row.grant_types.into_vec(),
        allow_refresh: row.allow_refresh != 0,
        system_id: row.id,
        org_id: row.org_id,
        name: row.name,
        description: row.description,
        auth_method: row.auth_method,
        created_at: row.created_at,
        active_keys: u32::try_from(active_keys).unwrap_or(0),
        clients: u32::try_from(clients).unwrap_or(0),
    }
}

/// The stored columns of a system's settings.
struct Columns {
    scopes: String,
    grant_types: String,
}

impl Columns {
    fn of(settings: &SystemSettings) -> Self {
        Self {
            scopes: json_list(settings.scopes.iter().map(AsRef::<str>::as_ref)),
            grant_types: json_list(&settings.grant_types),
        }
    }

    fn write<'a>(&'a self, settings: &'a SystemSettings) -> SystemWrite<'a> {
        SystemWrite {
            name: settings.name.as_ref(),
            description: &settings.description,
            scopes: &self.scopes,
            grant_types: &self.grant_types,
            allow_refresh: settings.allow_refresh,
        }
    }
}

/// Every scope must be live in the catalog.
async fn check_catalog(conn: &mut Conn, settings: &SystemSettings) -> ServiceResult<()> {
    let catalog = scope_store::list(conn).await?;
    for scope in &settings.scopes {
        let known = catalog
            .iter()
            .any(|row| row.name == scope.as_ref() && row.enabled != 0);
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

impl Systems {
    pub fn new(db: Db, hasher: Hasher, clients: Arc<Clients>) -> Arc<Self> {
        Arc::new(Self {
            db,
            hasher,
            clients,
        })
    }

    /// The system if the caller's role in its organisation allows
    /// `needed`; someone outside it gets "not found", whether it exists or
    /// not.
    async fn member_system(
        &self,
        session: &CurrentSession,
        id: &str,
        needed: Role,
    ) -> ServiceResult<System> {
        let system = system_store::find(self.db.pool(), id)
            .await?
            .map(System::from)
            .ok_or(AppError::NotFound)?;
        authz::member(session, &system.org_id, needed)?;
        Ok(system)
    }

    /// A system the caller may read, as its pages show it.
    async fn member_summary(
        &self,
        session: &CurrentSession,
        id: &str,
    ) -> ServiceResult<SystemSummary> {
        let system = self.member_system(session, id, Role::Viewer).await?;
        system_store::listing(self.db.pool(), &system.id, now())
            .await?
            .map(summary)
            .ok_or_else(|| AppError::NotFound.into())
    }
}
