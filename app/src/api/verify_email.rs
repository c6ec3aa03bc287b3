//! Email verification: spend the link from the email; ask for a new one.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<bool, AppError> {
    services()?
        .accounts
        .verify_email(&token)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
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
