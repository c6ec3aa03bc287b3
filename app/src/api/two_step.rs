//! Two-step sign-in: the code after the password, and setting up an
//! authenticator app on `/account`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuthenticatorSetup, TwoStepStatus, Viewer};
#[cfg(feature = "ssr")]
use crate::{api::auth::end_current_session, domain::ReturnPath, services::*};

/// The second step of a sign-in (`/login/code`): a code from the
/// authenticator app, or a recovery code, for the password typed a moment
/// ago (its challenge is in a short-lived cookie).
#[server(prefix = "/api/ui", endpoint = "sign_in_code")]
pub async fn sign_in_code(
    code: String,
    #[server(default)] next: Option<String>,
) -> Result<Viewer, AppError> {
    let services = services()?;
    if code.trim().is_empty() {
        let err = AppError::invalid("code", "Enter the code from your authenticator app.");
        set_error_status(&err);
        return Err(err);
    }
    let Some(challenge) = read_cookie(services.cookies.challenge_cookie_name()) else {
        let err = AppError::invalid(
            "code",
            "This sign-in has expired. Sign in again with your password.",
        );
        set_error_status(&err);
        return Err(err);
    };
    let (token, viewer) = services
        .two_step
        .second_step(&challenge, &code, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    clear_challenge_cookie(services.cookies);
    end_current_session(&services).await?;
    set_session_cookie(services.cookies, &token);
    let next = ReturnPath::or_home(next.as_deref());
    if !next.leaves_the_app() || is_plain_form_post() {
        leptos_axum::redirect(next.as_ref());
    }
    Ok(viewer)
}

/// Whether the viewer's sign-in asks for a code.
#[server(prefix = "/api/ui", endpoint = "two_step_status")]
pub async fn my_two_step() -> Result<TwoStepStatus, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .status(&session)
        .await
        .map_err(to_app_error)
}

/// A new authenticator secret to scan (shown until it is confirmed).
#[server(prefix = "/api/ui", endpoint = "start_two_step")]
pub async fn start_two_step() -> Result<AuthenticatorSetup, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .start(&session)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Turns two-step sign-in on with the first code; the recovery codes.
#[server(prefix = "/api/ui", endpoint = "confirm_two_step")]
pub async fn confirm_two_step(code: String) -> Result<Vec<String>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .confirm(&session, &code)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// "Confirm it is you" before a change that hands out keys.
#[server(prefix = "/api/ui", endpoint = "confirm_it_is_you")]
pub async fn confirm_it_is_you(code: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .step_up(&session, &code)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "turn_off_two_step")]
pub async fn turn_off_two_step(code: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .turn_off(&session, &code)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .new_recovery_codes(&session, &code)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}
