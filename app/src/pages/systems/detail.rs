use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::RequireDeveloper;
use super::api_keys::AutomationTab;
use super::settings::SettingsTab;
use crate::api::clients::{max_secret_months, public_url, scope_catalog};
use crate::api::systems::{
    CreateApiKey, RevokeApiKey, UpdateSystem, get_system, list_api_keys, system_clients,
};
use crate::components::{
    ErrorView, Pager, TabNav, current_tab, first_page_href, format_date, format_time,
    next_page_href, successes,
};
use crate::ids;
use crate::model::{CredentialInfo, ListPage, ScopeInfo, SystemClient, SystemSummary, Viewer};
use crate::pages::clients::StatusBadge;
use crate::pages::{CARD, H1, LINK, MUTED};

const TABS: [(&str, &str); 4] = [
    ("overview", "Overview"),
    ("automation", "Automation"),
    ("clients", "Clients"),
    ("settings", "Settings"),
];

/// `/systems/:id?tab=…`. Another developer's system is "not found".
#[component]
pub fn SystemPage() -> impl IntoView {
    view! { <RequireDeveloper children=|viewer| view! { <SystemLoader viewer /> } /> }
}

/// The key actions live here so a new key's value survives the reload.
#[derive(Clone, Copy)]
pub(super) struct KeyActions {
    pub create: ServerAction<CreateApiKey>,
    pub revoke: ServerAction<RevokeApiKey>,
    pub update: ServerAction<UpdateSystem>,
}

#[derive(Clone)]
struct SystemData {
    system: SystemSummary,
    /// One page of keys; empty unless the Automation tab is open.
    keys: ListPage<CredentialInfo>,
    /// One page of clients; empty unless the Clients tab is open.
    clients: ListPage<SystemClient>,
    catalog: Vec<ScopeInfo>,
    public_url: String,
    max_secret_months: u32,
}

#[component]
fn SystemLoader(viewer: Viewer) -> impl IntoView {
    let id = move || use_params_map().with(|p| p.get("id")).unwrap_or_default();
    let actions = KeyActions {
        create: ServerAction::new(),
        revoke: ServerAction::new(),
        update: ServerAction::new(),
    };
    // Only what succeeded reloads the page; a rejected form keeps its input.
    let (created, revoked, updated) = (
        successes(actions.create),
        successes(actions.revoke),
        successes(actions.update),
    );
    let changes = move || (created.get(), revoked.get(), updated.get());
    // Every tab is a fresh look (see the client page).
    let system = Resource::new(
        move || (id(), changes(), current_tab()),
        |(id, _, _)| get_system(id),
    );
    // Keys and clients are read only where they are shown, a page at a
    // time (`?tab=…&after=`).
    let after = move || use_query_map().with(|q| q.get("after"));
    let keys = Resource::new(
        move || (id(), current_tab(), after(), changes()),
        |(id, tab, after, _)| async move {
            if tab == "automation" {
                list_api_keys(id, after).await
            } else {
                Ok(ListPage::default())
            }
        },
    );
    let clients = Resource::new(
        move || (id(), current_tab(), after()),
        |(id, tab, after)| async move {
            if tab == "clients" {
                system_clients(id, after).await
            } else {
                Ok(ListPage::default())
            }
        },
    );
    let base = Resource::new(|| (), |_| public_url());
    let max_months = Resource::new(|| (), |_| max_secret_months());
    let catalog = Resource::new(|| (), |_| scope_catalog(false));
    view! {
        <Transition fallback=|| ()>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                let loaded = async {
                    Ok::<_, crate::error::AppError>(SystemData {
                        system: system.await?,
                        keys: keys.await?,
                        clients: clients.await?,
                        catalog: catalog.await?,
                        public_url: base.await?,
                        max_secret_months: max_months.await?,
                    })
                };
                match loaded.await {
                    Ok(data) => view! { <SystemView data actions viewer /> }.into_any(),
                    Err(error) => view! { <Title text="Client system" /> <ErrorView error /> }.into_any(),
                }
            })
            }}
        </Transition>
    }
}

#[component]
fn SystemView(data: SystemData, actions: KeyActions, viewer: Viewer) -> impl IntoView {
    let can_write = viewer
        .membership(&data.system.org_id)
        .is_some_and(|m| m.role.can_write());
    let base = format!("/systems/{}", data.system.system_id);
    let clients_base = base.clone();
    let name = data.system.name.clone();
    let body = move || {
        match current_tab().as_str() {
        "automation" => view! {
            <AutomationTab system=data.system.clone() keys=data.keys.clone() actions public_url=data.public_url.clone() max_months=data.max_secret_months can_write />
        }
        .into_any(),
        "clients" => view! { <ClientsTab clients=data.clients.clone() base=clients_base.clone() /> }.into_any(),
        "settings" => view! {
            <SettingsTab system=data.system.clone() catalog=data.catalog.clone() update=actions.update viewer=viewer.clone() />
        }
        .into_any(),
        _ => view! { <Overview system=data.system.clone() /> }.into_any(),
    }
    };
    view! {
        <Title text=name.clone() />
        <div class="space-y-6">
            <h1 class=H1>{name}</h1>
            <TabNav label="System sections" base tabs=&TABS />
            {body}
        </div>
    }
}

#[component]
fn Overview(system: SystemSummary) -> impl IntoView {
    let row = |term: &'static str, value: String| {
        view! {
            <dt class="font-medium text-gray-700 dark:text-gray-300">{term}</dt>
            <dd class="break-all text-gray-900 dark:text-gray-100">{value}</dd>
        }
    };
    let mut grants: Vec<&str> = system.grant_types.iter().map(|g| g.as_str()).collect();
    if system.allow_refresh {
        grants.push("refresh_token");
    }
    view! {
        <section class=CARD data-testid=ids::SYSTEM_OVERVIEW>
            {(!system.description.is_empty()).then(|| view! { <p class="mb-4 text-gray-900 dark:text-gray-100">{system.description.clone()}</p> })}
            <dl class="grid grid-cols-1 gap-2 text-sm sm:grid-cols-[16rem_1fr]">
                {row("System id", system.system_id.clone())}
                {row("Drafts authenticate with", system.auth_method.to_string())}
                {row("Grant types drafts may use", grants.join(", "))}
                {row("Scopes drafts may request", system.scopes.join(" "))}
                {row("Active API keys", system.active_keys.to_string())}
                {row("Clients created", system.clients.to_string())}
                {row("Created", format_time(system.created_at))}
            </dl>
            <p class=format!("mt-4 {MUTED}")>
                "Create an API key on the Automation tab; your software sends it as the "
                <code>"api-key"</code>
                " header to "
                <code>"POST /api/v1/client-drafts"</code>
                ". See the "
                <a class=LINK href="/api-docs">"API reference"</a>
                "."
            </p>
        </section>
    }
}

#[component]
fn ClientsTab(clients: ListPage<SystemClient>, base: String) -> impl IntoView {
    let here = format!("{base}?tab=clients");
    let next = next_page_href(&here, &clients);
    let first = first_page_href(&here);
    let clients = clients.rows;
    if clients.is_empty() {
        return view! {
            <section class=CARD><p class=MUTED>"This system has not created any clients yet."</p></section>
        }
        .into_any();
    }
    view! {
        <section class=CARD>
            <table data-testid=ids::SYSTEM_CLIENTS class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Name"</th>
                    <th scope="col" class="py-2 pr-4">"Status"</th>
                    <th scope="col" class="py-2 pr-4">"Confirmed by"</th>
                    <th scope="col" class="py-2 pr-4">"Created"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {clients.into_iter().map(|c| {
                        let confirmed = match (&c.confirmed_by, c.draft_expires_at) {
                            (Some(who), _) => who.clone(),
                            (None, Some(at)) => format!("waiting; expires {}", format_time(at)),
                            (None, None) => "—".to_owned(),
                        };
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4"><a class=LINK href=format!("/clients/{}", c.client_id)>{c.display_name.clone()}</a></td>
                                <td class="py-2 pr-4"><StatusBadge standing=c.standing() /></td>
                                <td class="py-2 pr-4">{confirmed}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(c.created_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="mt-4"><Pager label="clients" first next next_testid=ids::SYSTEM_CLIENTS_NEXT /></div>
        </section>
    }
    .into_any()
}
