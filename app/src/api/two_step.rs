//! Two-step sign-in: the code after the password, and setting up an
//! authenticator app on `/account`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuthenticatorSetup, SecondFactorWays, SignInPolicy, TwoStepStatus, Viewer};
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
    let challenge = challenge_or_expired(&services, "code")?;
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

/// The challenge a correct password left in its cookie, or the error
/// "sign in again".
#[cfg(feature = "ssr")]
pub(crate) fn challenge_or_expired(services: &Services, field: &str) -> Result<String, AppError> {
    read_cookie(services.cookies.challenge_cookie_name()).ok_or_else(|| {
        let err = AppError::invalid(
            field,
            "This sign-in has expired. Sign in again with your password.",
        );
        set_error_status(&err);
        err
    })
}

/// The authenticator a sign-in must set up first (`/login/set-up`, when
/// the admins require two-step sign-in and the grace period is over).
#[server(prefix = "/api/ui", endpoint = "set_up_authenticator")]
pub async fn set_up_authenticator() -> Result<AuthenticatorSetup, AppError> {
    let services = services()?;
    let challenge = challenge_or_expired(&services, "form")?;
    services
        .two_step
        .begin_set_up(&challenge)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Turns that authenticator on with its first code and signs in; the
/// recovery codes, shown once on the page before it goes on to `next`.
#[server(prefix = "/api/ui", endpoint = "finish_set_up")]
pub async fn finish_set_up(code: String) -> Result<Vec<String>, AppError> {
    let services = services()?;
    if code.trim().is_empty() {
        let err = AppError::invalid("code", "Enter the code your authenticator app shows.");
        set_error_status(&err);
        return Err(err);
    }
    let challenge = challenge_or_expired(&services, "code")?;
    let (token, _viewer, codes) = services
        .two_step
        .finish_set_up(&challenge, &code, client_ip())
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    clear_challenge_cookie(services.cookies);
    end_current_session(&services).await?;
    set_session_cookie(services.cookies, &token);
    Ok(codes)
}

/// Whom the admins require to use two-step sign-in.
#[server(prefix = "/api/ui", endpoint = "sign_in_policy")]
pub async fn current_sign_in_policy() -> Result<SignInPolicy, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .two_step
        .policy(&session)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// Changes whom two-step sign-in is required of: a change that wants the
/// admin's own recent code.
#[server(prefix = "/api/ui", endpoint = "save_sign_in_policy")]
pub async fn save_sign_in_policy(
    #[server(default)] two_step_for_admins: Option<String>,
    #[server(default)] two_step_for_developers: Option<String>,
    grace_days: String,
) -> Result<SignInPolicy, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    let grace_days = crate::domain::grace_days(&grace_days)
        .map_err(|m| AppError::invalid("grace_days", m))
        .inspect_err(set_error_status)?;
    let ticked = |v: Option<String>| v.is_some_and(|v| v != "false");
    let policy = SignInPolicy {
        two_step_for_admins: ticked(two_step_for_admins),
        two_step_for_developers: ticked(two_step_for_developers),
        grace_days,
        updated_at: None,
    };
    services
        .two_step
        .set_policy(&session, policy)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
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

/// What "Confirm it is you" may take for the signed-in person: a code
/// from the authenticator app, one of their passkeys.
#[server(prefix = "/api/ui", endpoint = "step_up_ways")]
pub async fn step_up_ways() -> Result<SecondFactorWays, AppError> {
    let session = require_session().inspect_err(set_error_status)?;
    Ok(session.second_factor_ways())
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
