//! Live feedback on one field while a person types, for the pages sent
//! without the WebAssembly (`light_page.js`; the app runs the same parse in
//! the browser): the message the form would get for the value, or none.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    api::client_form::link_label,
    domain::{ClientKind, DisplayName, Email, InfoUri, PasskeyName, Password, RedirectUri, Suffix},
    services::set_error_status,
};

/// The verdict on `value` for the check named `field`; `with` is the
/// other field a check depends on (a client's kind, for its redirect
/// URIs). An empty optional value (a row of addresses, a link) passes.
#[server(prefix = "/api/ui", endpoint = "check_field")]
pub async fn check_field(
    field: String,
    value: String,
    #[server(default)] with: Option<String>,
) -> Result<Option<String>, AppError> {
    let optional = value.trim().is_empty();
    let verdict = match field.as_str() {
        "email" => Email::parse(&value).err(),
        "display_name" => DisplayName::parse(&value).err(),
        "password" | "new_password" => Password::parse(&value).err(),
        "passkey_name" => PasskeyName::parse(&value).err(),
        "suffix" => Suffix::parse(&value).err(),
        "redirect_uri" if optional => None,
        "redirect_uri" => {
            let kind = with
                .as_deref()
                .and_then(|k| ClientKind::parse(k).ok())
                .unwrap_or(ClientKind::Confidential);
            RedirectUri::parse(value.trim(), kind).err()
        }
        "logo_uri" | "client_uri" | "policy_uri" | "tos_uri" => {
            InfoUri::parse_optional(&value, link_label(&field)).err()
        }
        _ => {
            let error = AppError::invalid("field", "This field has no live check.");
            set_error_status(&error);
            return Err(error);
        }
    };
    Ok(verdict)
}
