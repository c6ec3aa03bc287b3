//! "Confirm it is you": asked where a change that hands out keys was
//! refused for want of a recent second factor. The person gives a code
//! from the authenticator app or uses one of their passkeys, whichever
//! they have. It sits inside the refused form, so it is not a form of its
//! own. In the portal its field has no `name` (the outer form never sends
//! it) and its buttons send what they confirm by themselves; on a page
//! sent without the WebAssembly, `server_steps.js` does the same, and
//! without any script its button posts the form to `confirm_it_is_you`
//! (`formaction`), which comes back to the page.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos::server_fn::ServerFn;

use super::{FormErrors, ServerStepsScript, function_name, get_credential, rendering_light_page};
use crate::api::passkeys::{
    BeginPasskeyStepUp, PasskeyStepUp, begin_passkey_step_up, passkey_step_up,
};
use crate::api::two_step::{ConfirmItIsYou, step_up_ways};
use crate::error::AppError;
use crate::ids;
use crate::model::SecondFactorWays;
use crate::pages::BUTTON_SECONDARY;

const BOX: &str = "space-y-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100";
const CODE_INPUT: &str = "w-40 rounded-md border border-gray-300 bg-white px-2 py-1 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";

/// What it asks for, by the ways the person has.
fn ask(ways: SecondFactorWays) -> &'static str {
    match ways {
        SecondFactorWays {
            code: true,
            passkey: true,
        } => {
            "confirm it is you: enter the code your authenticator app shows now (or a recovery code), or use one of your passkeys."
        }
        SecondFactorWays { passkey: true, .. } => "confirm it is you with one of your passkeys.",
        _ => {
            "confirm it is you: enter the code your authenticator app shows now (or a recovery code)."
        }
    }
}

/// What it says once the person confirmed.
fn thanks(then: &str) -> String {
    format!("Thank you. Now {then}: for the next 10 minutes it will not ask.")
}

/// Until the server says otherwise: a code.
const A_CODE: SecondFactorWays = SecondFactorWays {
    code: true,
    passkey: false,
};

#[component]
pub fn StepUp(
    /// Why it asks.
    #[prop(default = "This change hands out keys")]
    reason: &'static str,
    /// What the person does once confirmed.
    #[prop(default = "send the form again")]
    then: &'static str,
) -> impl IntoView {
    if rendering_light_page() {
        view! { <PlainStepUp reason then /> }.into_any()
    } else {
        view! { <AppStepUp reason then /> }.into_any()
    }
}

/// On a page sent without the WebAssembly: the server knows the ways.
#[component]
fn PlainStepUp(reason: &'static str, then: &'static str) -> impl IntoView {
    const CODE: &str = "step-up-code";
    const NOTE: &str = "step-up-note";
    #[cfg(feature = "ssr")]
    let ways = crate::services::current_session().map_or(A_CODE, |s| s.second_factor_ways());
    #[cfg(not(feature = "ssr"))]
    let ways = A_CODE;
    view! {
        <div role="alert" data-testid=ids::STEP_UP data-step-up="" class=BOX>
            <p data-step-up-done="" data-testid=ids::STEP_UP_DONE hidden=true>{thanks(then)}</p>
            <div data-step-up-ask="" class="space-y-2">
                <p>{reason} ", so " {ask(ways)}</p>
                <div class="flex flex-wrap items-end gap-2">
                    {ways.code.then(|| view! {
                        <label class="flex flex-col gap-1">
                            <span class="font-medium">"Code"</span>
                            <input id=CODE name="code" type="text" autocomplete="one-time-code" inputmode="numeric"
                                data-testid=ids::STEP_UP_CODE class=CODE_INPUT />
                        </label>
                        <button type="submit" formaction=ConfirmItIsYou::PATH formnovalidate=true
                            data-step-up-code="" data-finish={function_name::<ConfirmItIsYou>()} data-code=CODE data-note=NOTE
                            class=BUTTON_SECONDARY data-testid=ids::STEP_UP_SUBMIT>
                            "Confirm"
                        </button>
                    })}
                    {ways.passkey.then(|| view! {
                        <button type="button" data-passkey="" data-begin={function_name::<BeginPasskeyStepUp>()}
                            data-finish={function_name::<PasskeyStepUp>()} data-note=NOTE class=BUTTON_SECONDARY data-testid=ids::STEP_UP_PASSKEY>
                            "Use a passkey"
                        </button>
                    })}
                </div>
                <p id=NOTE class="font-medium" hidden=true></p>
            </div>
            <ServerStepsScript />
        </div>
    }
}

/// In the portal: asks the server for the ways, sends by itself.
#[component]
fn AppStepUp(reason: &'static str, then: &'static str) -> impl IntoView {
    let confirm = ServerAction::<ConfirmItIsYou>::new();
    let with_passkey = Action::new_local(|_: &()| confirm_with_passkey());
    // Asked when the form was refused, in the browser.
    let ways = LocalResource::new(step_up_ways);
    let ways = move || ways.get().and_then(Result::ok).unwrap_or(A_CODE);
    let code = NodeRef::<Input>::new();
    let error = FormErrors::of(confirm);
    let send = move || {
        if let Some(input) = code.get() {
            confirm.dispatch(ConfirmItIsYou {
                code: input.value(),
            });
        }
    };
    let done = move || {
        matches!(confirm.value().get(), Some(Ok(())))
            || matches!(with_passkey.value().get(), Some(Ok(())))
    };
    let message = move || {
        let passkey_error = with_passkey.value().get().and_then(Result::err);
        passkey_error.map(|e| e.to_string()).or_else(|| {
            error.field("code").get().or_else(|| {
                Signal::<Option<AppError>>::from(error)
                    .get()
                    .map(|e| e.to_string())
            })
        })
    };
    let question = move || ask(ways());
    view! {
        <div role="alert" data-testid=ids::STEP_UP class=BOX>
            {move || if done() {
                view! { <p data-testid=ids::STEP_UP_DONE>{thanks(then)}</p> }.into_any()
            } else {
                view! {
                    <p>{reason} ", so " {question}</p>
                    <div class="flex flex-wrap items-end gap-2">
                        <Show when=move || ways().code>
                            <label class="flex flex-col gap-1">
                                <span class="font-medium">"Code"</span>
                                <input node_ref=code type="text" autocomplete="one-time-code" inputmode="numeric"
                                    data-testid=ids::STEP_UP_CODE
                                    class=CODE_INPUT
                                    on:keydown=move |ev| {
                                        // Enter confirms the code, not the form around it.
                                        if ev.key() == "Enter" {
                                            ev.prevent_default();
                                            send();
                                        }
                                    } />
                            </label>
                            <button type="button" class=BUTTON_SECONDARY data-testid=ids::STEP_UP_SUBMIT
                                disabled=move || confirm.pending().get() on:click=move |_| send()>
                                "Confirm"
                            </button>
                        </Show>
                        <Show when=move || ways().passkey>
                            <button type="button" class=BUTTON_SECONDARY data-testid=ids::STEP_UP_PASSKEY
                                disabled=move || with_passkey.pending().get()
                                on:click=move |_| { with_passkey.dispatch_local(()); }>
                                "Use a passkey"
                            </button>
                        </Show>
                    </div>
                    {move || message().map(|m| view! { <p class="font-medium">{m}</p> })}
                }.into_any()
            }}
        </div>
    }
}

/// Asks the browser for one of the person's passkeys and sends its answer.
async fn confirm_with_passkey() -> Result<(), AppError> {
    let ceremony = begin_passkey_step_up().await?;
    let credential = get_credential(&ceremony.options)
        .await
        .map_err(|m| AppError::invalid("form", m))?;
    passkey_step_up(ceremony.ceremony, credential).await
}
