//! `/authorize-error?reason=…`: an authorization request that cannot be
//! answered safely (no trustworthy redirect URI), explained to the person.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{CARD, H1, MUTED};
use crate::ids;

/// Fixed texts only: the page never echoes what the link said.
fn explain(reason: &str) -> &'static str {
    match reason {
        "missing_client_id" => "The link does not say which app is asking (client_id is missing).",
        "unknown_client" => {
            "The app that sent you here is not registered with Portico (unknown client_id)."
        }
        "missing_redirect_uri" => {
            "The link does not say where to send you back (redirect_uri is missing)."
        }
        "redirect_uri_mismatch" => {
            "The address the app wants you sent back to is not one it registered, so Portico will not send you there."
        }
        "server_error" => "Portico could not check this request right now. Try again in a moment.",
        _ => "The sign-in link is malformed.",
    }
}

#[component]
pub fn AuthorizeErrorPage() -> impl IntoView {
    let reason = move || use_query_map().with(|q| q.get("reason").unwrap_or_default());
    view! {
        <Title text="Sign-in request refused" />
        <div class=format!("mx-auto max-w-lg {CARD}") role="alert" data-testid=ids::AUTHORIZE_ERROR>
            <h1 class=H1>"This sign-in request cannot be used"</h1>
            <p class="mt-3 text-gray-900 dark:text-gray-100">{move || explain(&reason())}</p>
            <p class=format!("mt-3 {MUTED}")>"Nothing was shared with the app. If you came here from an app, tell its makers; the error code is "<code>{reason}</code>"."</p>
        </div>
    }
}
