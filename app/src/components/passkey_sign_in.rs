//! "Sign in with a passkey" on the sign-in page, and "Use a passkey
//! instead" of the code on `/login/code`. Sent as light pages, the button
//! is driven by `server_steps.js`; rendered by the portal's
//! WebAssembly, by the same steps in Rust.

use leptos::prelude::*;

use super::{ServerStepsScript, get_credential};
use crate::api::passkeys::{
    begin_passkey_second_step, begin_passkey_sign_in, passkey_second_step, passkey_sign_in,
};
use crate::error::AppError;
use crate::ids;

const BUTTON: &str = "flex w-full items-center justify-center gap-2 rounded-md border border-gray-400 px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 disabled:opacity-60 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

/// What the passkey is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasskeyStep {
    /// The whole sign-in, no password.
    SignIn,
    /// In place of the code after a password.
    SecondStep,
}

impl PasskeyStep {
    /// The server functions that begin and finish it (for the script).
    fn endpoints(self) -> (&'static str, &'static str) {
        match self {
            PasskeyStep::SignIn => ("begin_passkey_sign_in", "passkey_sign_in"),
            PasskeyStep::SecondStep => ("begin_passkey_second_step", "passkey_second_step"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            PasskeyStep::SignIn => "Sign in with a passkey",
            PasskeyStep::SecondStep => "Use a passkey instead",
        }
    }
}

async fn run(step: PasskeyStep, next: String) -> Result<String, AppError> {
    let ceremony = match step {
        PasskeyStep::SignIn => begin_passkey_sign_in().await?,
        PasskeyStep::SecondStep => begin_passkey_second_step().await?,
    };
    let credential = get_credential(&ceremony.options)
        .await
        .map_err(|m| AppError::invalid("form", m))?;
    match step {
        PasskeyStep::SignIn => passkey_sign_in(ceremony.ceremony, credential, Some(next)).await,
        PasskeyStep::SecondStep => {
            passkey_second_step(ceremony.ceremony, credential, Some(next)).await
        }
    }
}

#[component]
pub fn PasskeyButton(
    step: PasskeyStep,
    next: Signal<String>,
    /// In place of the step's usual words.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let action = Action::new_local(move |next: &String| run(step, next.clone()));
    let (begin, finish) = step.endpoints();
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
        <button type="button" class=BUTTON data-testid=ids::PASSKEY_SIGN_IN data-passkey="" data-note="passkey-sign-in-error"
            data-begin=begin data-finish=finish data-next=move || next.get()
            disabled=move || action.pending().get()
            on:click=move |_| { action.dispatch_local(next.get_untracked()); }>
            {label.unwrap_or(step.label())}
        </button>
        <p id="passkey-sign-in-error" role="alert" data-testid=ids::PASSKEY_SIGN_IN_ERROR hidden=move || error().is_none()
            class="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {error}
        </p>
        <ServerStepsScript />
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
