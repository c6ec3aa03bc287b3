use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::flow::{FlowHeading, continue_to_provider, keeping_next, next_param};
use super::{BUTTON, CARD, LINK, MUTED};
use crate::api::auth::SignIn;
use crate::components::{Field, FormErrors, FormMessage, Session, SignInWith, UpstreamFailure};
use crate::ids;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(Some(_)))));
    let error = FormErrors::of(action);
    let next = next_param();
    // `Ok(None)`: a code comes next (the answer redirects to `/login/code`).
    continue_to_provider(
        move || matches!(action.value().get(), Some(Ok(Some(_)))),
        next,
    );
    view! {
        <Title text="Sign in" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <FlowHeading verb="Sign in" plain="Sign in" />
            <p class=format!("mt-1 {MUTED}")>"Use the email and password of your Portico account."</p>
            <UpstreamFailure />
            <ActionForm action attr:data-testid=ids::SIGN_IN_FORM attr:class="mt-6 space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <Field name="email" label="Email" kind="email" autocomplete="username" required=true error=error.field("email") />
                <Field name="password" label="Password" kind="password" autocomplete="current-password" required=true error=error.field("password") />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::SIGN_IN_SUBMIT disabled=move || action.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <SignInWith next />
            <p class=format!("mt-6 {MUTED}")>
                <a href="/forgot-password" class=LINK data-testid=ids::FORGOT_PASSWORD_LINK>"Forgot your password?"</a>
            </p>
            <p class=format!("mt-2 {MUTED}")>
                "No account yet? " <a href=move || keeping_next("/signup", &next.get()) class=LINK data-testid=ids::SIGN_UP_LINK>"Sign up"</a>
            </p>
        </div>
    }
}
