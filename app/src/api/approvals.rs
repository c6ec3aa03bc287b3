//! Admins' approvals: decisions on requested scopes, suspending and
//! reinstating clients.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AdminClient, ClientDetail, ListPage};
#[cfg(feature = "ssr")]
use crate::{domain::ScopeName, services::*};

/// `decision` is `grant` or `reject`; a rejection needs a reason.
#[server(prefix = "/api/ui", endpoint = "decide_scope")]
pub async fn decide_scope(
    client_id: String,
    scope: String,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = super::clients::client_id(&client_id)?;
    let scope = ScopeName::parse(&scope)
        .map_err(|message| AppError::invalid("scope", message))
        .inspect_err(set_error_status)?;
    let grant = match decision.as_str() {
        "grant" => true,
        "reject" => false,
        _ => {
            let err = AppError::invalid("decision", "Choose grant or reject.");
            set_error_status(&err);
            return Err(err);
        }
    };
    services
        .client_admin
        .decide_scope(&session, &id, &scope, grant, reason)
        .await
        .map_err(to_app_error)
}

/// `decision` is `approve` (every pending scope) or `reject` (the whole
/// client, with a reason).
#[server(prefix = "/api/ui", endpoint = "decide_client")]
pub async fn decide_client(
    client_id: String,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = super::clients::client_id(&client_id)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            let err = AppError::invalid("decision", "Choose approve or reject.");
            set_error_status(&err);
            return Err(err);
        }
    };
    services
        .client_admin
        .decide_client(&session, &id, approve, reason)
        .await
        .map_err(to_app_error)
}

/// A page of every client (`q`: part of an id, a name or an
/// organisation's name; `after`: the cursor of the page before).
#[server(prefix = "/api/ui", endpoint = "admin_clients")]
pub async fn admin_clients(
    #[server(default)] q: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<AdminClient>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let search = super::search_text(q)?;
    services
        .client_admin
        .all_clients(&session, &search, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

/// Any live client, read-only, for the admins' view of it.
#[server(prefix = "/api/ui", endpoint = "client_for_admin")]
pub async fn client_for_admin(client_id: String) -> Result<ClientDetail, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = super::clients::client_id(&client_id)?;
    services
        .client_admin
        .client(&session, &id)
        .await
        .map_err(to_app_error)
}

/// Suspends (with a reason) or reinstates a client.
#[server(prefix = "/api/ui", endpoint = "set_suspended")]
pub async fn set_suspended(
    client_id: String,
    suspended: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let id = super::clients::client_id(&client_id)?;
    services
        .client_admin
        .set_suspended(&session, &id, suspended, reason)
        .await
        .map_err(to_app_error)
}
