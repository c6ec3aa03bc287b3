//! Email verification: spend the link from the email; ask for a new one.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{components::percent_encode, services::*};

#[server(prefix = "/api/ui", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<bool, AppError> {
    let done = services()?
        .accounts
        .verify_email(&token)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)?;
    // A plain form post reloads the page: the address says it is done.
    if is_plain_form_post() {
        leptos_axum::redirect(&format!(
            "/verify-email/{}?confirmed=1",
            percent_encode(&token, b"")
        ));
    }
    Ok(done)
}

#[server(prefix = "/api/ui", endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .resend_verification(&session)
        .await
        .map_err(to_app_error)
}
