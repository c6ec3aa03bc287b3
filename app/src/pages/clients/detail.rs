use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::StatusBadge;
use super::overview::Overview;
use super::secrets::SecretsTab;
use super::settings::SettingsTab;
use super::test_tab::TestTab;
use crate::api::clients::{
    CreateSecret, RevokeSecret, UpdateClient, client_history, get_client, list_secrets,
    max_secret_months, public_url, scope_catalog,
};
use crate::components::{
    ErrorView, Pager, RequireSignIn, TabNav, current_tab, format_time, successes,
};
use crate::ids;
use crate::model::{
    AuditPage, ClientDetail, CredentialInfo, ListPage, PAGE_SIZE, ScopeAccess, ScopeInfo, Viewer,
};
use crate::pages::{CARD, H1, MUTED};
use leptos::server::ServerAction;

const TABS: [(&str, &str); 6] = [
    ("overview", "Overview"),
    ("settings", "Settings"),
    ("secrets", "Secrets"),
    ("access", "Access"),
    ("test", "Test"),
    ("history", "History"),
];

/// `/clients/:id?tab=…`. Another developer's client is "not found".
#[component]
pub fn ClientPage() -> impl IntoView {
    view! { <RequireSignIn children=|viewer| view! { <ClientLoader viewer /> } /> }
}

/// The actions of the client page, created once so their results (a new
/// secret's value) survive the page's data being reloaded.
#[derive(Clone, Copy)]
pub(super) struct ClientActions {
    pub update: ServerAction<UpdateClient>,
    pub create_secret: ServerAction<CreateSecret>,
    pub revoke_secret: ServerAction<RevokeSecret>,
}

/// Everything the tabs show, loaded together: every resource is created
/// here and read in one `Transition`, which keeps hydration simple.
#[derive(Clone)]
pub(super) struct ClientData {
    pub detail: ClientDetail,
    pub catalog: Vec<ScopeInfo>,
    /// One page of secrets; empty unless the Secrets tab is open.
    pub secrets: ListPage<CredentialInfo>,
    /// One page of the history; empty unless the History tab is open.
    pub history: AuditPage,
    pub public_url: String,
    /// The longest a new secret may live, in months.
    pub max_secret_months: u32,
}

#[component]
fn ClientLoader(viewer: Viewer) -> impl IntoView {
    let id = move || use_params_map().with(|p| p.get("id")).unwrap_or_default();
    let actions = ClientActions {
        update: ServerAction::new(),
        create_secret: ServerAction::new(),
        revoke_secret: ServerAction::new(),
    };
    // Only what succeeded reloads the page; a rejected form keeps its input.
    let (updated, created, revoked) = (
        successes(actions.update),
        successes(actions.create_secret),
        successes(actions.revoke_secret),
    );
    let changes = move || (updated.get(), created.get(), revoked.get());
    // Every tab is a fresh look: a member removed a moment ago gets "not
    // found" on their next click, not the page as it was.
    let client = Resource::new(
        move || (id(), updated.get(), current_tab()),
        |(id, _, _)| get_client(id),
    );

    // The history is read only where it is shown, a page at a time
    // (`?tab=history&before=`).
    let query = use_query_map();
    let before = move || {
        query
            .with(|q| q.get("before"))
            .and_then(|b| b.parse::<i64>().ok())
    };
    let after = move || query.with(|q| q.get("after"));
    let secrets = Resource::new(
        move || (id(), current_tab(), after(), changes()),
        |(id, tab, after, _)| async move {
            if tab == "secrets" {
                list_secrets(id, after).await
            } else {
                Ok(ListPage::default())
            }
        },
    );
    let history = Resource::new(
        move || (id(), current_tab(), before(), changes()),
        |(id, tab, before, _)| async move {
            if tab == "history" {
                client_history(id, before).await
            } else {
                Ok(AuditPage::default())
            }
        },
    );
    let catalog = Resource::new(|| (), |_| scope_catalog(false));
    let base = Resource::new(|| (), |_| public_url());
    let max_months = Resource::new(|| (), |_| max_secret_months());
    view! {
        <Transition fallback=|| ()>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                let loaded = async {
                    Ok::<_, crate::error::AppError>(ClientData {
                        detail: client.await?,
                        secrets: secrets.await?,
                        history: history.await?,
                        catalog: catalog.await?,
                        public_url: base.await?,
                        max_secret_months: max_months.await?,
                    })
                };
                match loaded.await {
                    Ok(data) => view! { <ClientView data actions viewer /> }.into_any(),
                    Err(error) => view! { <Title text="Client" /> <ErrorView error /> }.into_any(),
                }
            })
            }}
        </Transition>
    }
}

#[component]
fn ClientView(data: ClientData, actions: ClientActions, viewer: Viewer) -> impl IntoView {
    let detail = data.detail.clone();
    let can_write = viewer
        .membership(&detail.org_id)
        .is_some_and(|m| m.role.can_write());
    let base = format!("/clients/{}", detail.client_id);
    let history_base = base.clone();
    let secrets_base = base.clone();
    let body = move || {
        match current_tab().as_str() {
        "settings" => view! { <SettingsTab detail=data.detail.clone() catalog=data.catalog.clone() update=actions.update viewer=viewer.clone() /> }.into_any(),
        "secrets" => view! { <SecretsTab detail=data.detail.clone() secrets=data.secrets.clone() max_months=data.max_secret_months base=secrets_base.clone() actions can_write /> }.into_any(),
        "access" => view! { <AccessTab detail=data.detail.clone() /> }.into_any(),
        "test" => view! { <TestTab detail=data.detail.clone() base=data.public_url.clone() /> }.into_any(),
        "history" => view! { <HistoryTab page=data.history.clone() base=history_base.clone() /> }.into_any(),
        _ => view! { <Overview detail=data.detail.clone() issuer=Some(data.public_url.clone()) can_write /> }.into_any(),
    }
    };
    view! {
        <Title text=detail.display_name.clone() />
        <div class="space-y-6">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class=H1>{detail.display_name.clone()}</h1>
                <span data-testid=ids::CLIENT_STATUS><StatusBadge standing=detail.standing() /></span>
            </div>
            {detail.status_reason.clone().map(|reason| view! {
                <p data-testid=ids::CLIENT_STATUS_REASON class="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                    {format!("Reason: {reason}")}
                </p>
            })}
            <TabNav label="Client sections" base tabs=&TABS test_id=ids::CLIENT_TABS />
            {body}
        </div>
    }
}

#[component]
fn AccessTab(detail: ClientDetail) -> impl IntoView {
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Access to scopes"</h2>
            <p class=format!("mt-1 {MUTED}")>"Tokens carry only granted scopes. Scopes that need approval wait for an admin."</p>
            {if detail.scopes.is_empty() {
                view! { <p class=format!("mt-4 {MUTED}")>"This client requests no scopes."</p> }.into_any()
            } else {
                view! {
                    <div class="relative mt-4 overflow-x-auto"><table data-testid=ids::ACCESS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                        <thead><tr class="text-gray-700 dark:text-gray-300">
                            <th scope="col" class="py-2 pr-4">"Scope"</th>
                            <th scope="col" class="py-2 pr-4">"Shown to users as"</th>
                            <th scope="col" class="py-2 pr-4">"Status"</th>
                            <th scope="col" class="py-2 pr-4">"Reason"</th>
                        </tr></thead>
                        <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                            {detail.scopes.into_iter().map(|s| {
                                let reason = s.reason.clone().unwrap_or_else(|| match s.status {
                                    ScopeAccess::Pending => "Waiting for an admin".to_owned(),
                                    _ => String::new(),
                                });
                                view! {
                                    <tr class="text-gray-900 dark:text-gray-100">
                                        <td class="py-2 pr-4 font-mono">{s.scope}</td>
                                        <td class="py-2 pr-4">{s.description}</td>
                                        <td class="py-2 pr-4">{s.status.as_str()}</td>
                                        <td class="py-2 pr-4">{reason}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn HistoryTab(page: AuditPage, base: String) -> impl IntoView {
    let AuditPage {
        entries,
        next_before,
    } = page;
    let here = format!("{base}?tab=history");
    let first = use_query_map()
        .with_untracked(|q| q.get("before"))
        .map(|_| here.clone());
    let next = next_before.map(|b| format!("{here}&before={b}"));
    view! {
        <section class=format!("space-y-4 {CARD}")>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"History"</h2>
            <p class=MUTED>{format!("Every change to this client, newest first, {PAGE_SIZE} at a time. Secret values never appear here.")}</p>
            <div class="relative overflow-x-auto">
            <table data-testid=ids::HISTORY_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"When"</th>
                    <th scope="col" class="py-2 pr-4">"Who"</th>
                    <th scope="col" class="py-2 pr-4">"What"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {entries.into_iter().map(|e| view! {
                        <tr class="text-gray-900 dark:text-gray-100">
                            <td class="py-2 pr-4 whitespace-nowrap">{format_time(e.at)}</td>
                            <td class="py-2 pr-4">{e.actor_email.unwrap_or_else(|| "system".into())}</td>
                            <td class="py-2 pr-4 font-mono">{e.action}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <Pager label="the history" first next older=true next_testid=ids::HISTORY_OLDER />
        </section>
    }
}
