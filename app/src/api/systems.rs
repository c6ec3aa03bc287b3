//! Server functions for a developer's client systems and their API keys.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CredentialInfo, ListPage, NewCredential, SystemClient, SystemSummary};
#[cfg(feature = "ssr")]
use crate::{
    domain::{AuthMethod, DisplayName, GrantType, ScopeName, Scopes},
    error::Checks,
    services::*,
};

/// The "new system" form. Checkbox groups arrive as indexed lists.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SystemForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub grant_types: Vec<String>,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub allow_refresh: String,
    #[serde(default)]
    pub auth_method: String,
}

/// The grant types a system's drafts may use (refresh tokens are a
/// separate switch; the legacy flows are not offered to new systems).
pub const SYSTEM_GRANTS: [&str; 2] = ["authorization_code", "client_credentials"];

#[cfg(feature = "ssr")]
fn parse(form: &SystemForm) -> Result<SystemSettings, AppError> {
    let mut checks = Checks::default();
    let name = checks.check("name", DisplayName::parse(&form.name));
    let description = checks.check(
        "description",
        super::client_form::parse_description(&form.description),
    );
    let scopes: Result<Scopes, String> = if form.scopes.is_empty() {
        Err("Choose at least one scope its drafts may request.".into())
    } else {
        form.scopes.iter().map(|s| ScopeName::parse(s)).collect()
    };
    let scopes = checks.check("scopes", scopes);
    let grants: Result<Vec<GrantType>, String> = if form.grant_types.is_empty() {
        Err("Choose at least one grant type its drafts may use.".into())
    } else {
        form.grant_types
            .iter()
            .map(|g| match GrantType::parse(g) {
                Ok(g) if SYSTEM_GRANTS.contains(&g.as_str()) => Ok(g),
                _ => Err(format!(
                    "{g:?} is not offered to client systems: choose authorization_code or client_credentials."
                )),
            })
            .collect()
    };
    let grants = checks.check("grant_types", grants);
    let allow_refresh = matches!(form.allow_refresh.as_str(), "on" | "true");
    if allow_refresh && !form.grant_types.iter().any(|g| g == "authorization_code") {
        checks.fail(
            "allow_refresh",
            "Refresh tokens need authorization_code: they keep a user's sign-in alive.",
        );
    }
    let auth_method = match form.auth_method.as_str() {
        "" | "private_key_jwt" => Some(AuthMethod::PrivateKeyJwt),
        "client_secret_basic" => Some(AuthMethod::ClientSecretBasic),
        _ => {
            checks.fail(
                "auth_method",
                "Choose private_key_jwt or client_secret_basic.",
            );
            None
        }
    };
    checks.finish().inspect_err(set_error_status)?;
    match (name, description, scopes, grants, auth_method) {
        (Some(name), Some(description), Some(scopes), Some(mut grant_types), Some(auth_method)) => {
            grant_types.sort();
            grant_types.dedup();
            Ok(SystemSettings {
                name,
                description,
                scopes,
                grant_types,
                allow_refresh,
                auth_method,
            })
        }
        _ => Err(AppError::invalid("form", "The form is not valid.")),
    }
}

#[server(prefix = "/api/ui", endpoint = "list_systems")]
pub async fn list_systems(
    #[server(default)] after: Option<String>,
) -> Result<ListPage<SystemSummary>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .list_systems(&session, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "create_system")]
pub async fn create_system(form: SystemForm) -> Result<SystemSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    let created = services
        .systems
        .create_system(&session, settings)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&format!("/systems/{}", created.system_id));
    Ok(created)
}

/// Changes what the system's future drafts may ask for; clients it already
/// created keep their settings.
#[server(prefix = "/api/ui", endpoint = "update_system")]
pub async fn update_system(system_id: String, form: SystemForm) -> Result<SystemSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    services
        .systems
        .update_system(&session, &system_id, settings)
        .await
        .map_err(to_app_error)
}

/// Deletes the system and revokes its API keys; the clients it created
/// stay (they belong to the developer). `confirm_name` must be its name.
#[server(prefix = "/api/ui", endpoint = "delete_system")]
pub async fn delete_system(system_id: String, confirm_name: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .delete_system(&session, &system_id, confirm_name.trim())
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect("/systems");
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "get_system")]
pub async fn get_system(system_id: String) -> Result<SystemSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .system(&session, &system_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "system_clients")]
pub async fn system_clients(
    system_id: String,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<SystemClient>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .system_clients(&session, &system_id, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "list_api_keys")]
pub async fn list_api_keys(
    system_id: String,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<CredentialInfo>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .api_keys(&session, &system_id, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "create_api_key")]
pub async fn create_api_key(
    system_id: String,
    description: String,
    #[server(default)] expiry: String,
    #[server(default)] custom_date: String,
) -> Result<NewCredential, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    let (description, expiry) = super::clients::described_expiry(
        &description,
        &expiry,
        &custom_date,
        services.clients.max_secret_months(),
        "key",
    )?;
    services
        .systems
        .create_api_key(&session, &system_id, description, expiry)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "revoke_api_key")]
pub async fn revoke_api_key(system_id: String, key_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .revoke_api_key(&session, &system_id, &key_id)
        .await
        .map_err(to_app_error)
}
