use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::RequireDeveloper;
use super::fields::SystemFields;
use crate::api::clients::scope_catalog;
use crate::api::systems::CreateSystem;
use crate::components::{ErrorView, FormErrors, FormMessage};
use crate::ids;
use crate::model::ScopeInfo;
use crate::pages::{BUTTON, CARD, H1, MUTED};

/// `/systems/new`.
#[component]
pub fn NewSystemPage() -> impl IntoView {
    view! {
        <Title text="New client system" />
        <RequireDeveloper children=|_| view! { <NewSystem /> } />
    }
}

#[component]
fn NewSystem() -> impl IntoView {
    let catalog = Resource::new(|| (), |_| scope_catalog(false));
    view! {
        <div class=format!("mx-auto max-w-3xl {CARD}")>
            <h1 class=H1>"New client system"</h1>
            <p class=format!("mt-1 {MUTED}")>"What you allow here bounds every draft the system creates: a draft that asks for more is refused."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(catalog) => view! { <SystemForm catalog /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SystemForm(catalog: Vec<ScopeInfo>) -> impl IntoView {
    let action = ServerAction::<CreateSystem>::new();
    let error = FormErrors::of(action);
    view! {
        <ActionForm action attr:data-testid=ids::SYSTEM_FORM attr:class="mt-6 space-y-5">
            <SystemFields catalog current=None error />
            <FormMessage error />
            <button type="submit" class=BUTTON data-testid=ids::SYSTEM_SUBMIT disabled=move || action.pending().get()>"Create system"</button>
        </ActionForm>
    }
}
