//! Admins' view of the provider's signing keys.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SigningKeyInfo;
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "signing_keys")]
pub async fn signing_keys() -> Result<Vec<SigningKeyInfo>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .keys
        .signing_keys(&session)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "rotate_keys")]
pub async fn rotate_keys() -> Result<(), AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .keys
        .rotate_keys(&session)
        .await
        .map_err(to_app_error)
}
