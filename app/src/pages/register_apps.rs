//! "Register applications": how an end user becomes a developer where
//! this Portico lets people do that themselves — by accepting the
//! developer terms, which gives them a personal organisation and its
//! client-id prefix.

use leptos::prelude::*;

use super::{BUTTON, CARD, MUTED};
use crate::api::account::BecomeDeveloper;
use crate::components::{FormErrors, FormMessage, Session};
use crate::ids;

/// What a developer agrees to before registering applications.
const TERMS: [&str; 4] = [
    "I am responsible for the applications I register and for what they do with the tokens they get.",
    "I keep client secrets and API keys out of source code, chat and email, and revoke any that may have leaked.",
    "I ask only for the scopes my applications need, and say truthfully what they do with them.",
    "Admins may suspend an application that misuses its access, and may read what I register.",
];

#[component]
pub(super) fn RegisterApplications() -> impl IntoView {
    let action = ServerAction::<BecomeDeveloper>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    let terms_error = error.field("accept_terms");
    view! {
        <section class=CARD data-testid=ids::REGISTER_APPS aria-labelledby="register-apps-heading">
            <h2 id="register-apps-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Register applications"</h2>
            <p class=format!("mt-2 {MUTED}")>
                "Your account signs in to apps and manages the access you granted them. "
                "To build an app that signs people in with this provider, become a developer: "
                "you get a client-id prefix of your own and can register OAuth clients."
            </p>
            <ActionForm action attr:class="mt-4 space-y-4">
                <div>
                    <h3 class="text-sm font-medium text-gray-900 dark:text-gray-100">"Developer terms"</h3>
                    <ul data-testid=ids::DEVELOPER_TERMS class="mt-2 list-disc space-y-1 pl-5 text-sm text-gray-800 dark:text-gray-200">
                        {TERMS.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                    </ul>
                </div>
                <div>
                    <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name="accept_terms" value="on"
                            aria-invalid=move || terms_error.get().is_some().to_string()
                            aria-describedby="accept-terms-error"
                            class="mt-0.5 h-4 w-4 rounded border-gray-400" />
                        "I accept the developer terms"
                    </label>
                    <p id="accept-terms-error" class="text-sm text-red-700 dark:text-red-300" aria-live="polite">
                        {move || terms_error.get()}
                    </p>
                </div>
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::BECOME_DEVELOPER
                    disabled=move || action.pending().get()>"Become a developer"</button>
            </ActionForm>
        </section>
    }
}
