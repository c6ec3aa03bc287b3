//! Server functions for end users: the consent page and the apps they
//! gave access to.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AppAccess, ConsentPrompt, ListPage, LogoutPrompt, SignInApp};
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "load_consent")]
pub async fn load_consent(request: String) -> Result<ConsentPrompt, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .consents
        .consent_prompt(&session, &request)
        .await
        .map_err(to_app_error)
}

/// The app a sign-in or sign-up page continues to, when `next` is an
/// authorization request (named on the page; nobody needs to be signed in).
#[server(prefix = "/api/ui", endpoint = "flow_app")]
pub async fn flow_app(next: String) -> Result<Option<SignInApp>, AppError> {
    let Some(client_id) = crate::domain::ReturnPath::parse(&next)
        .ok()
        .and_then(|p| p.authorize_client_id())
    else {
        return Ok(None);
    };
    services()?
        .consents
        .sign_in_app(&client_id)
        .await
        .map_err(to_app_error)
}

/// Allow or deny; the browser then goes back to the app with the answer.
#[server(prefix = "/api/ui", endpoint = "answer_consent")]
pub async fn answer_consent(request: String, decision: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let allow = match decision.as_str() {
        "allow" => true,
        "deny" => false,
        _ => {
            let err = AppError::invalid("decision", "Choose Allow or Deny.");
            set_error_status(&err);
            return Err(err);
        }
    };
    let url = services
        .consents
        .answer_consent(&session, &request, allow)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&url);
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "my_apps")]
pub async fn my_apps(
    #[server(default)] after: Option<String>,
) -> Result<ListPage<AppAccess>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .consents
        .apps(&session, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "revoke_app")]
pub async fn revoke_app(client_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .consents
        .revoke_app(&session, &client_id)
        .await
        .map_err(to_app_error)
}

/// What an RP-initiated sign-out asks of the signed-in person; allows the
/// page's form to lead on to the app's registered post-logout URI.
#[server(prefix = "/api/ui", endpoint = "load_logout")]
pub async fn load_logout(
    #[server(default)] client_id: Option<String>,
    #[server(default)] post_logout_redirect_uri: Option<String>,
    #[server(default)] state: Option<String>,
    #[server(default)] id_token_hint: Option<String>,
) -> Result<LogoutPrompt, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let request = LogoutRequest {
        id_token_hint,
        client_id,
        post_logout_redirect_uri,
        state,
    };
    services
        .consents
        .logout_prompt(&session, request)
        .await
        .map_err(to_app_error)
}
