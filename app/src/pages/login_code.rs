//! `/login/code`: the second step of a sign-in: a code from the account's
//! authenticator app, a recovery code, or one of the account's passkeys
//! (only a passkey where the sign-in policy made one the second step of
//! an account without an app).

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::flow::{FlowHeading, continue_to_provider, keeping_next, next_param};
use super::{BUTTON, CARD, LINK, MUTED};
use crate::api::passkeys::second_step_ways;
use crate::api::two_step::SignInCode;
use crate::components::{Field, FormErrors, FormMessage, PasskeyButton, PasskeyStep, Session};
use crate::ids;
use crate::model::SecondFactorWays;

#[component]
pub fn SignInCodePage() -> impl IntoView {
    let ways = Resource::new(|| (), |_| second_step_ways());
    view! {
        <Title text="Enter your code" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <FlowHeading verb="Sign in" plain="Sign in" />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // A sign-in no longer waiting shows the code form,
                    // whose answer says it has expired.
                    let ways = ways.await.unwrap_or_default();
                    if ways.passkey && !ways.code {
                        view! { <PasskeyOnly /> }.into_any()
                    } else {
                        view! { <CodeForm ways /> }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The code from the authenticator app (or a recovery code), and "Use a
/// passkey instead" when the account has one.
#[component]
fn CodeForm(ways: SecondFactorWays) -> impl IntoView {
    let action = ServerAction::<SignInCode>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    let next = next_param();
    continue_to_provider(move || matches!(action.value().get(), Some(Ok(_))), next);
    view! {
        <p class=format!("mt-1 {MUTED}")>"Your account asks for a second step. Open your authenticator app and enter the six-digit code it shows for Portico."</p>
        <ActionForm action attr:data-testid=ids::SIGN_IN_CODE_FORM attr:class="mt-6 space-y-4">
            <input type="hidden" name="next" value=move || next.get() />
            <Field name="code" label="Code" autocomplete="one-time-code" required=true error=error.field("code") hint="Lost your phone? Enter one of your recovery codes instead." />
            <FormMessage error />
            <button type="submit" class=BUTTON data-testid=ids::SIGN_IN_CODE_SUBMIT disabled=move || action.pending().get()>
                "Sign in"
            </button>
        </ActionForm>
        {ways.passkey.then(|| view! {
            <div class="mt-6">
                <PasskeyButton step=PasskeyStep::SecondStep next />
            </div>
        })}
        <StartAgain next />
    }
}

/// An account whose second step is a passkey (the sign-in policy asks
/// for one, and it has no authenticator app).
#[component]
fn PasskeyOnly() -> impl IntoView {
    let next = next_param();
    view! {
        <p class=format!("mt-1 {MUTED}")>"Your account asks for a second step: confirm it is you with one of your passkeys."</p>
        <div class="mt-6">
            <PasskeyButton step=PasskeyStep::SecondStep next label="Use your passkey" />
        </div>
        <p class=format!("mt-4 {MUTED}")>"Lost it? An admin of this Portico can reset your two-step sign-in."</p>
        <StartAgain next />
    }
}

#[component]
fn StartAgain(next: Signal<String>) -> impl IntoView {
    view! {
        <p class=format!("mt-6 {MUTED}")>
            <a href=move || keeping_next("/login", &next.get()) class=LINK>"Start again with your password"</a>
        </p>
    }
}
