//! "Forgot your password?": ask for a link, then set a new password.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Viewer;
#[cfg(feature = "ssr")]
use crate::{
    domain::{Email, Password, ReturnPath},
    error::Checks,
    services::*,
};

/// Answers the same whether or not the address has an account.
#[server(prefix = "/api/ui", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let services = services()?;
    let email = Email::parse(&email)
        .map_err(|m| AppError::invalid("email", m))
        .inspect_err(set_error_status)?;
    services
        .accounts
        .request_password_reset(email, client_ip())
        .await
        .map_err(to_app_error)?;
    // A plain form post goes back to the page it came from (the sign-in
    // page's "forgot", or the account's "set a password"), which says it
    // was sent (`?done=forgot_password`).
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "reset_link_valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    services()?
        .accounts
        .password_reset_valid(&token)
        .await
        .map_err(to_app_error)
}

/// The viewer, or `None` when the account asks for a code from its
/// authenticator app next (the answer redirects to `/login/code`).
#[server(prefix = "/api/ui", endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<Option<Viewer>, AppError> {
    let services = services()?;
    let mut checks = Checks::default();
    let new = checks.check("new_password", Password::parse(&new_password));
    if new.is_some() && new_password != new_password_confirm {
        checks.fail(
            "new_password_confirm",
            "The two new passwords are not the same.",
        );
    }
    checks.finish().inspect_err(set_error_status)?;
    let Some(new) = new else {
        return Err(AppError::invalid("new_password", "Choose a new password."));
    };
    // Whoever was signed in in this browser is signed out first.
    super::auth::end_current_session(&services).await?;
    let signed_in = services
        .accounts
        .reset_password(&token, new, client_ip())
        .await
        .map_err(to_app_error)?;
    // The new password is stored; an authenticator still guards the
    // account (or must be set up), so that comes before a session.
    let home = ReturnPath::or_home(None);
    let Some((token, viewer)) = super::auth::session_or_next_step(&services, signed_in, &home)
    else {
        return Ok(None);
    };
    set_session_cookie(services.cookies, &token);
    leptos_axum::redirect(super::auth::landing(&viewer, &home));
    Ok(Some(viewer))
}
