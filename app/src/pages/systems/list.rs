use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::RequireDeveloper;
use crate::api::systems::list_systems;
use crate::components::{ErrorView, Pager, format_date, href_with};
use crate::ids;
use crate::model::{SystemSummary, Viewer};
use crate::pages::{BUTTON, CARD, H1, LINK, MUTED};

/// `/systems`: the developer's client systems.
#[component]
pub fn SystemsPage() -> impl IntoView {
    view! {
        <Title text="Client systems" />
        <RequireDeveloper children=|viewer| view! { <SystemList viewer /> } />
    }
}

#[component]
fn SystemList(viewer: Viewer) -> impl IntoView {
    let after = move || use_query_map().with(|q| q.get("after"));
    let systems = Resource::new(after, list_systems);
    let active = viewer.active_org().cloned();
    let can_write = active.as_ref().is_some_and(|m| m.role.can_write());
    let org_name = active.map(|m| m.name).unwrap_or_default();
    view! {
        <div class="space-y-6">
            <div class="flex flex-wrap items-center justify-between gap-4">
                <div>
                    <h1 class=H1>"Client systems"</h1>
                    <p class=MUTED data-testid=ids::ACTIVE_ORG>{format!("Of {org_name}")}</p>
                </div>
                {can_write.then(|| view! { <a href="/systems/new" class=BUTTON data-testid=ids::NEW_SYSTEM_LINK>"New system"</a> })}
            </div>
            <p class=MUTED>
                "A client system is software you ship to many customers. Each installation creates its own client "
                "draft through the API with one of the system's API keys; a person at the customer confirms it, "
                "and an admin approves access to protected APIs."
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match systems.await {
                        Ok(page) if page.rows.is_empty() && after().is_none() => view! {
                            <div class=CARD data-testid=ids::SYSTEMS_EMPTY>
                                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"No client systems yet"</h2>
                                <a href="/systems/new" class=format!("mt-2 inline-block {LINK}")>"Create your first system"</a>
                            </div>
                        }.into_any(),
                        Ok(page) => {
                            let first = after().map(|_| "/systems".to_owned());
                            let next = page.next_after.as_ref().map(|a| href_with("/systems", &[("after", Some(a))]));
                            view! {
                                <SystemTable rows=page.rows />
                                <Pager label="systems" first next next_testid=ids::SYSTEMS_NEXT />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SystemTable(rows: Vec<SystemSummary>) -> impl IntoView {
    view! {
        <div class="relative overflow-x-auto">
            <table data-testid=ids::SYSTEMS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead>
                    <tr class="text-gray-700 dark:text-gray-300">
                        <th scope="col" class="py-2 pr-4">"Name"</th>
                        <th scope="col" class="py-2 pr-4">"Authentication"</th>
                        <th scope="col" class="py-2 pr-4">"Scopes"</th>
                        <th scope="col" class="py-2 pr-4">"Active API keys"</th>
                        <th scope="col" class="py-2 pr-4">"Clients"</th>
                        <th scope="col" class="py-2 pr-4">"Created"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|row| {
                        let href = format!("/systems/{}", row.system_id);
                        let scopes = row.scopes.join(" ");
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4"><a class=LINK href=href>{row.name.clone()}</a></td>
                                <td class="py-2 pr-4 font-mono">{row.auth_method.as_str()}</td>
                                <td class="py-2 pr-4 font-mono">{scopes}</td>
                                <td class="py-2 pr-4">{row.active_keys}</td>
                                <td class="py-2 pr-4">{row.clients}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(row.created_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
