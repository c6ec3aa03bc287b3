//! `/login/code`: the second step of a sign-in, for accounts with an
//! authenticator app: its code, a recovery code, or one of the account's
//! passkeys.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::flow::{FlowHeading, continue_to_provider, keeping_next, next_param};
use super::{BUTTON, CARD, LINK, MUTED};
use crate::api::passkeys::passkey_second_step_open;
use crate::api::two_step::SignInCode;
use crate::components::{Field, FormErrors, FormMessage, PasskeyButton, PasskeyStep, Session};
use crate::ids;

#[component]
pub fn SignInCodePage() -> impl IntoView {
    let action = ServerAction::<SignInCode>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    let next = next_param();
    continue_to_provider(move || matches!(action.value().get(), Some(Ok(_))), next);
    view! {
        <Title text="Enter your code" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <FlowHeading verb="Sign in" plain="Sign in" />
            <p class=format!("mt-1 {MUTED}")>"Your account asks for a second step. Open your authenticator app and enter the six-digit code it shows for Portico."</p>
            <ActionForm action attr:data-testid=ids::SIGN_IN_CODE_FORM attr:class="mt-6 space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <Field name="code" label="Code" autocomplete="one-time-code" required=true error=error.field("code") hint="Lost your phone? Enter one of your recovery codes instead." />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::SIGN_IN_CODE_SUBMIT disabled=move || action.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <PasskeyInstead next />
            <p class=format!("mt-6 {MUTED}")>
                <a href=move || keeping_next("/login", &next.get()) class=LINK>"Start again with your password"</a>
            </p>
        </div>
    }
}

/// "Use a passkey instead", when the account has one.
#[component]
fn PasskeyInstead(next: Signal<String>) -> impl IntoView {
    let open = Resource::new(|| (), |_| passkey_second_step_open());
    view! {
        <Transition fallback=|| ()>
            {move || open.get().and_then(Result::ok).unwrap_or(false).then(|| view! {
                <div class="mt-6">
                    <PasskeyButton step=PasskeyStep::SecondStep next />
                </div>
            })}
        </Transition>
    }
}
