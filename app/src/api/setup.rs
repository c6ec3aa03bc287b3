//! The one-time link that creates the first admin.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Viewer;
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "setup_link_valid")]
pub async fn setup_link_valid(token: String) -> Result<bool, AppError> {
    let services = services()?;
    services
        .accounts
        .setup_link_valid(&token)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "complete_setup")]
pub async fn complete_setup(
    token: String,
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
) -> Result<Viewer, AppError> {
    let services = services()?;
    let account =
        super::auth::parse_new_account(&email, &display_name, &password, &password_confirm)
            .inspect_err(set_error_status)?;
    let (session, viewer) = services
        .accounts
        .complete_setup(&token, account)
        .await
        .map_err(to_app_error)?;
    set_session_cookie(services.cookies, &session);
    leptos_axum::redirect("/");
    Ok(viewer)
}
