use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::clients::StatusBadge;
use super::{CARD, H1, LINK, MUTED};
use crate::api::orgs::{admin_org, search_orgs};
use crate::components::{
    ErrorView, Pager, RequireAdmin, SearchForm, ShortClientId, format_date, format_time,
    group_digits, href_with,
};
use crate::ids;
use crate::model::{OrgForAdmin, OrgSummary};

const TH: &str = "py-2 pr-4";
const TD: &str = "py-2 pr-4 align-top";

/// `/admin/organisations?q=…`: organisations by name, number or prefix.
#[component]
pub fn AdminOrgsPage() -> impl IntoView {
    view! {
        <Title text="Organisations" />
        <RequireAdmin children=|| view! { <OrgSearch /> } />
    }
}

#[component]
fn OrgSearch() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let after = move || query.with(|q| q.get("after"));
    let found = Resource::new(move || (q(), after()), |(q, after)| search_orgs(q, after));
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Organisations"</h1>
            <SearchForm action="/admin/organisations" id="org-search" label="Name, organisation number or client-id prefix"
                value=Signal::derive(q) testid=ids::ADMIN_ORGS_SEARCH />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(page) if page.rows.is_empty() => view! { <p class=MUTED>"No organisation matches."</p> }.into_any(),
                        Ok(page) => {
                            let first = after().map(|_| href_with("/admin/organisations", &[("q", Some(&q()))]));
                            let next = page.next_after.as_ref().map(|a| href_with("/admin/organisations", &[("q", Some(&q())), ("after", Some(a))]));
                            view! {
                                <OrgTable rows=page.rows />
                                <Pager label="organisations" first next next_testid=ids::ADMIN_ORGS_NEXT />
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
fn OrgTable(rows: Vec<OrgSummary>) -> impl IntoView {
    view! {
        <p class=MUTED>"By name, 50 at a time."</p>
        <div class="relative overflow-x-auto">
            <table data-testid=ids::ADMIN_ORGS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class=TH>"Name"</th>
                    <th scope="col" class=TH>"Number"</th>
                    <th scope="col" class=TH>"Prefix"</th>
                    <th scope="col" class=TH>"Members"</th>
                    <th scope="col" class=TH>"Clients"</th>
                    <th scope="col" class=TH>"Systems"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|o| view! {
                        <tr class="text-gray-900 dark:text-gray-100">
                            <td class=TD>
                                <a class=LINK href=format!("/admin/organisations/{}", o.org_id)>{o.name.clone()}</a>
                                {o.personal_of.clone().map(|email| view! { <div class="text-xs text-gray-600 dark:text-gray-300">{format!("personal: {email}")}</div> })}
                            </td>
                            <td class=format!("{TD} whitespace-nowrap")>{o.org_number.as_deref().map(group_digits).unwrap_or_else(|| "—".into())}</td>
                            <td class=format!("{TD} max-w-[12rem] break-all font-mono text-xs")>{o.client_prefix.clone()}</td>
                            <td class=TD>{o.members}</td>
                            <td class=TD>{o.clients}</td>
                            <td class=TD>{o.systems}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/admin/organisations/:id`: one organisation, its members and clients.
#[component]
pub fn AdminOrgPage() -> impl IntoView {
    view! {
        <Title text="Organisation" />
        <RequireAdmin children=|| view! { <AdminOrgLoader /> } />
    }
}

#[component]
fn AdminOrgLoader() -> impl IntoView {
    let id = move || use_params_map().with(|p| p.get("id")).unwrap_or_default();
    let org = Resource::new(id, admin_org);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match org.await {
                    Ok(data) => view! { <AdminOrgView data /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AdminOrgView(data: OrgForAdmin) -> impl IntoView {
    let OrgForAdmin {
        org,
        members,
        clients,
    } = data;
    view! {
        <div class="space-y-6">
            <h1 class=H1>{org.name.clone()}</h1>
            <section class=CARD>
                <dl class="grid grid-cols-1 gap-2 text-sm sm:grid-cols-[14rem_1fr]">
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Organisation number"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">{org.org_number.as_deref().map(group_digits).unwrap_or_else(|| "None given".into())}</dd>
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Client-id prefix"</dt>
                    <dd class="break-all font-mono text-gray-900 dark:text-gray-100">{org.client_prefix.clone()}</dd>
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Created"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">{format_time(org.created_at)}</dd>
                    {org.personal_of.clone().map(|email| view! {
                        <dt class="font-medium text-gray-700 dark:text-gray-300">"Personal organisation of"</dt>
                        <dd class="break-all text-gray-900 dark:text-gray-100">{email}</dd>
                    })}
                </dl>
                {(!org.description.is_empty()).then(|| view! { <p class="mt-4 text-gray-900 dark:text-gray-100">{org.description.clone()}</p> })}
                <p class=format!("mt-4 {MUTED}")>
                    <a class=LINK href=format!("/admin/audit?org_id={}", org.org_id)>"Its audit log"</a>
                </p>
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">{format!("Members ({})", members.len())}</h2>
                <div class="relative mt-2 overflow-x-auto">
                    <table data-testid=ids::ADMIN_ORG_MEMBERS class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                        <thead><tr class="text-gray-700 dark:text-gray-300">
                            <th scope="col" class=TH>"Email"</th><th scope="col" class=TH>"Name"</th>
                            <th scope="col" class=TH>"Role"</th><th scope="col" class=TH>"Joined"</th>
                        </tr></thead>
                        <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                            {members.into_iter().map(|m| view! {
                                <tr class="text-gray-900 dark:text-gray-100">
                                    <td class=format!("{TD} break-all")>{m.email}</td>
                                    <td class=TD>{m.display_name}</td>
                                    <td class=TD>{m.role.as_str()}</td>
                                    <td class=format!("{TD} whitespace-nowrap")>{format_date(m.joined_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">{format!("Clients ({})", org.clients)}</h2>
                {(org.clients as usize > clients.len()).then(|| view! {
                    <p class=format!("mt-1 {MUTED}")>
                        {format!("The newest {}. ", clients.len())}
                        <a class=LINK href=href_with("/admin/clients", &[("q", Some(&org.name))])>"Search all of them"</a>
                    </p>
                })}
                {if clients.is_empty() {
                    view! { <p class=format!("mt-2 {MUTED}")>"None."</p> }.into_any()
                } else {
                    view! {
                        <div class="relative mt-2 overflow-x-auto">
                            <table data-testid=ids::ADMIN_ORG_CLIENTS class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                                <thead><tr class="text-gray-700 dark:text-gray-300">
                                    <th scope="col" class=TH>"Name"</th><th scope="col" class=TH>"Client id"</th>
                                    <th scope="col" class=TH>"Status"</th><th scope="col" class=TH>"Active secrets"</th>
                                </tr></thead>
                                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                    {clients.into_iter().map(|c| view! {
                                        <tr class="text-gray-900 dark:text-gray-100">
                                            <td class=TD>{c.display_name.clone()}</td>
                                            <td class=TD><ShortClientId id=c.client_id.clone() /></td>
                                            <td class=TD><StatusBadge standing=c.standing() /></td>
                                            <td class=TD>{c.active_secrets}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
