//! Admin server functions: the scope catalog and the audit log.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditPage, AuditQuery, ListPage, PendingClient, ScopeInfo};
#[cfg(feature = "ssr")]
use crate::{domain::ScopeName, error::Checks, services::*};

#[server(prefix = "/api/ui", endpoint = "save_scope")]
pub async fn save_scope(
    name: String,
    description: String,
    #[server(default)] resource: String,
    #[server(default)] requires_approval: Option<String>,
    #[server(default)] enabled: Option<String>,
) -> Result<ScopeInfo, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let mut checks = Checks::default();
    let name = checks.check("name", ScopeName::parse(name.trim()));
    let description = description.trim().to_owned();
    if description.is_empty() || description.chars().count() > 200 {
        checks.fail(
            "description",
            "Describe the scope for end users in 1 to 200 characters.",
        );
    }
    let resource = resource.trim().to_owned();
    if resource.chars().count() > 200 || resource.contains(char::is_whitespace) {
        checks.fail(
            "resource",
            "A resource is one word or URI of at most 200 characters.",
        );
    }
    checks.finish().inspect_err(set_error_status)?;
    let name = name.ok_or_else(|| AppError::invalid("name", "Enter a scope name."))?;
    let definition = ScopeDefinition {
        name,
        description,
        resource,
        requires_approval: requires_approval.is_some_and(|v| v != "false"),
        enabled: enabled.is_some_and(|v| v != "false"),
    };
    services
        .client_admin
        .save_scope(&session, definition)
        .await
        .map_err(to_app_error)
}

/// A page of the audit log (50 rows, newest first): `query` filters,
/// `before` is the previous page's `next_before`.
#[server(prefix = "/api/ui", endpoint = "audit_log")]
pub async fn audit_log(
    #[server(default)] query: AuditQuery,
    #[server(default)] before: Option<i64>,
) -> Result<AuditPage, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let filter = AuditFilter::parse(&query).inspect_err(set_error_status)?;
    services
        .client_admin
        .audit(&session, filter, before)
        .await
        .map_err(to_app_error)
}

/// A page of the approval queue (`after`: the cursor of the page before).
#[server(prefix = "/api/ui", endpoint = "pending_clients")]
pub async fn pending_clients(
    #[server(default)] after: Option<String>,
) -> Result<ListPage<PendingClient>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .client_admin
        .pending_clients(&session, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}
