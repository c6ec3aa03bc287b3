//! The account page's "Two-step sign-in": adding an authenticator app
//! (scan, confirm with a code, keep the recovery codes), new recovery
//! codes, turning it off.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::two_step::{
    ConfirmTwoStep, NewRecoveryCodes, StartTwoStep, TurnOffTwoStep, my_two_step,
};
use crate::components::{
    CopyButton, ErrorView, Field, FormErrors, FormMessage, LocalTime, answer, succeeded,
};
use crate::ids;
use crate::model::{AuthenticatorSetup, TwoStepStatus};
use crate::pages::{BUTTON, BUTTON_SECONDARY, CARD, LINK, MUTED};

/// The section, on a page sent without the WebAssembly: each step is a
/// plain form, and the page comes back with what it did. An authenticator
/// being set up is the server's (shown again until its first code turns
/// it on); recovery codes just made reach the page once, sealed in a
/// cookie (`components::answer`).
#[component]
pub fn TwoStepSettings() -> impl IntoView {
    let start = ServerAction::<StartTwoStep>::new();
    let confirm = ServerAction::<ConfirmTwoStep>::new();
    let renew = ServerAction::<NewRecoveryCodes>::new();
    let turn_off = ServerAction::<TurnOffTwoStep>::new();
    let status = Resource::new(|| (), |_| my_two_step());
    // Read before the wait (a page drawn on the server may be drawn again).
    let fresh_codes = answer(confirm)
        .get_untracked()
        .or_else(|| answer(renew).get_untracked());
    let turned_off = succeeded(turn_off)
        .get_untracked()
        .then(|| "Two-step sign-in is off: signing in asks for your password only.".to_owned());
    view! {
        <section id="two-step" class=format!("scroll-mt-20 {CARD}") aria-labelledby="two-step-heading" data-testid=ids::TWO_STEP>
            <h2 id="two-step-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Two-step sign-in"</h2>
            <p class=format!("mt-1 {MUTED}")>"After your password, signing in asks for a code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…), so a stolen password alone does not open your account."</p>
            <FormMessage error=Signal::derive(|| None) success=Signal::derive(move || turned_off.clone()) />
            {fresh_codes.map(|codes| view! { <RecoveryCodes codes /> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(TwoStepStatus { on_since: Some(since), recovery_codes_left, .. }) => view! {
                            <TwoStepOn since recovery_codes_left renew turn_off />
                        }.into_any(),
                        Ok(TwoStepStatus { being_set_up, .. }) => view! {
                            <TwoStepOff being_set_up start confirm />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TwoStepOff(
    /// The authenticator started and not yet turned on.
    being_set_up: Option<AuthenticatorSetup>,
    start: ServerAction<StartTwoStep>,
    confirm: ServerAction<ConfirmTwoStep>,
) -> impl IntoView {
    let start_error = FormErrors::of(start);
    view! {
        <p class="mt-4 text-sm text-gray-900 dark:text-gray-100" data-testid=ids::TWO_STEP_STATE>"Off: signing in asks for your password only."</p>
        {match being_set_up {
            Some(setup) => view! {
                <ScanAndConfirm setup confirm />
                <ActionForm action=start attr:class="mt-4 space-y-3">
                    <FormMessage error=start_error any_field=true />
                    <p class=MUTED>
                        "Scanned it on a phone you no longer have? "
                        <button type="submit" class=LINK>"Start again with a new key"</button>
                    </p>
                </ActionForm>
            }.into_any(),
            None => view! {
                <ActionForm action=start attr:class="mt-4 space-y-3">
                    <FormMessage error=start_error any_field=true />
                    <button type="submit" class=BUTTON data-testid=ids::TWO_STEP_START>
                        "Set up an authenticator app"
                    </button>
                </ActionForm>
            }.into_any(),
        }}
    }
}

#[component]
fn ScanAndConfirm(
    setup: AuthenticatorSetup,
    confirm: ServerAction<ConfirmTwoStep>,
) -> impl IntoView {
    let error = FormErrors::of(confirm);
    view! {
        <ol class="mt-4 list-decimal space-y-4 pl-5 text-sm text-gray-900 dark:text-gray-100">
            <li><ScanThis setup /></li>
            <li>
                "Enter the code the app shows, to check it works."
                <ActionForm action=confirm attr:class="mt-2 max-w-xs space-y-3">
                    <Field name="code" label="Code from the app" autocomplete="one-time-code" required=true error=error.field("code") />
                    <FormMessage error />
                    <button type="submit" class=BUTTON data-testid=ids::TWO_STEP_CONFIRM>
                        "Turn on two-step sign-in"
                    </button>
                </ActionForm>
            </li>
        </ol>
    }
}

#[component]
fn TwoStepOn(
    since: i64,
    recovery_codes_left: u32,
    renew: ServerAction<NewRecoveryCodes>,
    turn_off: ServerAction<TurnOffTwoStep>,
) -> impl IntoView {
    let (renew_error, off_error) = (FormErrors::of(renew), FormErrors::of(turn_off));
    let left = match recovery_codes_left {
        0 => "No recovery codes left: make new ones now.".to_owned(),
        1 => "1 recovery code left.".to_owned(),
        n => format!("{n} recovery codes left."),
    };
    view! {
        <p class="mt-4 text-sm text-gray-900 dark:text-gray-100" data-testid=ids::TWO_STEP_STATE>
            "On since " <LocalTime secs=since /> ". " {left}
        </p>
        <div class="mt-4 grid gap-6 sm:grid-cols-2">
            <ActionForm action=renew attr:class="space-y-3" attr:data-testid=ids::TWO_STEP_RENEW>
                <h3 class="font-semibold text-gray-900 dark:text-white">"New recovery codes"</h3>
                <p class=MUTED>"Ten new codes; the old ones stop working."</p>
                <Field name="code" id="renew-code" label="Code from your app" autocomplete="one-time-code" required=true error=renew_error.field("code") />
                <FormMessage error=renew_error />
                <button type="submit" class=BUTTON_SECONDARY>"Make new recovery codes"</button>
            </ActionForm>
            <ActionForm action=turn_off attr:class="space-y-3" attr:data-testid=ids::TWO_STEP_OFF>
                <h3 class="font-semibold text-gray-900 dark:text-white">"Turn off"</h3>
                <p class=MUTED>"Signing in will ask for your password only."</p>
                <Field name="code" id="off-code" label="Code from your app, or a recovery code" autocomplete="one-time-code" required=true error=off_error.field("code") />
                <FormMessage error=off_error />
                <button type="submit" class=BUTTON_SECONDARY>"Turn off two-step sign-in"</button>
            </ActionForm>
        </div>
    }
}

/// What an authenticator app scans (a QR code the server drew) or has
/// typed in, for a secret being set up.
#[component]
pub(super) fn ScanThis(setup: AuthenticatorSetup) -> impl IntoView {
    let AuthenticatorSetup {
        secret,
        uri,
        qr_svg,
    } = setup;
    view! {
        <p>"Scan this code with your authenticator app."</p>
        // The server draws the QR code (an SVG it made from `uri`), dark
        // on white in both themes.
        <div class="mt-2 w-48 rounded-md bg-white p-2 [&>svg]:block [&>svg]:h-auto [&>svg]:w-full" role="img" aria-label="QR code for your authenticator app" data-testid=ids::TWO_STEP_QR inner_html=qr_svg></div>
        <p class=format!("mt-2 {MUTED}")>"Cannot scan? Type this key into the app instead (time-based, six digits):"</p>
        <div class="mt-1 flex flex-wrap items-center gap-2">
            <code data-testid=ids::TWO_STEP_SECRET class="rounded bg-gray-100 px-2 py-1 font-mono text-sm dark:bg-gray-800">{secret.clone()}</code>
            <CopyButton text=secret.replace(' ', "") label="Copy key".to_owned() />
        </div>
        <p class=format!("mt-2 {MUTED}")>
            "On this phone? " <a href=uri class="underline">"Open it in your authenticator app"</a>
        </p>
    }
}

/// The recovery codes just made: shown once.
#[component]
pub(super) fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let all = codes.join("\n");
    view! {
        <div role="status" class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p class="font-semibold">"Keep these recovery codes somewhere safe. They are shown only once."</p>
            <p class="mt-1 text-sm">"Each one signs you in once instead of a code from your app, if you lose your phone."</p>
            <ul data-testid=ids::TWO_STEP_RECOVERY_CODES class="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm sm:grid-cols-5">
                {codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
            <div class="mt-3"><CopyButton text=all label="Copy all codes".to_owned() /></div>
        </div>
    }
}
