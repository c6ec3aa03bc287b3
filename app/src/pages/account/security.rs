use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::AccountTabs;
use super::passkeys::PasskeySettings;
use super::sessions::SessionsList;
use super::sign_in_methods::SignInMethods;
use super::two_step::TwoStepSettings;
use crate::api::account::ChangePassword;
use crate::api::password_reset::ForgotPassword;
use crate::components::{Field, FormErrors, FormMessage, RequireSignIn, succeeded};
use crate::domain::Password;
use crate::ids;
use crate::model::Viewer;
use crate::pages::{BUTTON, CARD, H1, MUTED};

/// `/account/security`: how the signed-in person signs in — password,
/// two-step sign-in, passkeys, linked sign-in methods — and where they
/// are signed in. Sent without the WebAssembly: every form is a plain one
/// (adding a passkey is `server_steps.js`).
#[component]
pub fn AccountSecurityPage() -> impl IntoView {
    view! {
        <Title text="Sign-in and security" />
        <RequireSignIn children=|viewer| view! { <SecuritySettings viewer /> } />
    }
}

#[component]
fn SecuritySettings(viewer: Viewer) -> impl IntoView {
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Your account"</h1>
            <AccountTabs security=true />
            {if viewer.has_password {
                view! { <PasswordForm email=viewer.email.clone() /> }.into_any()
            } else {
                view! { <SetPassword email=viewer.email.clone() /> }.into_any()
            }}
            <TwoStepSettings />
            <PasskeySettings />
            <SignInMethods />
            <SessionsList />
        </div>
    }
}

/// An account made by a sign-in provider has no password: a reset link
/// to its address sets one (proving the address, as any reset does).
#[component]
fn SetPassword(email: String) -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = FormErrors::of(action);
    let sent = succeeded(action)
        .get_untracked()
        .then(|| "A link to set your password is on its way to your address.".to_owned());
    let success = Signal::derive(move || sent.clone());
    view! {
        <section class=CARD aria-labelledby="password-heading" data-testid=ids::SET_PASSWORD>
            <h2 id="password-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Password"</h2>
            <p class=format!("mt-1 {MUTED}")>"You sign in through a provider and have no Portico password. Set one to sign in without the provider too: we email you a link."</p>
            <ActionForm action attr:class="mt-4">
                <input type="hidden" name="email" value=email />
                <FormMessage error success />
                <button type="submit" class=format!("mt-2 {BUTTON}")>"Email me a link to set a password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm(email: String) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = FormErrors::of(action);
    let changed = succeeded(action)
        .get_untracked()
        .then(|| "Password changed. Your other sessions were signed out.".to_owned());
    let success = Signal::derive(move || changed.clone());
    view! {
        <section class=CARD aria-labelledby="password-heading">
            <h2 id="password-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Change password"</h2>
            <p class=format!("mt-1 {MUTED}")>"Changing it signs you out everywhere else."</p>
            <ActionForm action attr:data-testid=ids::PASSWORD_FORM attr:class="mt-4 max-w-md space-y-4">
                // Lets password managers file the new password under the right account.
                <input type="email" name="username" value=email autocomplete="username" class="hidden" aria-hidden="true" tabindex="-1" readonly />
                <Field name="current_password" label="Current password" kind="password" autocomplete="current-password" required=true error=error.field("current_password") />
                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" required=true error=error.field("new_password")
                    hint=format!("At least {} characters.", Password::MIN_CHARS)
                    validate=|s: &str| Password::parse(s).map(|_| ()) />
                <Field name="new_password_confirm" label="Repeat new password" kind="password" autocomplete="new-password" required=true error=error.field("new_password_confirm") />
                <FormMessage error success />
                <button type="submit" class=BUTTON data-testid=ids::PASSWORD_SUBMIT>"Change password"</button>
            </ActionForm>
        </section>
    }
}
