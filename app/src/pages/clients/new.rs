use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::ClientFields;
use super::presets::{self, PresetChoice};
use crate::api::clients::{CreateClient, scope_catalog};
use crate::components::{ErrorView, FormErrors, FormMessage, RequireSignIn};
use crate::error::AppError;
use crate::ids;
use crate::pages::{BUTTON, CARD, H1, MUTED};

/// What the preview shows for the suffix before one is typed.
const SUFFIX_PLACEHOLDER: &str = "<suffix>";

/// `/clients/new`.
#[component]
pub fn NewClientPage() -> impl IntoView {
    view! {
        <Title text="New client" />
        <RequireSignIn children=|viewer| match viewer.active_org().filter(|org| org.role.can_write()) {
            Some(org) => view! { <NewClientForm prefix=org.client_prefix.clone() org_name=org.name.clone() /> }.into_any(),
            None => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
        } />
    }
}

/// Sent without the WebAssembly: a plain form. The suffix is checked and
/// the client id previewed as one types, and each address once it is
/// left (`light_page.js`: `data-check`, `data-preview-of`).
#[component]
fn NewClientForm(prefix: String, org_name: String) -> impl IntoView {
    let catalog = Resource::new(|| (), |_| scope_catalog(false));
    let action = ServerAction::<CreateClient>::new();
    let error = FormErrors::of(action);
    let suffix_error = error.field("suffix");
    // Choosing another preset starts the form again from it.
    let preset = use_query_map()
        .with_untracked(|q| q.get("preset"))
        .and_then(|key| presets::find(&key));
    let prefix = format!("{prefix}.");
    view! {
        <div class=format!("mx-auto max-w-3xl {CARD}")>
            <h1 class=H1>"Register a client"</h1>
            <p class=format!("mt-1 {MUTED}") data-testid=ids::ACTIVE_ORG>{format!("In {org_name}. Everything but the client id can be changed later.")}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let prefix = prefix.clone();
                    Suspend::new(async move {
                        match catalog.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(catalog) => view! {
                                <PresetChoice chosen=preset />
                                <ActionForm action attr:data-testid=ids::CLIENT_FORM attr:class="mt-6 space-y-5">
                                    <div class="space-y-1">
                                        <label for="field-suffix" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Suffix"</label>
                                        <input id="field-suffix" name="suffix" required maxlength="64" autocomplete="off" spellcheck="false"
                                            data-check="suffix" data-check-now=""
                                            aria-describedby="field-suffix-hint"
                                            aria-invalid=move || suffix_error.get().is_some().to_string()
                                            class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 font-mono text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:border-red-600 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100" />
                                        <p id="field-suffix-hint" class="text-sm text-gray-600 dark:text-gray-300">
                                            "1–64 characters, a–z and 0–9. Your client id will be:"
                                        </p>
                                        <p data-testid=ids::CLIENT_ID_PREVIEW data-preview-of="field-suffix" data-prefix=prefix.clone() data-empty=SUFFIX_PLACEHOLDER
                                            class="break-all font-mono text-sm text-gray-900 dark:text-gray-100">
                                            {format!("{prefix}{}", SUFFIX_PLACEHOLDER)}
                                        </p>
                                        <p id="field-suffix-error" class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{move || suffix_error.get()}</p>
                                    </div>
                                    <ClientFields catalog current=None preset=preset error />
                                    <FormMessage error />
                                    <button type="submit" class=BUTTON data-testid=ids::CLIENT_SUBMIT>"Register client"</button>
                                </ActionForm>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
