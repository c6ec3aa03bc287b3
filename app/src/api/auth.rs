//! Sign-up, sign-in, sign-out and "who am I".

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Viewer;
#[cfg(feature = "ssr")]
use crate::{
    domain::{DisplayName, Email, Password, ReturnPath},
    error::Checks,
    services::*,
};

#[server(prefix = "/api/ui", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Viewer>, AppError> {
    Ok(current_session().map(|s| s.viewer))
}

#[server(prefix = "/api/ui", endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
    #[server(default)] next: Option<String>,
) -> Result<Viewer, AppError> {
    let services = services()?;
    let account = parse_new_account(&email, &display_name, &password, &password_confirm)
        .inspect_err(set_error_status)?;
    let (token, viewer) = services
        .accounts
        .sign_up(account, client_ip())
        .await
        .map_err(to_app_error)?;
    set_session_cookie(services.cookies, &token);
    // Back into the flow that sent the person here (see `sign_in`).
    let next = ReturnPath::or_home(next.as_deref());
    if !next.leaves_the_app() || is_plain_form_post() {
        leptos_axum::redirect(next.as_ref());
    }
    Ok(viewer)
}

/// The password step of a sign-in: the viewer, or `None` when the account
/// asks for a code from its authenticator app next (`/login/code`, which
/// the answer redirects to).
#[server(prefix = "/api/ui", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<Option<Viewer>, AppError> {
    let services = services()?;
    // Only the shape is checked here: a password that breaks today's length
    // rules may still be an old valid one, and the answer must not differ.
    let mut checks = Checks::default();
    let email = checks.check("email", Email::parse(&email));
    if password.is_empty() {
        checks.fail("password", "Enter your password.");
    }
    checks.finish().inspect_err(set_error_status)?;
    let (Some(email), Ok(password)) = (email, Password::parse(&password)) else {
        // Well-formed email, password outside the rules: cannot be right.
        let err = AppError::invalid("form", "Email or password is wrong.");
        set_error_status(&err);
        return Err(err);
    };
    // A fresh id at every sign-in; the old one must not stay usable.
    end_current_session(&services).await?;
    let signed_in = services
        .accounts
        .sign_in(email, password, client_ip())
        .await
        .map_err(to_app_error)?;
    let next = ReturnPath::or_home(next.as_deref());
    let Some((token, viewer)) = session_or_next_step(&services, signed_in, &next) else {
        return Ok(None);
    };
    set_session_cookie(services.cookies, &token);
    // The router would render a provider path as a page of its own; the
    // sign-in page loads it in full instead (see `LoginPage`).
    if !next.leaves_the_app() || is_plain_form_post() {
        leptos_axum::redirect(landing(&viewer, &next));
    }
    Ok(Some(viewer))
}

/// The account page's two-step section.
#[cfg(feature = "ssr")]
const SET_UP_TWO_STEP: &str = "/account/security#two-step";

/// Where a portal sign-in lands: in the grace period of a required
/// two-step sign-in, where it is set up (an authorization request goes
/// on: the client's user is mid-flow).
#[cfg(feature = "ssr")]
pub fn landing<'a>(viewer: &Viewer, next: &'a ReturnPath) -> &'a str {
    if viewer.two_step_due.is_some() && !next.leaves_the_app() {
        SET_UP_TWO_STEP
    } else {
        next.as_ref()
    }
}

/// A correct password's session, or — when the account wants another
/// step first — its challenge kept in a cookie and the person sent to
/// that step's page, `next` kept.
#[cfg(feature = "ssr")]
pub(crate) fn session_or_next_step(
    services: &Services,
    signed_in: SignedIn,
    next: &ReturnPath,
) -> Option<(SessionToken, Viewer)> {
    let (challenge, page) = match signed_in.into_step() {
        Ok(session) => return Some(session),
        Err(step) => step,
    };
    set_challenge_cookie(services.cookies, &challenge);
    leptos_axum::redirect(&crate::components::keeping_next(page, next.as_ref()));
    None
}

#[server(prefix = "/api/ui", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let services = services()?;
    end_current_session(&services).await?;
    clear_session_cookie(services.cookies);
    leptos_axum::redirect("/login");
    Ok(())
}

/// "Not you?": signs this browser out and opens the sign-in page that
/// continues the same flow (`next`: the authorization request or the
/// confirmation page) for another account.
#[server(prefix = "/api/ui", endpoint = "switch_account")]
pub async fn switch_account(next: String) -> Result<(), AppError> {
    let services = services()?;
    let next = ReturnPath::or_home(Some(&next));
    end_current_session(&services).await?;
    clear_session_cookie(services.cookies);
    leptos_axum::redirect(&format!(
        "/login?next={}",
        crate::components::percent_encode(next.as_ref(), b"")
    ));
    Ok(())
}

/// Checks a sign-up or setup form, reporting every field at once.
#[cfg(feature = "ssr")]
pub(crate) fn parse_new_account(
    email: &str,
    display_name: &str,
    password: &str,
    password_confirm: &str,
) -> Result<NewAccount, AppError> {
    let mut checks = Checks::default();
    let email = checks.check("email", Email::parse(email));
    let display_name = checks.check("display_name", DisplayName::parse(display_name));
    let password = checks.check("password", Password::parse(password));
    if password.is_some() && password_confirm != password.as_ref().map_or("", |p| p.expose()) {
        checks.fail("password_confirm", "The two passwords are not the same.");
    }
    checks.finish()?;
    match (email, display_name, password) {
        (Some(email), Some(display_name), Some(password)) => Ok(NewAccount {
            email,
            display_name,
            password,
        }),
        _ => Err(AppError::invalid("form", "The form is not valid.")),
    }
}

/// Ends the session this browser has, if any (before a new one starts).
#[cfg(feature = "ssr")]
pub(crate) async fn end_current_session(services: &Services) -> Result<(), AppError> {
    if let Some(old) = current_session() {
        services
            .accounts
            .sign_out(&old.session_key)
            .await
            .map_err(to_app_error)?;
    }
    Ok(())
}
