//! Passkeys: the list, adding (named) and removing them on `/account`,
//! signing in with one on `/login`, and one in place of the code on
//! `/login/code` (the light pages' script calls these functions the way a
//! form would), and one confirming it is the person before a change that
//! hands out keys.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PasskeyCeremony, PasskeyInfo, SecondFactorWays};
#[cfg(feature = "ssr")]
use crate::{
    api::auth::{end_current_session, landing},
    api::two_step::challenge_or_expired,
    domain::ReturnPath,
    services::*,
};

/// The viewer's passkeys; `None` when this Portico cannot use passkeys.
#[server(prefix = "/api/ui", endpoint = "my_passkeys")]
pub async fn my_passkeys() -> Result<Option<Vec<PasskeyInfo>>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    if !services.passkeys.available() {
        return Ok(None);
    }
    services
        .passkeys
        .list(&session)
        .await
        .map(Some)
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Starts adding a passkey: a step-up change (it is a new way in).
#[server(prefix = "/api/ui", endpoint = "begin_passkey")]
pub async fn begin_passkey() -> Result<PasskeyCeremony, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .passkeys
        .begin_registration(&session)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The browser's new credential, stored under `name`.
#[server(prefix = "/api/ui", endpoint = "add_passkey")]
pub async fn add_passkey(
    ceremony: String,
    name: String,
    credential: String,
) -> Result<PasskeyInfo, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .passkeys
        .finish_registration(&session, &ceremony, &name, &credential)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// A new name for one of the viewer's passkeys.
#[server(prefix = "/api/ui", endpoint = "rename_passkey")]
pub async fn rename_passkey(id: String, name: String) -> Result<PasskeyInfo, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .passkeys
        .rename(&session, &id, &name)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "remove_passkey")]
pub async fn remove_passkey(id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .passkeys
        .remove(&session, &id)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Starts a sign-in with a passkey (any the person's authenticator holds
/// for this Portico).
#[server(prefix = "/api/ui", endpoint = "begin_passkey_sign_in")]
pub async fn begin_passkey_sign_in() -> Result<PasskeyCeremony, AppError> {
    let services = services()?;
    services
        .passkeys
        .begin_sign_in(client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The authenticator's answer: the session cookie is set, and the answer
/// is where to go (`next`, or where a sign-in lands).
#[server(prefix = "/api/ui", endpoint = "passkey_sign_in")]
pub async fn passkey_sign_in(
    ceremony: String,
    credential: String,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    let services = services()?;
    // A fresh id at every sign-in; the old one must not stay usable.
    end_current_session(&services).await?;
    let (token, viewer) = services
        .passkeys
        .finish_sign_in(&ceremony, &credential, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    set_session_cookie(services.cookies, &token);
    let next = ReturnPath::or_home(next.as_deref());
    Ok(landing(&viewer, &next).to_owned())
}

/// Whether the sign-in page offers "Sign in with a passkey".
#[server(prefix = "/api/ui", endpoint = "passkeys_available")]
pub async fn passkeys_available() -> Result<bool, AppError> {
    Ok(services()?.passkeys.available())
}

/// What the sign-in waiting for its second step (`/login/code`) may take:
/// a code, one of the account's passkeys (none when no sign-in waits).
#[server(prefix = "/api/ui", endpoint = "second_step_ways")]
pub async fn second_step_ways() -> Result<SecondFactorWays, AppError> {
    let services = services()?;
    let Some(challenge) = read_cookie(services.cookies.challenge_cookie_name()) else {
        return Ok(SecondFactorWays::default());
    };
    services
        .passkeys
        .second_step_ways(&challenge, client_ip())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "begin_passkey_second_step")]
pub async fn begin_passkey_second_step() -> Result<PasskeyCeremony, AppError> {
    let services = services()?;
    let challenge = challenge_or_expired(&services, "code")?;
    services
        .passkeys
        .begin_second_step(&challenge, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The authenticator's answer in place of the code: the session cookie is
/// set, and the answer is where to go.
#[server(prefix = "/api/ui", endpoint = "passkey_second_step")]
pub async fn passkey_second_step(
    ceremony: String,
    credential: String,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    let services = services()?;
    let challenge = challenge_or_expired(&services, "code")?;
    let (token, viewer) = services
        .passkeys
        .finish_second_step(&challenge, &ceremony, &credential, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    clear_challenge_cookie(services.cookies);
    end_current_session(&services).await?;
    set_session_cookie(services.cookies, &token);
    let next = ReturnPath::or_home(next.as_deref());
    Ok(landing(&viewer, &next).to_owned())
}

#[server(prefix = "/api/ui", endpoint = "begin_passkey_step_up")]
pub async fn begin_passkey_step_up() -> Result<PasskeyCeremony, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .passkeys
        .begin_step_up(&session)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The authenticator's answer: for the next 10 minutes this session may
/// make the changes that hand out keys.
#[server(prefix = "/api/ui", endpoint = "passkey_step_up")]
pub async fn passkey_step_up(ceremony: String, credential: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .passkeys
        .finish_step_up(&session, &ceremony, &credential)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}
