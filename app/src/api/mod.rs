//! Server functions, one file per area. Each one is thin: get the services
//! from context, parse input into domain types, call one service method,
//! map the error. URLs are pinned under `/api/ui`.

pub mod account;
pub mod admin;
pub mod approvals;
pub mod auth;
pub mod catalog;
pub mod client_form;
pub mod clients;
pub mod confirm;
pub mod consent;
pub mod docs;
pub mod field_checks;
pub mod keys;
pub mod orgs;
pub mod passkeys;
pub mod password_reset;
pub mod setup;
pub mod systems;
pub mod two_step;
pub mod upstream;
pub mod verify_email;
pub mod webhooks;

/// A list's search text, trimmed; more than 200 characters is a 400.
#[cfg(feature = "ssr")]
pub(crate) fn search_text(q: Option<String>) -> Result<String, crate::error::AppError> {
    let search = q.unwrap_or_default();
    if search.chars().count() > 200 {
        let error = crate::error::AppError::invalid("q", "Search for at most 200 characters.");
        crate::services::set_error_status(&error);
        return Err(error);
    }
    Ok(search.trim().to_owned())
}

/// A list's order from its `?sort=`; an unknown word is a 400.
#[cfg(feature = "ssr")]
pub(crate) fn order<O: crate::model::ListOrder>(
    sort: Option<String>,
) -> Result<O, crate::error::AppError> {
    O::parse(sort.as_deref()).inspect_err(crate::services::set_error_status)
}

/// A page link's cursor; an empty one means the first page.
#[cfg(feature = "ssr")]
pub(crate) fn cursor(after: Option<String>) -> Option<String> {
    after.filter(|a| !a.is_empty())
}
