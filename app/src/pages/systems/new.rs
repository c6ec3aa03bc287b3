use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::RequireDeveloper;
use crate::api::clients::scope_catalog;
use crate::api::systems::{CreateSystem, SYSTEM_GRANTS};
use crate::components::{ErrorView, Field, FormErrors, FormMessage};
use crate::ids;
use crate::model::ScopeInfo;
use crate::pages::{BUTTON, CARD, H1, MUTED};

const LABEL: &str = "block text-sm font-medium text-gray-900 dark:text-gray-100";
const HINT: &str = "text-sm text-gray-600 dark:text-gray-300";
const ERROR: &str = "text-sm text-red-700 dark:text-red-300";

/// `/systems/new`.
#[component]
pub fn NewSystemPage() -> impl IntoView {
    view! {
        <Title text="New client system" />
        <RequireDeveloper children=|| view! { <NewSystem /> } />
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
            <Field name="form[name]" label="Name" hint="Shown to the people who confirm its drafts, e.g. \"Acme Journal\"." required=true error=error.field("name") />
            <Field name="form[description]" label="Description" error=error.field("description") />
            <div class="space-y-1">
                <label for="field-auth_method" class=LABEL>"How its clients authenticate"</label>
                <select id="field-auth_method" name="form[auth_method]" class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                    <option value="private_key_jwt" selected=true>"private_key_jwt: each installation sends its public key (recommended)"</option>
                    <option value="client_secret_basic">"client_secret_basic: the draft response carries a secret, shown once"</option>
                </select>
                <p class=ERROR aria-live="polite">{error.field("auth_method")}</p>
            </div>
            <fieldset class="space-y-2">
                <legend class=LABEL>"Grant types its drafts may use"</legend>
                {SYSTEM_GRANTS.into_iter().enumerate().map(|(i, g)| view! {
                    <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name=format!("form[grant_types][{i}]") value=g checked=i == 1 />
                        <code>{g}</code>
                    </label>
                }).collect_view()}
                <p class=ERROR aria-live="polite">{error.field("grant_types")}</p>
            </fieldset>
            <div class="space-y-1">
                <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                    <input type="checkbox" name="form[allow_refresh]" />
                    "Allow refresh tokens (with authorization_code)"
                </label>
                <p class=ERROR aria-live="polite">{error.field("allow_refresh")}</p>
            </div>
            <fieldset class="space-y-2">
                <legend class=LABEL>"Scopes its drafts may request"</legend>
                {catalog.into_iter().enumerate().map(|(i, s)| view! {
                    <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name=format!("form[scopes][{i}]") value=s.name.clone() class="mt-1" />
                        <span>
                            <code>{s.name.clone()}</code>
                            {s.requires_approval.then(|| view! { <span class="ml-2 rounded bg-gray-200 px-1 text-xs text-gray-900 dark:bg-gray-700 dark:text-gray-100">"needs admin approval"</span> })}
                            <span class=format!("block {HINT}")>{s.description.clone()}</span>
                        </span>
                    </label>
                }).collect_view()}
                <p class=ERROR aria-live="polite">{error.field("scopes")}</p>
            </fieldset>
            <FormMessage error />
            <button type="submit" class=BUTTON data-testid=ids::SYSTEM_SUBMIT disabled=move || action.pending().get()>"Create system"</button>
        </ActionForm>
    }
}
