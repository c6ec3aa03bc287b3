use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::password_reset::{ForgotPassword, ResetPassword, reset_link_valid};
use crate::components::{ErrorView, Field, FormErrors, FormMessage, Session, succeeded};
use crate::domain::{Email, Password};
use crate::ids;

/// `/forgot-password`: asks for a reset link. The answer is the same
/// whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = FormErrors::of(action);
    // Sent: the answer came back here, or (a plain form post) the page
    // came back with `?done=forgot_password`.
    let done = succeeded(action);
    let sent = move || done.get();
    view! {
        <Title text="Forgot your password?" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <h1 class=H1>"Forgot your password?"</h1>
            <Show
                when=sent
                fallback=move || view! {
                    <p class=format!("mt-1 {MUTED}")>"Enter the email address of your account. We send a link to choose a new password; it works once, for 30 minutes."</p>
                    <ActionForm action attr:data-testid=ids::FORGOT_FORM attr:class="mt-6 space-y-4">
                        <Field name="email" label="Email" kind="email" autocomplete="username" required=true
                            error=error.field("email") validate=|s: &str| Email::parse(s).map(|_| ()) />
                        <FormMessage error />
                        <button type="submit" class=BUTTON data-testid=ids::FORGOT_SUBMIT disabled=move || action.pending().get()>"Send the link"</button>
                    </ActionForm>
                }
            >
                <p role="status" data-testid=ids::FORGOT_SENT class="mt-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
                    "If an account uses that address, a link to choose a new password is on its way. It works for 30 minutes. Nothing arrived? Check the spam folder, or ask again in a few minutes."
                </p>
            </Show>
            <p class=format!("mt-6 {MUTED}")><a href="/login" class=LINK>"Back to sign in"</a></p>
        </div>
    }
}

/// `/reset-password/:token`: the link from the email.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let valid = Resource::new(token, reset_link_valid);
    let action = ServerAction::<ResetPassword>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(Some(_)))));
    let error = FormErrors::of(action);
    view! {
        <Title text="Choose a new password" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => view! {
                        <div class=format!("mx-auto max-w-md {CARD}")>
                            <h1 class=H1>"Choose a new password"</h1>
                            <p class=format!("mt-1 {MUTED}")>"At least 12 characters. Every other place where you are signed in is signed out."</p>
                            <ActionForm action attr:data-testid=ids::RESET_FORM attr:class="mt-6 space-y-4">
                                <input type="hidden" name="token" value=token />
                                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" required=true
                                    error=error.field("new_password") validate=|s: &str| Password::parse(s).map(|_| ()) />
                                <Field name="new_password_confirm" label="Repeat the new password" kind="password" autocomplete="new-password" required=true
                                    error=error.field("new_password_confirm") />
                                <FormMessage error />
                                <button type="submit" class=BUTTON data-testid=ids::RESET_SUBMIT disabled=move || action.pending().get()>"Set the new password"</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                    Ok(false) => view! {
                        <div class=format!("mx-auto max-w-md {CARD}")>
                            <h1 class=H1>"This link cannot be used"</h1>
                            <p class=format!("mt-2 {MUTED}")>"It has expired (links work for 30 minutes), was already used, or a newer password was set."</p>
                            <a href="/forgot-password" class=format!("mt-4 inline-block {LINK}")>"Ask for a new link"</a>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
