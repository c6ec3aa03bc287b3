use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::auth::SignUp;
use crate::components::{Field, FormErrors, FormMessage, Session};
use crate::domain::{DisplayName, Email, Password};
use crate::ids;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    view! {
        <Title text="Sign up" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <h1 class=H1>"Create your account"</h1>
            <p class=format!("mt-1 {MUTED}")>"One account lets you register OAuth clients and manage the apps you granted access."</p>
            <ActionForm action attr:data-testid=ids::SIGN_UP_FORM attr:class="mt-6 space-y-4">
                <AccountFields error />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::SIGN_UP_SUBMIT disabled=move || action.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
            <p class=format!("mt-6 {MUTED}")>
                "Already have an account? " <a href="/login" class=LINK>"Sign in"</a>
            </p>
        </div>
    }
}

/// Email, name and password twice: shared by sign-up and first-admin setup.
#[component]
pub(crate) fn AccountFields(error: FormErrors) -> impl IntoView {
    view! {
        <Field name="email" label="Email" kind="email" autocomplete="username" required=true error=error.field("email")
            validate=|s: &str| Email::parse(s).map(|_| ()) />
        <Field name="display_name" label="Your name" autocomplete="name" required=true error=error.field("display_name")
            validate=|s: &str| DisplayName::parse(s).map(|_| ()) />
        <Field name="password" label="Password" kind="password" autocomplete="new-password" required=true error=error.field("password")
            hint=format!("At least {} characters.", Password::MIN_CHARS)
            validate=|s: &str| Password::parse(s).map(|_| ()) />
        <Field name="password_confirm" label="Repeat password" kind="password" autocomplete="new-password" required=true error=error.field("password_confirm") />
    }
}
