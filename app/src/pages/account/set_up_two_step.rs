//! `/set-up-two-step`: a sign-in whose account must use two-step sign-in
//! (the admins' policy, grace period over) sets up an authenticator app
//! before the session starts, then keeps the recovery codes and goes on.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::two_step::{RecoveryCodes, ScanThis};
use crate::api::two_step::{FinishSetUp, set_up_authenticator};
use crate::components::{Field, FormErrors, FormMessage, answer};
use crate::ids;
use crate::pages::flow::{keeping_next, next_param};
use crate::pages::{BUTTON, CARD, H1, LINK, MUTED};

/// Sent without the WebAssembly: the first code is a plain form, and the
/// page comes back with the recovery codes (kept for it, sealed, bound to
/// the session the code started) or with the same key and the error.
#[component]
pub fn SetUpTwoStepPage() -> impl IntoView {
    let finish = ServerAction::<FinishSetUp>::new();
    let next = next_param();
    let codes = answer(finish).get_untracked();
    view! {
        <Title text="Set up two-step sign-in" />
        <div class=format!("mx-auto max-w-xl {CARD}") data-testid=ids::SET_UP_TWO_STEP>
            <h1 class=H1>"Set up two-step sign-in"</h1>
            <p class=format!("mt-1 {MUTED}")>"The admins of this Portico require a code from an authenticator app after your password for your account. Set one up to go on: it takes a minute."</p>
            {match codes {
                Some(codes) => view! { <Done codes next /> }.into_any(),
                None => view! { <SetUp finish next /> }.into_any(),
            }}
        </div>
    }
}

/// The key to scan (the one being set up, or a new one) and its first code.
#[component]
fn SetUp(finish: ServerAction<FinishSetUp>, next: Signal<String>) -> impl IntoView {
    let setup = Resource::new(|| (), |_| set_up_authenticator());
    let again = keeping_next("/login", &next.get_untracked());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let again = again.clone();
                Suspend::new(async move {
                    match setup.await {
                        Ok(setup) => view! {
                            <ol class="mt-4 list-decimal space-y-4 pl-5 text-sm text-gray-900 dark:text-gray-100">
                                <li><ScanThis setup /></li>
                                <li><FirstCode finish /></li>
                            </ol>
                        }.into_any(),
                        Err(error) => view! {
                            <p role="alert" class="mt-4 text-sm text-red-700 dark:text-red-300">{error.to_string()}</p>
                            <p class="mt-4 text-sm">
                                <a href=again class=LINK>"Sign in again"</a>
                            </p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn FirstCode(finish: ServerAction<FinishSetUp>) -> impl IntoView {
    let error = FormErrors::of(finish);
    view! {
        "Enter the code the app shows."
        <ActionForm action=finish attr:class="mt-2 max-w-xs space-y-3">
            <Field name="code" label="Code from the app" autocomplete="one-time-code" required=true error=error.field("code") />
            <FormMessage error />
            <button type="submit" class=BUTTON data-testid=ids::TWO_STEP_CONFIRM>
                "Turn on and sign in"
            </button>
        </ActionForm>
    }
}

/// Signed in: the recovery codes, then on to where the sign-in was going
/// (a full load, which an authorization request needs).
#[component]
fn Done(codes: Vec<String>, next: Signal<String>) -> impl IntoView {
    let next = next.get_untracked();
    let target = if next.is_empty() {
        "/".to_owned()
    } else {
        next
    };
    view! {
        <p class="mt-4 text-sm text-gray-900 dark:text-gray-100">"Two-step sign-in is on: from now on, signing in asks for a code from your app after your password."</p>
        <RecoveryCodes codes />
        <a href=target rel="external" class=format!("mt-6 {BUTTON}") data-testid=ids::SET_UP_TWO_STEP_CONTINUE>"I have kept my codes — continue"</a>
    }
}
