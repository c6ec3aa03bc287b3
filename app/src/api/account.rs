//! The signed-in person's own account: profile, password, where they are
//! signed in, and which notification emails they get.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{NotificationPref, SessionSummary, Viewer};
#[cfg(feature = "ssr")]
use crate::{
    domain::{DisplayName, Password},
    error::Checks,
    services::*,
};

#[server(prefix = "/api/ui", endpoint = "update_profile")]
pub async fn update_profile(display_name: String) -> Result<Viewer, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let name = DisplayName::parse(&display_name)
        .map_err(|m| AppError::invalid("display_name", m))
        .inspect_err(set_error_status)?;
    services
        .accounts
        .update_profile(&session, name)
        .await
        .map_err(to_app_error)
}

/// "Register applications": the signed-in person accepts the developer
/// terms (the checkbox `accept_terms`) and becomes a developer.
#[server(prefix = "/api/ui", endpoint = "become_developer")]
pub async fn become_developer(
    #[server(default)] accept_terms: Option<String>,
) -> Result<Viewer, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let viewer = services
        .accounts
        .become_developer(&session, accept_terms.is_some())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    // Without JavaScript the form posts here: back to the dashboard.
    if is_plain_form_post() {
        leptos_axum::redirect("/");
    }
    Ok(viewer)
}

#[server(prefix = "/api/ui", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let mut checks = Checks::default();
    if current_password.is_empty() {
        checks.fail("current_password", "Enter your current password.");
    }
    let new = checks.check("new_password", Password::parse(&new_password));
    if new.is_some() && new_password != new_password_confirm {
        checks.fail(
            "new_password_confirm",
            "The two new passwords are not the same.",
        );
    }
    if new.is_some() && new_password == current_password {
        checks.fail(
            "new_password",
            "The new password must differ from the current one.",
        );
    }
    checks.finish().inspect_err(set_error_status)?;
    let (Ok(current), Some(new)) = (Password::parse(&current_password), new) else {
        let err = AppError::invalid("current_password", "The current password is wrong.");
        set_error_status(&err);
        return Err(err);
    };
    services
        .accounts
        .change_password(&session, current, new, client_ip())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "notification_prefs")]
pub async fn notification_prefs() -> Result<Vec<NotificationPref>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .notification_prefs(&session)
        .await
        .map_err(to_app_error)
}

/// Turns one kind of notification email on or off (`enabled` is a
/// checkbox: present when ticked).
#[server(prefix = "/api/ui", endpoint = "set_notification_pref")]
pub async fn set_notification_pref(
    kind: String,
    #[server(default)] enabled: Option<String>,
) -> Result<Vec<NotificationPref>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let on = matches!(enabled.as_deref(), Some("on" | "true"));
    services
        .accounts
        .set_notification_pref(&session, &kind, on)
        .await
        .map_err(to_app_error)
}

/// Where the viewer is signed in: their live sessions, this one marked.
#[server(prefix = "/api/ui", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .my_sessions(&session)
        .await
        .map_err(to_app_error)
}

/// Ends one of the viewer's other sessions (`reference` from the list).
#[server(prefix = "/api/ui", endpoint = "end_session")]
pub async fn end_session(reference: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .end_session(&session, reference.trim())
        .await
        .map_err(to_app_error)
}

/// Ends every session of the viewer but this one; how many ended.
#[server(prefix = "/api/ui", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .end_other_sessions(&session)
        .await
        .map_err(to_app_error)
}
