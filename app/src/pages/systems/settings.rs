//! The settings tab: what future drafts may ask for, and deleting the
//! system.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::fields::SystemFields;
use crate::api::systems::{DeleteSystem, UpdateSystem};
use crate::components::{Field, FormErrors, FormMessage, ReadOnly, succeeded};
use crate::ids;
use crate::model::{ScopeInfo, SystemSummary, Viewer};
use crate::pages::orgs::MoveSystemForm;
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub(super) fn SettingsTab(
    system: SystemSummary,
    catalog: Vec<ScopeInfo>,
    update: ServerAction<UpdateSystem>,
    viewer: Viewer,
) -> impl IntoView {
    if !viewer
        .membership(&system.org_id)
        .is_some_and(|m| m.role.can_write())
    {
        return view! { <section class=CARD><ReadOnly /></section> }.into_any();
    }
    let (org_id, move_id, move_name) = (
        system.org_id.clone(),
        system.system_id.clone(),
        system.name.clone(),
    );
    let error = FormErrors::of(update);
    let delete = ServerAction::<DeleteSystem>::new();
    let delete_error = FormErrors::of(delete);
    let saved = succeeded(update);
    let system_id = system.system_id.clone();
    let name = system.name.clone();
    view! {
        <div class="space-y-6">
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"What its drafts may ask for"</h2>
                <p class=format!("mt-1 {MUTED}")>"Changes apply to drafts created from now on; clients the system already created keep their settings."</p>
                <ActionForm action=update attr:data-testid=ids::SYSTEM_SETTINGS_FORM attr:class="mt-4 space-y-5">
                    <input type="hidden" name="system_id" value=system.system_id.clone() />
                    <SystemFields catalog current=Some(system) error />
                    <FormMessage error />
                    <Show when=move || saved.get()><p role="status" class="text-sm text-green-800 dark:text-green-300">"Saved."</p></Show>
                    <button type="submit" class=BUTTON data-testid=ids::SYSTEM_SAVE disabled=move || update.pending().get()>"Save"</button>
                </ActionForm>
            </section>
            <section class="rounded-lg border border-red-300 bg-white p-6 shadow-sm dark:border-red-800 dark:bg-gray-900">
                <h2 class="text-lg font-semibold text-red-900 dark:text-red-200">"Delete this system"</h2>
                <p class=format!("mt-1 {MUTED}")>"Its API keys stop working at once. The clients it created stay yours, with their secrets and keys."</p>
                <ActionForm action=delete attr:class="mt-4 max-w-md space-y-4">
                    <input type="hidden" name="system_id" value=system_id />
                    <Field name="confirm_name" label=format!("Type {name} to confirm") required=true error=delete_error.field("confirm_name") />
                    <FormMessage error=delete_error />
                    <button type="submit" data-testid=ids::SYSTEM_DELETE
                        class="rounded-md border border-red-600 px-4 py-2 text-sm font-semibold text-red-800 hover:bg-red-50 dark:text-red-200 dark:hover:bg-red-950">
                        "Delete system"
                    </button>
                </ActionForm>
            </section>
            <MoveSystemForm viewer org_id system_id=move_id name=move_name />
        </div>
    }
    .into_any()
}
