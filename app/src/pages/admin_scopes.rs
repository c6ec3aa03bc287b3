use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::{BUTTON, CARD, H1, MUTED};
use crate::api::catalog::SaveScope;
use crate::api::clients::scope_catalog;
use crate::components::{
    ErrorView, Field, FormErrors, FormMessage, RequireAdmin, succeeded, successes,
};
use crate::domain::ScopeName;
use crate::ids;
use crate::model::ScopeInfo;

/// `/admin/scopes`: the catalog developers pick scopes from.
#[component]
pub fn AdminScopesPage() -> impl IntoView {
    view! {
        <Title text="Scopes" />
        <RequireAdmin children=|| view! { <ScopeCatalog /> } />
    }
}

#[component]
fn ScopeCatalog() -> impl IntoView {
    let save = ServerAction::<SaveScope>::new();
    let saved_count = successes(save);
    let scopes = Resource::new(move || saved_count.get(), |_| scope_catalog(true));
    let error = FormErrors::of(save);
    let done = succeeded(save);
    let saved = Signal::derive(move || match save.value().get() {
        Some(Ok(scope)) => Some(format!("Saved {}.", scope.name)),
        // Back from a plain form post: which scope is not in the address.
        _ => done.get().then(|| "Saved.".to_owned()),
    });
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Scopes"</h1>
            <p class=MUTED>"End users see each description on the consent page. Scopes that need approval leave a client pending until an admin approves them. Disabled scopes cannot be requested by new clients."</p>
            <FormMessage error success=saved />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match scopes.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(rows) => view! {
                            <div class="relative overflow-x-auto">
                                <table data-testid=ids::SCOPES_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                                    <thead><tr class="text-gray-700 dark:text-gray-300">
                                        <th scope="col" class="py-2 pr-4">"Scope"</th>
                                        <th scope="col" class="py-2 pr-4">"Description for end users"</th>
                                        <th scope="col" class="py-2 pr-4">"Resource"</th>
                                        <th scope="col" class="py-2 pr-4">"Needs approval"</th>
                                        <th scope="col" class="py-2 pr-4">"Enabled"</th>
                                        <th scope="col" class="py-2 pr-4"><span class="sr-only">"Save"</span></th>
                                    </tr></thead>
                                    <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                        {rows.into_iter().map(|row| view! { <ScopeRow row save /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Add a scope"</h2>
                <ActionForm action=save attr:data-testid=ids::SCOPE_FORM attr:class="mt-4 max-w-lg space-y-4">
                    <Field name="name" label="Name" hint="For example wallet:create" required=true error=error.field("name")
                        validate=|s: &str| ScopeName::parse(s.trim()).map(|_| ()) />
                    <Field name="description" label="Description for end users" required=true error=error.field("description") />
                    <Field name="resource" label="Resource (audience)" hint="The API the scope belongs to; optional." error=error.field("resource") />
                    <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name="requires_approval" value="on" /> "Needs admin approval"
                    </label>
                    <input type="hidden" name="enabled" value="on" />
                    <button type="submit" class=BUTTON>"Add scope"</button>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn ScopeRow(row: ScopeInfo, save: ServerAction<SaveScope>) -> impl IntoView {
    let form_id = format!(
        "scope-{}",
        row.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let input = "w-full rounded-md border border-gray-400 bg-white px-2 py-1 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
    view! {
        <tr class="align-top text-gray-900 dark:text-gray-100">
            <td class="py-2 pr-4 font-mono">{row.name.clone()}</td>
            <td class="py-2 pr-4">
                <input form=form_id.clone() name="description" value=row.description.clone() class=input
                    aria-label=format!("Description of {}", row.name) />
            </td>
            <td class="py-2 pr-4">
                <input form=form_id.clone() name="resource" value=row.resource.clone() class=input
                    aria-label=format!("Resource of {}", row.name) />
            </td>
            <td class="py-2 pr-4">
                <input form=form_id.clone() type="checkbox" name="requires_approval" value="on" checked=row.requires_approval
                    aria-label=format!("{} needs approval", row.name) />
            </td>
            <td class="py-2 pr-4">
                <input form=form_id.clone() type="checkbox" name="enabled" value="on" checked=row.enabled
                    aria-label=format!("{} enabled", row.name) />
            </td>
            <td class="py-2 pr-4">
                <ActionForm action=save attr:id=form_id>
                    <input type="hidden" name="name" value=row.name.clone() />
                    <button type="submit" aria-label=format!("Save {}", row.name)
                        class="rounded-md border border-gray-400 px-2 py-1 hover:bg-gray-100 dark:border-gray-600 dark:hover:bg-gray-800">"Save"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
