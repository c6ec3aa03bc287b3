use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::StatusBadge;
use crate::api::clients::list_clients;
use crate::components::{
    ErrorView, Expiry, Pager, RequireSignIn, SearchForm, SortLinks, href_with,
};
use crate::error::AppError;
use crate::ids;
use crate::model::{ClientOrder, ClientSummary, ListOrder, Viewer};
use crate::pages::{BUTTON, CARD, H1, LINK, MUTED};

/// `/clients`: the developer's clients at a glance.
#[component]
pub fn ClientsPage() -> impl IntoView {
    view! {
        <Title text="Clients" />
        <RequireSignIn children=|viewer| {
            if viewer.is_developer { view! { <ClientList viewer /> }.into_any() } else { view! { <ErrorView error=AppError::Forbidden /> }.into_any() }
        } />
    }
}

/// `?q=` searches ids and names, `?sort=` orders (newest first or by
/// name), `?after=` pages on; all live in the address.
#[component]
fn ClientList(viewer: Viewer) -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q")).unwrap_or_default();
    let sort = move || query.with(|p| p.get("sort"));
    let order = move || ClientOrder::parse(sort().as_deref()).unwrap_or_default();
    let after = move || query.with(|p| p.get("after"));
    let clients = Resource::new(
        move || (q(), sort(), after()),
        |(q, sort, after)| list_clients(Some(q), sort, after),
    );
    let active = viewer.active_org().cloned();
    let can_write = active.as_ref().is_some_and(|m| m.role.can_write());
    let org_name = active.map(|m| m.name).unwrap_or_default();
    view! {
        <div class="space-y-6">
            <div class="flex flex-wrap items-center justify-between gap-4">
                <div>
                    <h1 class=H1>"Clients"</h1>
                    <p class=MUTED data-testid=ids::ACTIVE_ORG>{format!("Of {org_name}")}</p>
                </div>
                {can_write.then(|| view! { <a href="/clients/new" class=BUTTON data-testid=ids::NEW_CLIENT_LINK>"New client"</a> })}
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match clients.await {
                        Ok(page) if page.rows.is_empty() && q().is_empty() && after().is_none() => view! { <EmptyState /> }.into_any(),
                        Ok(page) => view! {
                            <SearchForm action="/clients" id="clients-q" label="Client id or name contains" value=Signal::derive(q)
                                testid=ids::CLIENTS_SEARCH clear=("/clients", "All clients") sort=Signal::derive(move || order().in_link()) />
                            <SortLinks base="/clients" current=order() q=q() testid=ids::CLIENTS_SORT />
                            {if page.rows.is_empty() {
                                view! { <p class=MUTED>"No client matches."</p> }.into_any()
                            } else {
                                view! { <ClientTable rows=page.rows /> }.into_any()
                            }}
                            <Pager label="clients" next_testid=ids::CLIENTS_NEXT
                                first=after().map(|_| href_with("/clients", &[("q", Some(&q())), ("sort", order().in_link())]))
                                next=page.next_after.map(|a| href_with("/clients", &[("q", Some(&q())), ("sort", order().in_link()), ("after", Some(&a))])) />
                        }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class=CARD data-testid=ids::CLIENTS_EMPTY>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"No clients yet"</h2>
            <p class=format!("mt-2 {MUTED}")>
                "A client is an application that gets tokens from Portico: a backend calling an API with client credentials, "
                "or a web or mobile app that signs users in. Register one, then create a secret for it."
            </p>
            <a href="/clients/new" class=format!("mt-4 inline-block {LINK}")>"Register your first client"</a>
        </div>
    }
}

#[component]
fn ClientTable(rows: Vec<ClientSummary>) -> impl IntoView {
    view! {
        <div class="relative overflow-x-auto">
            <table data-testid=ids::CLIENTS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead>
                    <tr class="text-gray-700 dark:text-gray-300">
                        <th scope="col" class="py-2 pr-4">"Name"</th>
                        <th scope="col" class="py-2 pr-4">"Suffix"</th>
                        <th scope="col" class="py-2 pr-4">"Status"</th>
                        <th scope="col" class="py-2 pr-4">"Grant types"</th>
                        <th scope="col" class="py-2 pr-4">"Secrets"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|row| {
                        let suffix = row.client_id.rsplit('.').next().unwrap_or_default().to_owned();
                        let secrets = match (row.active_secrets, row.next_secret_expiry) {
                            (0, _) | (_, None) => view! { "No active secret" }.into_any(),
                            (n, Some(at)) => view! {
                                {if n == 1 { "1 active: ".to_owned() } else { format!("{n} active, next: ") }}
                                <Expiry at />
                            }.into_any(),
                        };
                        let grants = row.grant_types.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4"><a class=LINK href=format!("/clients/{}", row.client_id)>{row.display_name.clone()}</a></td>
                                <td class="py-2 pr-4 font-mono">{suffix}</td>
                                <td class="py-2 pr-4"><StatusBadge standing=row.standing() /></td>
                                <td class="py-2 pr-4">{grants}</td>
                                <td class="py-2 pr-4">{secrets}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
