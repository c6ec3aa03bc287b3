//! "Sign in with a passkey" on the sign-in page. Sent as a light page,
//! the button is driven by `passkey_sign_in.js`; rendered by the portal's
//! WebAssembly, by the same steps in Rust.

use leptos::prelude::*;

use super::{get_credential, rendering_light_page};
use crate::api::passkeys::{begin_passkey_sign_in, passkey_sign_in};
use crate::error::AppError;
use crate::ids;

const BUTTON: &str = "flex w-full items-center justify-center gap-2 rounded-md border border-gray-400 px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 disabled:opacity-60 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

async fn sign_in(next: String) -> Result<String, AppError> {
    let ceremony = begin_passkey_sign_in().await?;
    let credential = get_credential(&ceremony.options)
        .await
        .map_err(|m| AppError::invalid("form", m))?;
    passkey_sign_in(ceremony.ceremony, credential, Some(next)).await
}

#[component]
pub fn PasskeySignIn(next: Signal<String>) -> impl IntoView {
    let action = Action::new_local(|next: &String| sign_in(next.clone()));
    Effect::new(move |_| {
        if let Some(Ok(to)) = action.value().get() {
            go_to(&to);
        }
    });
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    };
    view! {
        <button type="button" class=BUTTON data-testid=ids::PASSKEY_SIGN_IN data-passkey-sign-in=""
            data-next=move || next.get()
            disabled=move || action.pending().get()
            on:click=move |_| { action.dispatch_local(next.get_untracked()); }>
            "Sign in with a passkey"
        </button>
        <p id="passkey-sign-in-error" role="alert" data-testid=ids::PASSKEY_SIGN_IN_ERROR hidden=move || error().is_none()
            class="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {error}
        </p>
        {rendering_light_page().then(|| view! {
            <script nonce=use_nonce() inner_html=include_str!("passkey_sign_in.js")></script>
        })}
    }
}

/// A full load of where the sign-in leads (the session is new).
fn go_to(to: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(to);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}
