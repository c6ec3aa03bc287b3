//! The settings tab: name, description and number; deleting an
//! organisation that owns nothing live.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::DANGER_BUTTON;
use super::fields::OrgFields;
use crate::api::orgs::{DeleteOrg, UpdateOrg};
use crate::components::{Field, FormErrors, FormMessage, Session, succeeded};
use crate::ids;
use crate::model::OrgSummary;
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub(super) fn SettingsTab(org: OrgSummary) -> impl IntoView {
    let update = ServerAction::<UpdateOrg>::new();
    let error = FormErrors::of(update);
    let delete = ServerAction::<DeleteOrg>::new();
    let delete_error = FormErrors::of(delete);
    let session = Session::get();
    session.refresh_on_success(move || {
        matches!(update.value().get(), Some(Ok(_))) || matches!(delete.value().get(), Some(Ok(_)))
    });
    let saved = succeeded(update);
    let (org_id, name, personal) = (
        org.org_id.clone(),
        org.name.clone(),
        org.personal_of.is_some(),
    );
    view! {
        <div class="space-y-6">
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Settings"</h2>
                <p class=format!("mt-1 {MUTED}")>"The client-id prefix never changes. A new name or number shows on consent pages at once and in tokens issued from now on."</p>
                <ActionForm action=update attr:data-testid=ids::ORG_FORM attr:class="mt-4 max-w-xl space-y-5">
                    <input type="hidden" name="org_id" value=org.org_id.clone() />
                    <OrgFields current=Some(org) error />
                    <FormMessage error />
                    <Show when=move || saved.get()><p role="status" class="text-sm text-green-800 dark:text-green-300">"Saved."</p></Show>
                    <button type="submit" class=BUTTON data-testid=ids::ORG_SAVE disabled=move || update.pending().get()>"Save"</button>
                </ActionForm>
            </section>
            <section class="rounded-lg border border-red-300 bg-white p-6 shadow-sm dark:border-red-800 dark:bg-gray-900">
                <h2 class="text-lg font-semibold text-red-900 dark:text-red-200">"Delete this organisation"</h2>
                {if personal {
                    view! { <p class=format!("mt-1 {MUTED}")>"This is a personal organisation: it stays as long as its person is a developer."</p> }.into_any()
                } else {
                    view! {
                        <p class=format!("mt-1 {MUTED}")>"Only an organisation without live clients or client systems can be deleted: delete or move them first. Members lose access; the prefix is never given out again."</p>
                        <ActionForm action=delete attr:class="mt-4 max-w-md space-y-4">
                            <input type="hidden" name="org_id" value=org_id />
                            <Field name="confirm_name" label=format!("Type {name} to confirm") required=true error=delete_error.field("confirm_name") />
                            <FormMessage error=delete_error />
                            <button type="submit" data-testid=ids::ORG_DELETE class=DANGER_BUTTON>"Delete organisation"</button>
                        </ActionForm>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
