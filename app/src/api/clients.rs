//! Server functions for a developer's clients and their secrets.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    AuditPage, ClientDetail, ClientSummary, CredentialInfo, ExpiringCredential, ListPage,
    NewCredential, ScopeInfo, TestRun,
};
#[cfg(feature = "ssr")]
use crate::{
    domain::{ClientId, Date, SecretExpiry, Suffix},
    services::*,
};

/// Form fields shared by "new client" and "settings". Checkbox groups and
/// URI rows arrive as indexed lists (`grant_types[0]=…`, `redirect_uris[3]=…`).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ClientForm {
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    pub kind: String,
    #[serde(default)]
    pub grant_types: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    #[serde(default)]
    pub auth_method: String,
    /// `id_token_signed_response_alg`: RS256 (default) or ES256.
    #[serde(default)]
    pub id_token_alg: String,
    /// Public JWK or JWK Set, for `private_key_jwt`.
    #[serde(default)]
    pub jwks: String,
    /// RFC 7591 `logo_uri`, `client_uri`, `policy_uri`, `tos_uri`: https
    /// URLs end users see on the consent and confirmation pages.
    #[serde(default)]
    pub logo_uri: String,
    #[serde(default)]
    pub client_uri: String,
    #[serde(default)]
    pub policy_uri: String,
    #[serde(default)]
    pub tos_uri: String,
}

/// A client id from a form; one that cannot exist is simply not found.
#[cfg(feature = "ssr")]
pub(crate) fn client_id(id: &str) -> Result<ClientId, AppError> {
    // An id that cannot exist is simply not found.
    ClientId::parse(id)
        .map_err(|_| AppError::NotFound)
        .inspect_err(set_error_status)
}

/// The public URL, for the ready-made test snippets.
#[server(prefix = "/api/ui", endpoint = "public_url")]
pub async fn public_url() -> Result<String, AppError> {
    Ok(services()?.public_url.to_string())
}

#[server(prefix = "/api/ui", endpoint = "scope_catalog")]
pub async fn scope_catalog(
    #[server(default)] include_disabled: bool,
) -> Result<Vec<ScopeInfo>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    if include_disabled {
        services.client_admin.full_catalog(&session).await
    } else {
        services.clients.scope_catalog().await
    }
    .map_err(to_app_error)
}

/// A page of the active organisation's clients (`q`: part of an id or a
/// name; `sort`: a `ClientOrder` word; `after`: the cursor of the page
/// before).
#[server(prefix = "/api/ui", endpoint = "list_clients")]
pub async fn list_clients(
    #[server(default)] q: Option<String>,
    #[server(default)] sort: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<ClientSummary>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let search = super::search_text(q)?;
    let order = super::order::<crate::model::ClientOrder>(sort)?;
    services
        .clients
        .list_clients(&session, &search, order, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "expiring_credentials")]
pub async fn expiring_credentials() -> Result<Vec<ExpiringCredential>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .clients
        .expiring_credentials(&session)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "create_client")]
pub async fn create_client(suffix: String, form: ClientForm) -> Result<ClientDetail, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let mut checks = crate::error::Checks::default();
    let suffix = checks.check("suffix", Suffix::parse(&suffix));
    let settings = super::client_form::parse(&form, &mut checks);
    checks.finish().inspect_err(set_error_status)?;
    let (Some(suffix), Some(settings)) = (suffix, settings) else {
        return Err(AppError::invalid("form", "The form is not valid."));
    };
    let created = services
        .clients
        .create_client(&session, suffix, settings)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&format!("/clients/{}", created.client_id));
    Ok(created)
}

#[server(prefix = "/api/ui", endpoint = "get_client")]
pub async fn get_client(client_id: String) -> Result<ClientDetail, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    services
        .clients
        .client(&session, &id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "update_client")]
pub async fn update_client(client_id: String, form: ClientForm) -> Result<ClientDetail, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    let mut checks = crate::error::Checks::default();
    let settings = super::client_form::parse(&form, &mut checks);
    checks.finish().inspect_err(set_error_status)?;
    let settings = settings.ok_or_else(|| AppError::invalid("form", "The form is not valid."))?;
    services
        .clients
        .update_client(&session, &id, settings)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "delete_client")]
pub async fn delete_client(client_id: String, confirm_suffix: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    if confirm_suffix.trim() != id.suffix().as_ref() {
        let err = AppError::invalid(
            "confirm_suffix",
            format!("Type {} to confirm.", id.suffix()),
        );
        set_error_status(&err);
        return Err(err);
    }
    services
        .clients
        .delete_client(&session, &id)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect("/clients");
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "list_secrets")]
pub async fn list_secrets(
    client_id: String,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<CredentialInfo>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    services
        .clients
        .secrets(&session, &id, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

/// The longest a new secret or API key may live here, in months (the
/// operator's `PORTICO_MAX_SECRET_MONTHS`), for the expiry fields.
#[server(prefix = "/api/ui", endpoint = "max_secret_months")]
pub async fn max_secret_months() -> Result<u32, AppError> {
    let services = services()?;
    require_session().inspect_err(set_error_status)?;
    Ok(services.clients.max_secret_months())
}

#[server(prefix = "/api/ui", endpoint = "create_secret")]
pub async fn create_secret(
    client_id: String,
    description: String,
    #[server(default)] expiry: String,
    #[server(default)] custom_date: String,
) -> Result<NewCredential, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    let (description, expiry) = described_expiry(
        &description,
        &expiry,
        &custom_date,
        services.clients.max_secret_months(),
        "secret",
    )?;
    services
        .clients
        .create_secret(&session, &id, description, expiry)
        .await
        .map_err(to_app_error)
}

/// A credential's description and expiry, as the secret and API-key forms
/// submit them; every problem is reported against its field.
#[cfg(feature = "ssr")]
pub(crate) fn described_expiry(
    description: &str,
    expiry: &str,
    custom_date: &str,
    max_months: u32,
    what: &str,
) -> Result<(String, SecretExpiry), AppError> {
    let mut checks = crate::error::Checks::default();
    let description = description.trim().to_owned();
    if description.is_empty() || description.chars().count() > 100 {
        checks.fail(
            "description",
            format!("Describe the {what} in 1 to 100 characters, e.g. \"production\"."),
        );
    }
    let today = Date::from_unix(crate::services::unix_now());
    // A date that does not do is the date field's problem, not the menu's.
    let field = if expiry == "custom" {
        "custom_date"
    } else {
        "expiry"
    };
    let expiry = checks.check(
        field,
        SecretExpiry::parse(expiry, custom_date, today, max_months),
    );
    checks.finish().inspect_err(set_error_status)?;
    let expiry = expiry
        .ok_or_else(|| AppError::invalid("expiry", format!("Choose when the {what} expires.")))?;
    Ok((description, expiry))
}

#[server(prefix = "/api/ui", endpoint = "revoke_secret")]
pub async fn revoke_secret(client_id: String, secret_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    services
        .clients
        .revoke_secret(&session, &id, &secret_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "client_history")]
pub async fn client_history(
    client_id: String,
    #[server(default)] before: Option<i64>,
) -> Result<AuditPage, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    services
        .clients
        .history(&session, &id, before)
        .await
        .map_err(to_app_error)
}

/// The Test tab's "Run test": the pasted secret is used for this one run
/// and never stored.
#[server(prefix = "/api/ui", endpoint = "run_client_test")]
pub async fn run_client_test(
    client_id: String,
    #[server(default)] secret: String,
) -> Result<TestRun, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = self::client_id(&client_id)?;
    let secret = secret.trim();
    if secret.is_empty() {
        let err = AppError::invalid(
            "secret",
            "Paste one of this client's secrets to run the test.",
        );
        set_error_status(&err);
        return Err(err);
    }
    services
        .clients
        .run_test(&session, &id, PastedSecret(secret.to_owned()), client_ip())
        .await
        .map_err(to_app_error)
}
