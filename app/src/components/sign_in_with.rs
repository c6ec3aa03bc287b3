//! "Sign in with a passkey", "Sign in with …" for each upstream provider
//! an admin turned on, and what the sign-in page says when such a sign-in
//! came back without signing anyone in (`?upstream=<code>`).

use leptos::prelude::*;

use super::{PasskeyButton, PasskeyStep, keeping_next, query_param};
use crate::api::passkeys::passkeys_available;
use crate::api::upstream::sign_in_options;
use crate::ids;
use crate::model::upstream_failure_message;

const PROVIDER_BUTTON: &str = "flex w-full items-center justify-center rounded-md border border-gray-400 px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

/// The other ways in: a passkey (where this Portico can use them), and
/// links that start a sign-in at each provider, keeping `next`; nothing
/// when there is neither.
#[component]
pub fn SignInWith(next: Signal<String>) -> impl IntoView {
    let options = Resource::new(|| (), |_| sign_in_options());
    let passkeys = Resource::new(|| (), |_| passkeys_available());
    view! {
        <Transition fallback=|| ()>
            {move || {
                let options = options.get().and_then(Result::ok).unwrap_or_default();
                let passkeys = passkeys.get().and_then(Result::ok).unwrap_or(false);
                if options.is_empty() && !passkeys {
                    return None;
                }
                Some(view! {
                    <div class="mt-6" data-testid=ids::SIGN_IN_WITH>
                        <p class="flex items-center gap-3 text-xs uppercase tracking-wide text-gray-600 dark:text-gray-300">
                            <span class="h-px flex-1 bg-gray-300 dark:bg-gray-700"></span>"or"<span class="h-px flex-1 bg-gray-300 dark:bg-gray-700"></span>
                        </p>
                        {passkeys.then(|| view! { <div class="mt-4"><PasskeyButton step=PasskeyStep::SignIn next /></div> })}
                        <ul class="mt-2 space-y-2">
                            {options.into_iter().map(|option| {
                                let start = format!("/login/with/{}", option.id);
                                let href = move || keeping_next(&start, &next.get());
                                view! {
                                    <li><a href=href rel="external nofollow" class=PROVIDER_BUTTON>
                                        "Sign in with " {option.display_name}
                                    </a></li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
        </Transition>
    }
}

/// Why the last upstream sign-in signed nobody in, when the address says.
#[component]
pub fn UpstreamFailure() -> impl IntoView {
    let code = query_param("upstream");
    move || {
        let message = upstream_failure_message(&code.get()?)?;
        Some(view! {
            <p role="alert" data-testid=ids::UPSTREAM_FAILURE
                class="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                {message}
            </p>
        })
    }
}
