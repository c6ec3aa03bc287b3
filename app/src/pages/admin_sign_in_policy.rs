//! The admins' sign-in policy on `/admin/accounts`: whether admins and
//! developers must use two-step sign-in, and their grace period.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::{BUTTON, CARD, MUTED};
use crate::api::two_step::{SaveSignInPolicy, current_sign_in_policy};
use crate::components::{ErrorView, Field, FormErrors, FormMessage, LocalTime, succeeded};
use crate::ids;
use crate::model::{MAX_GRACE_DAYS, SignInPolicy};

#[component]
pub(super) fn SignInPolicyCard() -> impl IntoView {
    let save = ServerAction::<SaveSignInPolicy>::new();
    let policy = Resource::new(move || save.version().get(), |_| current_sign_in_policy());
    view! {
        <section class=CARD aria-labelledby="sign-in-policy-heading" data-testid=ids::SIGN_IN_POLICY>
            <h2 id="sign-in-policy-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Two-step sign-in policy"</h2>
            <p class=format!("mt-1 {MUTED}")>"Require a second step after the password: a code from an authenticator app, or a passkey. Someone newly required has a grace period: a reminder on every page, and signing in lands on their account page. After it their sessions end, and signing in sets up an app before anything else."</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match policy.await {
                        Ok(current) => view! { <PolicyForm current save /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PolicyForm(current: SignInPolicy, save: ServerAction<SaveSignInPolicy>) -> impl IntoView {
    let error = FormErrors::of(save);
    let done = succeeded(save);
    let saved = Signal::derive(move || {
        done.get()
            .then(|| "Saved. People newly required have their grace period from now.".to_owned())
    });
    let check = "h-4 w-4 rounded border-gray-400 text-indigo-700 focus:ring-indigo-600";
    view! {
        <ActionForm action=save attr:class="mt-4 space-y-4">
            <fieldset class="space-y-2">
                <legend class="text-sm font-medium text-gray-900 dark:text-gray-100">"Required of"</legend>
                <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                    <input type="checkbox" class=check name="two_step_for_admins" value="on" checked=current.two_step_for_admins />
                    "Admins"
                </label>
                <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                    <input type="checkbox" class=check name="two_step_for_developers" value="on" checked=current.two_step_for_developers />
                    "Developers (every admin is one too)"
                </label>
            </fieldset>
            <div class="max-w-xs">
                <Field name="grace_days" label="Grace period (days)" kind="number" min="0" max=MAX_GRACE_DAYS.to_string()
                    value=current.grace_days.to_string() required=true error=error.field("grace_days")
                    hint="0 asks at the next sign-in." />
            </div>
            <FormMessage error success=saved />
            <div class="flex flex-wrap items-center gap-4">
                <button type="submit" class=BUTTON disabled=move || save.pending().get()>"Save policy"</button>
                {current.updated_at.map(|at| view! {
                    <span class=MUTED>"Last changed " <LocalTime secs=at /> "."</span>
                })}
            </div>
        </ActionForm>
    }
}
