//! Server functions behind `/confirm-client/:client_id`: an end user
//! confirms or declines a draft that a client system created for them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AnsweredDraft, DraftAnswer, DraftToConfirm, ListPage};
#[cfg(feature = "ssr")]
use crate::{domain::LoopbackReturn, services::*};

/// The loopback address to return to, when the link named one. A hostile
/// value is an error: the page then never redirects.
#[cfg(feature = "ssr")]
fn loopback(port: &str, path: &str) -> Result<Option<LoopbackReturn>, AppError> {
    LoopbackReturn::from_query(port, path)
        .map_err(|message| AppError::invalid("redirect", message))
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "load_draft")]
pub async fn load_draft(
    client_id: String,
    #[server(default)] redirect_port: String,
    #[server(default)] redirect_path: String,
) -> Result<DraftToConfirm, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    // Checked first: a hostile return address fails before anything else.
    loopback(&redirect_port, &redirect_path)?;
    let id = super::clients::client_id(&client_id)?;
    services
        .systems
        .draft_to_confirm(&session, &id)
        .await
        .map_err(to_app_error)
}

/// The drafts the signed-in person answered (`/account`), a page at a time.
#[server(prefix = "/api/ui", endpoint = "answered_drafts")]
pub async fn answered_drafts(
    #[server(default)] after: Option<String>,
) -> Result<ListPage<AnsweredDraft>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .systems
        .answered_drafts(&session, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

/// Takes back the person's confirmation of a draft: the client is
/// rejected and gets no more tokens.
#[server(prefix = "/api/ui", endpoint = "withdraw_confirmation")]
pub async fn withdraw_confirmation(client_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = super::clients::client_id(&client_id)?;
    services
        .systems
        .withdraw_confirmation(&session, &id)
        .await
        .map_err(to_app_error)
}

/// Confirms (`answer=confirm`) or declines a draft, then sends the browser
/// back to the program's loopback listener when the link named one.
#[server(prefix = "/api/ui", endpoint = "answer_draft")]
pub async fn answer_draft(
    client_id: String,
    answer: String,
    #[server(default)] redirect_port: String,
    #[server(default)] redirect_path: String,
) -> Result<DraftAnswer, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let back = loopback(&redirect_port, &redirect_path)?;
    let id = super::clients::client_id(&client_id)?;
    let answer = match answer.as_str() {
        "confirm" => DraftAnswer::Confirmed,
        "decline" => DraftAnswer::Declined,
        _ => {
            let err = AppError::invalid("answer", "Choose Confirm or Decline.");
            set_error_status(&err);
            return Err(err);
        }
    };
    let recorded = services
        .systems
        .answer_draft(&session, &id, answer)
        .await
        .map_err(to_app_error)?;
    if let Some(back) = back {
        leptos_axum::redirect(&back.url(&id.to_string(), recorded.as_str()));
    }
    Ok(recorded)
}
