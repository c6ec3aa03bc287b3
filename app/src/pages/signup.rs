use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::flow::{FlowHeading, continue_to_provider, keeping_next, next_param};
use super::{BUTTON, CARD, LINK, MUTED};
use crate::api::auth::SignUp;
use crate::components::{Field, FormErrors, FormMessage, Session};
use crate::domain::{DisplayName, Email, Password};
use crate::ids;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    let next = next_param();
    continue_to_provider(move || matches!(action.value().get(), Some(Ok(_))), next);
    view! {
        <Title text="Sign up" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <FlowHeading verb="Create an account" plain="Create your account" />
            <p class=format!("mt-1 {MUTED}")>"One account signs you in to apps that use this provider and lets you manage the access you give them."</p>
            <ActionForm action attr:data-testid=ids::SIGN_UP_FORM attr:class="mt-6 space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <AccountFields error />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::SIGN_UP_SUBMIT disabled=move || action.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
            <p class=format!("mt-6 {MUTED}")>
                "Already have an account? " <a href=move || keeping_next("/login", &next.get()) class=LINK>"Sign in"</a>
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
