//! Moving a client or a client system to another organisation where the
//! person is also an owner: the id stays; typed confirmation.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::{SELECT, SMALL_BUTTON};
use crate::api::orgs::{MoveClient, MoveSystem};
use crate::components::{Field, FormErrors, FormMessage};
use crate::domain::Role;
use crate::ids;
use crate::model::Viewer;
use crate::pages::{CARD, MUTED};

/// The organisations `viewer` could move something of `from_org` to:
/// they must own both.
fn targets(viewer: &Viewer, from_org: &str) -> Vec<(String, String)> {
    let owns_source = viewer
        .membership(from_org)
        .is_some_and(|m| m.role == Role::Owner);
    if !owns_source {
        return Vec::new();
    }
    viewer
        .orgs
        .iter()
        .filter(|m| m.role == Role::Owner && m.org_id != from_org)
        .map(|m| (m.org_id.clone(), m.name.clone()))
        .collect()
}

#[component]
fn MoveFields(
    targets: Vec<(String, String)>,
    confirm_label: String,
    error: FormErrors,
    success: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="space-y-1">
            <label for="move-target" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Move to"</label>
            <select id="move-target" name="to_org" data-testid=ids::MOVE_TARGET class=SELECT>
                {targets.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{error.field("to_org")}</p>
        </div>
        <Field name="confirm" label=confirm_label required=true error=error.field("confirm") />
        <FormMessage error success />
    }
}

/// Shown to owners of the client's organisation who own another one.
#[component]
pub(crate) fn MoveClientForm(
    viewer: Viewer,
    org_id: String,
    client_id: String,
    suffix: String,
) -> impl IntoView {
    let targets = targets(&viewer, &org_id);
    let action = ServerAction::<MoveClient>::new();
    let error = FormErrors::of(action);
    let success = Signal::derive(move || {
        matches!(action.value().get(), Some(Ok(_))).then(|| {
            "Moved. It now belongs to the other organisation; switch to it to manage it there."
                .to_owned()
        })
    });
    (!targets.is_empty()).then(|| view! {
        <section class=format!("mt-6 {CARD}")>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Move to another organisation"</h2>
            <p class=format!("mt-1 {MUTED}")>"Its client id, secrets, tokens and consents stay as they are; its members change. Both organisations' history records the move."</p>
            <ActionForm action attr:data-testid=ids::MOVE_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="client_id" value=client_id.clone() />
                <MoveFields targets confirm_label=format!("Type {suffix} to confirm") error success />
                <button type="submit" class=SMALL_BUTTON data-testid=ids::MOVE_SUBMIT disabled=move || action.pending().get()>"Move client"</button>
            </ActionForm>
        </section>
    })
}

/// Shown to owners of the system's organisation who own another one.
#[component]
pub(crate) fn MoveSystemForm(
    viewer: Viewer,
    org_id: String,
    system_id: String,
    name: String,
) -> impl IntoView {
    let targets = targets(&viewer, &org_id);
    let action = ServerAction::<MoveSystem>::new();
    let error = FormErrors::of(action);
    let success = Signal::derive(move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| "Moved, with its API keys and the clients it created.".to_owned())
    });
    (!targets.is_empty()).then(|| view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Move to another organisation"</h2>
            <p class=format!("mt-1 {MUTED}")>"Its API keys keep working and the clients it created move with it, ids unchanged."</p>
            <ActionForm action attr:data-testid=ids::MOVE_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="system_id" value=system_id />
                <MoveFields targets confirm_label=format!("Type {name} to confirm") error success />
                <button type="submit" class=SMALL_BUTTON data-testid=ids::MOVE_SUBMIT disabled=move || action.pending().get()>"Move system"</button>
            </ActionForm>
        </section>
    })
}
