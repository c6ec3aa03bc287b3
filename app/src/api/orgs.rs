//! Server functions for organisations: settings, members, invitations,
//! history, the organisation a person's pages act for, moves between
//! organisations, and the admins' view.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    AuditPage, Invitation, InvitationOffer, ListPage, Member, NewInvitation, OrgForAdmin,
    OrgSummary,
};
#[cfg(feature = "ssr")]
use crate::{
    domain::{Email, OrgName, OrgNumber, ReturnPath, Role},
    error::Checks,
    services::*,
};

/// The organisation form (new and settings).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct OrgForm {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub org_number: String,
}

#[cfg(feature = "ssr")]
fn parse(form: &OrgForm) -> Result<OrgSettings, AppError> {
    let mut checks = Checks::default();
    let name = checks.check("name", OrgName::parse(&form.name));
    let description = checks.check(
        "description",
        super::client_form::parse_description(&form.description),
    );
    let org_number = if form.org_number.trim().is_empty() {
        Some(None)
    } else {
        checks
            .check("org_number", OrgNumber::parse(&form.org_number))
            .map(Some)
    };
    checks.finish().inspect_err(set_error_status)?;
    match (name, description, org_number) {
        (Some(name), Some(description), Some(org_number)) => Ok(OrgSettings {
            name,
            description,
            org_number,
        }),
        _ => Err(AppError::invalid("form", "The form is not valid.")),
    }
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, AppError> {
    Role::parse(role)
        .map_err(|m| AppError::invalid("role", m))
        .inspect_err(set_error_status)
}

#[server(prefix = "/api/ui", endpoint = "create_org")]
pub async fn create_org(form: OrgForm) -> Result<OrgSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    let created = services
        .orgs
        .create_org(&session, settings)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&format!("/orgs/{}", created.org_id));
    Ok(created)
}

#[server(prefix = "/api/ui", endpoint = "get_org")]
pub async fn get_org(org_id: String) -> Result<OrgSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .org(&session, &org_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "update_org")]
pub async fn update_org(org_id: String, form: OrgForm) -> Result<OrgSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    services
        .orgs
        .update_org(&session, &org_id, settings)
        .await
        .map_err(to_app_error)
}

/// `confirm_name` must be the organisation's name.
#[server(prefix = "/api/ui", endpoint = "delete_org")]
pub async fn delete_org(org_id: String, confirm_name: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .delete_org(&session, &org_id, confirm_name.trim())
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect("/orgs");
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "org_members")]
pub async fn org_members(org_id: String) -> Result<Vec<Member>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .members(&session, &org_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "set_member_role")]
pub async fn set_member_role(
    org_id: String,
    account_id: String,
    role: String,
) -> Result<Member, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    let role = parse_role(&role)?;
    services
        .orgs
        .set_role(&session, &org_id, &account_id, role)
        .await
        .map_err(to_app_error)
}

/// Owners remove a member; anyone may remove themselves (leave).
#[server(prefix = "/api/ui", endpoint = "remove_member")]
pub async fn remove_member(org_id: String, account_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .remove_member(&session, &org_id, &account_id)
        .await
        .map_err(to_app_error)?;
    if session.viewer.account_id == account_id {
        leptos_axum::redirect("/orgs");
    }
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "org_invitations")]
pub async fn org_invitations(org_id: String) -> Result<Vec<Invitation>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .invitations(&session, &org_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "invite_member")]
pub async fn invite_member(
    org_id: String,
    email: String,
    role: String,
) -> Result<NewInvitation, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let mut checks = Checks::default();
    let email = checks.check("email", Email::parse(&email));
    let role = checks.check("role", Role::parse(&role));
    checks.finish().inspect_err(set_error_status)?;
    let (Some(email), Some(role)) = (email, role) else {
        return Err(AppError::invalid("form", "The form is not valid."));
    };
    services
        .orgs
        .invite(&session, &org_id, email, role)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(org_id: String, invitation_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .revoke_invitation(&session, &org_id, &invitation_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "load_invitation")]
pub async fn load_invitation(token: String) -> Result<InvitationOffer, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .invitation(&session, &token)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<String, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let org_id = services
        .orgs
        .accept_invitation(&session, &token)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&format!("/orgs/{org_id}"));
    Ok(org_id)
}

#[server(prefix = "/api/ui", endpoint = "org_history")]
pub async fn org_history(
    org_id: String,
    #[server(default)] before: Option<i64>,
) -> Result<AuditPage, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .history(&session, &org_id, before)
        .await
        .map_err(to_app_error)
}

/// The switcher in the navigation: a plain form post, answered with a
/// redirect so every page reloads for the new organisation.
#[server(prefix = "/api/ui", endpoint = "switch_org")]
pub async fn switch_org(org_id: String, #[server(default)] next: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .switch_org(&session, &org_id)
        .await
        .map_err(to_app_error)?;
    let next = ReturnPath::or_home(Some(&next)).after_switch(&org_id);
    leptos_axum::redirect(next.as_ref());
    Ok(())
}

/// `confirm` must be the client's suffix.
#[server(prefix = "/api/ui", endpoint = "move_client")]
pub async fn move_client(
    client_id: String,
    to_org: String,
    confirm: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let client_id = super::clients::client_id(&client_id)?;
    services
        .orgs
        .move_client(&session, &client_id, &to_org, confirm.trim())
        .await
        .map_err(to_app_error)
}

/// `confirm` must be the system's name.
#[server(prefix = "/api/ui", endpoint = "move_system")]
pub async fn move_system(
    system_id: String,
    to_org: String,
    confirm: String,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .move_system(&session, &system_id, &to_org, confirm.trim())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "search_orgs")]
pub async fn search_orgs(
    #[server(default)] query: String,
    #[server(default)] after: Option<String>,
) -> Result<ListPage<OrgSummary>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let query = super::search_text(Some(query))?;
    services
        .orgs
        .search_orgs(&session, &query, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "admin_org")]
pub async fn admin_org(org_id: String) -> Result<OrgForAdmin, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .orgs
        .org_for_admin(&session, &org_id)
        .await
        .map_err(to_app_error)
}
