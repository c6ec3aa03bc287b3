//! Upstream OpenID providers: "Sign in with …" buttons, the admins'
//! settings (`/admin/identity-providers`), linked identities on
//! `/account`, and linking a first upstream sign-in to an existing
//! account with its password (`/login/link`).

// `save_identity_provider` takes the form's ten fields as they are posted;
// the attribute must sit on the module to reach the code `#[server]` makes
// of it in the browser build.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{IdentityProvider, LinkOffer, LinkedIdentities, SignInOption};
#[cfg(feature = "ssr")]
use crate::{
    api::auth::{end_current_session, landing, session_or_next_step},
    domain::ReturnPath,
    services::*,
};

/// The enabled providers, for the sign-in page's buttons.
#[server(prefix = "/api/ui", endpoint = "sign_in_options")]
pub async fn sign_in_options() -> Result<Vec<SignInOption>, AppError> {
    let services = services()?;
    services
        .federation
        .sign_in_options()
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "identity_providers")]
pub async fn identity_providers() -> Result<Vec<IdentityProvider>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .federation
        .providers(&session)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Adds (`creating` = "true") or changes an upstream provider; a step-up
/// change (it decides who may sign in).
#[server(prefix = "/api/ui", endpoint = "save_identity_provider")]
pub async fn save_identity_provider(
    id: String,
    display_name: String,
    issuer: String,
    client_id: String,
    #[server(default)] client_secret: String,
    #[server(default)] scopes: String,
    #[server(default)] allowed_domains: String,
    #[server(default)] new_accounts: String,
    #[server(default)] enabled: Option<String>,
    #[server(default)] creating: Option<String>,
) -> Result<IdentityProvider, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    let settings = ProviderSettings {
        id,
        display_name,
        issuer,
        client_id,
        client_secret,
        scopes,
        allowed_domains,
        new_accounts_developers: new_accounts == "developer",
        enabled: enabled.is_some_and(|v| v != "false"),
    };
    let creating = creating.is_some_and(|v| v == "true");
    services
        .federation
        .save_provider(&session, settings, creating)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "delete_identity_provider")]
pub async fn delete_identity_provider(id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .federation
        .delete_provider(&session, &id)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "linked_identities")]
pub async fn my_linked_identities() -> Result<LinkedIdentities, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .federation
        .linked(&session)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "unlink_identity")]
pub async fn unlink_identity(issuer: String, subject: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .federation
        .unlink(&session, &issuer, &subject)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// What `/login/link` asks the password for.
#[server(prefix = "/api/ui", endpoint = "link_offer")]
pub async fn load_link_offer(offer: String) -> Result<LinkOffer, AppError> {
    let services = services()?;
    services
        .federation
        .link_offer(&offer)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The existing account's password: the upstream identity is linked and
/// the person signed in, then sent on.
#[server(prefix = "/api/ui", endpoint = "accept_link_offer")]
pub async fn accept_link_offer(offer: String, password: String) -> Result<(), AppError> {
    let services = services()?;
    if password.is_empty() {
        let err = AppError::invalid("password", "Enter your Portico password.");
        set_error_status(&err);
        return Err(err);
    }
    let (signed_in, next) = services
        .federation
        .accept_link_offer(&offer, &password, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    end_current_session(&services).await?;
    let next = ReturnPath::or_home(Some(&next));
    let Some((token, viewer)) = session_or_next_step(&services, signed_in, &next) else {
        return Ok(());
    };
    set_session_cookie(services.cookies, &token);
    leptos_axum::redirect(landing(&viewer, &next));
    Ok(())
}
