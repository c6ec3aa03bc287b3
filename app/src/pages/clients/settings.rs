use leptos::prelude::*;
use leptos::server::ServerAction;

use super::form::ClientFields;
use crate::api::clients::{DeleteClient, UpdateClient};
use crate::components::{FormErrors, FormMessage, ReadOnly, succeeded};
use crate::domain::Role;
use crate::ids;
use crate::model::{ClientDetail, ScopeInfo, Viewer};
use crate::pages::orgs::MoveClientForm;
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub fn SettingsTab(
    detail: ClientDetail,
    catalog: Vec<ScopeInfo>,
    update: ServerAction<UpdateClient>,
    viewer: Viewer,
) -> impl IntoView {
    let role = viewer.membership(&detail.org_id).map(|m| m.role);
    if !role.is_some_and(Role::can_write) {
        return view! { <section class=CARD><ReadOnly /></section> }.into_any();
    }
    let (org_id, move_id, move_suffix) = (
        detail.org_id.clone(),
        detail.client_id.clone(),
        detail.suffix.clone(),
    );
    let error = FormErrors::of(update);
    let saved = succeeded(update);
    let success = Signal::derive(move || saved.get().then(|| "Settings saved.".to_owned()));
    let (delete_id, delete_suffix) = (detail.client_id.clone(), detail.suffix.clone());
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Settings"</h2>
            <ActionForm action=update attr:data-testid=ids::CLIENT_FORM attr:class="mt-4 space-y-5">
                <input type="hidden" name="client_id" value=detail.client_id.clone() />
                <ClientFields catalog current=Some(detail) error />
                <FormMessage error success />
                <button type="submit" class=BUTTON data-testid=ids::CLIENT_SUBMIT disabled=move || update.pending().get()>"Save settings"</button>
            </ActionForm>
        </section>
        <DeleteClientForm client_id=delete_id suffix=delete_suffix />
        <MoveClientForm viewer org_id client_id=move_id suffix=move_suffix />
    }
    .into_any()
}

/// Soft delete, confirmed by typing the suffix.
#[component]
pub fn DeleteClientForm(client_id: String, suffix: String) -> impl IntoView {
    let action = ServerAction::<DeleteClient>::new();
    let error = FormErrors::of(action);
    view! {
        <section class=format!("mt-6 {CARD} border-red-300 dark:border-red-800")>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Delete this client"</h2>
            <p class=format!("mt-1 {MUTED}")>
                "It stops working at once. Its id is kept in the history and the suffix "
                <code>{suffix.clone()}</code> " can never be used again."
            </p>
            <ActionForm action attr:data-testid=ids::DELETE_FORM attr:class="mt-4 max-w-md space-y-3">
                <input type="hidden" name="client_id" value=client_id />
                <label for="field-confirm_suffix" class="block text-sm font-medium text-gray-900 dark:text-gray-100">
                    {format!("Type {suffix} to confirm")}
                </label>
                <input id="field-confirm_suffix" name="confirm_suffix" autocomplete="off" required
                    class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100" />
                <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">
                    {error.field("confirm_suffix")}
                </p>
                <FormMessage error />
                <button type="submit" data-testid=ids::DELETE_SUBMIT
                    class="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 focus:outline-none focus:ring-2 focus:ring-red-600">
                    "Delete client"
                </button>
            </ActionForm>
        </section>
    }
}
