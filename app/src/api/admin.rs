//! Admin-only account management.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AccountPage, AccountSummary, OutboxMessage};
#[cfg(feature = "ssr")]
use crate::services::*;

/// A page of accounts: `q` searches email and name, `sort` is an
/// `AccountOrder` word, `after` is where the page starts (the previous
/// page's `next_after`).
#[server(prefix = "/api/ui", endpoint = "list_accounts")]
pub async fn list_accounts(
    q: Option<String>,
    #[server(default)] sort: Option<String>,
    after: Option<String>,
) -> Result<AccountPage, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let search = super::search_text(q)?;
    let order = super::order::<crate::model::AccountOrder>(sort)?;
    services
        .accounts
        .list_accounts(&session, &search, order, super::cursor(after).as_deref())
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "set_roles")]
pub async fn set_roles(
    account_id: String,
    developer: bool,
    admin: bool,
) -> Result<AccountSummary, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .accounts
        .set_roles(&session, &account_id, developer, admin)
        .await
        .map_err(to_app_error)
}

/// Disables an account (no sign-in; its sessions and refresh tokens end)
/// or enables it again.
#[server(prefix = "/api/ui", endpoint = "set_account_disabled")]
pub async fn set_account_disabled(
    account_id: String,
    disabled: bool,
) -> Result<AccountSummary, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .set_disabled(&session, &account_id, disabled)
        .await
        .map_err(to_app_error)
}

/// Ends every session of an account (it must sign in again); how many
/// ended.
#[server(prefix = "/api/ui", endpoint = "end_account_sessions")]
pub async fn end_account_sessions(account_id: String) -> Result<u64, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .end_account_sessions(&session, &account_id)
        .await
        .map_err(to_app_error)
}

/// Removes another account's authenticator app (a lost phone and lost
/// recovery codes); a change that wants the admin's own recent code.
#[server(prefix = "/api/ui", endpoint = "reset_two_step")]
pub async fn reset_two_step(account_id: String) -> Result<AccountSummary, AppError> {
    let services = services()?;
    let session = require_session_with_fresh_code().inspect_err(set_error_status)?;
    services
        .accounts
        .reset_two_step(&session, &account_id)
        .await
        .map_err(to_app_error)
        .inspect_err(set_error_status)
}

/// The newest outbox messages (recipient, subject, state), failed first.
#[server(prefix = "/api/ui", endpoint = "admin_outbox")]
pub async fn admin_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .accounts
        .outbox(&session)
        .await
        .map_err(to_app_error)
}
