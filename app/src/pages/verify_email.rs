//! `/verify-email/:token`: the link from the sign-up email. Opening it
//! does nothing by itself (mail scanners open links too); the button does.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::verify_email::VerifyEmail;
use crate::components::{FormErrors, FormMessage, Session};
use crate::ids;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let action = ServerAction::<VerifyEmail>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    // Done: the answer came back here, or (a plain form post) the page
    // was loaded again with `?confirmed`.
    let query = use_query_map();
    let done = move || {
        matches!(action.value().get(), Some(Ok(_))) || query.with(|q| q.get("confirmed").is_some())
    };
    view! {
        <Title text="Confirm your email address" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <h1 class=H1>"Confirm your email address"</h1>
            <Show
                when=done
                fallback=move || view! {
                    <p class=format!("mt-1 {MUTED}")>"One click confirms that the address you signed up with is yours."</p>
                    <ActionForm action attr:data-testid=ids::VERIFY_FORM attr:class="mt-6 space-y-4">
                        <input type="hidden" name="token" value=token />
                        <FormMessage error />
                        <button type="submit" class=BUTTON data-testid=ids::VERIFY_SUBMIT disabled=move || action.pending().get()>"Confirm my address"</button>
                    </ActionForm>
                }
            >
                <p role="status" data-testid=ids::VERIFY_DONE class="mt-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
                    "Your email address is confirmed. Thank you."
                </p>
                <a href="/" class=format!("mt-4 inline-block {LINK}")>"Continue to Portico"</a>
            </Show>
        </div>
    }
}
