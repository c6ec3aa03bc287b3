use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{RequireSignIn, group_digits};
use crate::ids;
use crate::model::Viewer;
use crate::pages::{BUTTON, CARD, H1, LINK, MUTED};

/// `/orgs`: the organisations the viewer belongs to, with their role.
#[component]
pub fn OrgsPage() -> impl IntoView {
    view! {
        <Title text="Organisations" />
        <RequireSignIn children=|viewer| view! { <OrgList viewer /> } />
    }
}

#[component]
fn OrgList(viewer: Viewer) -> impl IntoView {
    let active = viewer.active_org_id.clone().unwrap_or_default();
    view! {
        <div class="space-y-6">
            <div class="flex flex-wrap items-center justify-between gap-4">
                <h1 class=H1>"Organisations"</h1>
                {viewer.is_developer.then(|| view! {
                    <a href="/orgs/new" class=BUTTON data-testid=ids::ORGS_NEW>"New organisation"</a>
                })}
            </div>
            <p class=MUTED>
                "Clients, client systems and API keys belong to an organisation, so a team keeps managing them when "
                "one of its people leaves. Owners manage members and settings; developers manage clients, secrets, "
                "systems and keys; viewers read everything and change nothing."
            </p>
            {if viewer.orgs.is_empty() {
                view! {
                    <div class=CARD><p class=MUTED>"You do not belong to any organisation. An owner can invite you with a link."</p></div>
                }.into_any()
            } else {
                view! {
                    <div class="relative overflow-x-auto">
                        <table data-testid=ids::ORGS_LIST class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                            <thead><tr class="text-gray-700 dark:text-gray-300">
                                <th scope="col" class="py-2 pr-4">"Name"</th>
                                <th scope="col" class="py-2 pr-4">"Organisation number"</th>
                                <th scope="col" class="py-2 pr-4">"Your role"</th>
                                <th scope="col" class="py-2 pr-4">"Client-id prefix"</th>
                            </tr></thead>
                            <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                {viewer.orgs.iter().map(|m| {
                                    let is_active = m.org_id == active;
                                    view! {
                                        <tr class="align-top text-gray-900 dark:text-gray-100">
                                            <td class="py-2 pr-4">
                                                <a class=LINK href=format!("/orgs/{}", m.org_id)>{m.name.clone()}</a>
                                                {m.personal.then(|| view! { <span class="ml-2 text-xs text-gray-600 dark:text-gray-300">"personal"</span> })}
                                                {is_active.then(|| view! { <span class="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">"pages act for this one"</span> })}
                                            </td>
                                            <td class="py-2 pr-4 whitespace-nowrap">{m.org_number.as_deref().map(group_digits).unwrap_or_else(|| "—".into())}</td>
                                            <td class="py-2 pr-4">{m.role.as_str()}</td>
                                            <td class="py-2 pr-4 max-w-[16rem] break-all font-mono text-xs">{m.client_prefix.clone()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
