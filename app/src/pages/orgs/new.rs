use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::fields::OrgFields;
use crate::api::orgs::CreateOrg;
use crate::components::{ErrorView, FormErrors, FormMessage, RequireSignIn, Session};
use crate::error::AppError;
use crate::ids;
use crate::pages::{BUTTON, CARD, H1, MUTED};

/// `/orgs/new`: developers create further organisations.
#[component]
pub fn NewOrgPage() -> impl IntoView {
    view! {
        <Title text="New organisation" />
        <RequireSignIn children=|viewer| if viewer.is_developer {
            view! { <NewOrg /> }.into_any()
        } else {
            view! { <ErrorView error=AppError::Forbidden /> }.into_any()
        } />
    }
}

#[component]
fn NewOrg() -> impl IntoView {
    let action = ServerAction::<CreateOrg>::new();
    let error = FormErrors::of(action);
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    view! {
        <div class=format!("mx-auto max-w-2xl {CARD}")>
            <h1 class=H1>"New organisation"</h1>
            <p class=format!("mt-1 {MUTED}")>
                "You become its owner. It gets its own client-id prefix, assigned once and never reused; "
                "your pages then act for it (switch in the navigation)."
            </p>
            <ActionForm action attr:data-testid=ids::ORG_FORM attr:class="mt-6 space-y-5">
                <OrgFields current=None error />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::ORG_SUBMIT disabled=move || action.pending().get()>"Create organisation"</button>
            </ActionForm>
        </div>
    }
}
