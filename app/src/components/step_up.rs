//! "Confirm it is you": asked where a change that hands out keys was
//! refused for want of a recent code from the authenticator app. It sits
//! inside the refused form, so it is not a form of its own: its field has
//! no `name` (the outer form never sends it) and its button sends the code
//! by itself.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::server::ServerAction;

use super::FormErrors;
use crate::api::two_step::ConfirmItIsYou;
use crate::ids;
use crate::pages::BUTTON_SECONDARY;

#[component]
pub fn StepUp() -> impl IntoView {
    let confirm = ServerAction::<ConfirmItIsYou>::new();
    let code = NodeRef::<Input>::new();
    let error = FormErrors::of(confirm);
    let send = move || {
        if let Some(input) = code.get() {
            confirm.dispatch(ConfirmItIsYou {
                code: input.value(),
            });
        }
    };
    let done = move || matches!(confirm.value().get(), Some(Ok(())));
    let message = move || {
        error.field("code").get().or_else(|| {
            Signal::<Option<crate::error::AppError>>::from(error)
                .get()
                .map(|e| e.to_string())
        })
    };
    view! {
        <div role="alert" data-testid=ids::STEP_UP
            class="space-y-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            {move || if done() {
                view! { <p data-testid=ids::STEP_UP_DONE>"Thank you. Now send the form again: for the next 10 minutes it will not ask."</p> }.into_any()
            } else {
                view! {
                    <p>"This change hands out keys, so confirm it is you: enter the code your authenticator app shows now (or a recovery code)."</p>
                    <div class="flex flex-wrap items-end gap-2">
                        <label class="flex flex-col gap-1">
                            <span class="font-medium">"Code"</span>
                            <input node_ref=code type="text" autocomplete="one-time-code" inputmode="numeric"
                                data-testid=ids::STEP_UP_CODE
                                class="w-40 rounded-md border border-gray-300 bg-white px-2 py-1 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100"
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
                    </div>
                    {move || message().map(|m| view! { <p class="font-medium">{m}</p> })}
                }.into_any()
            }}
        </div>
    }
}
