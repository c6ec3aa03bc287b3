use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::clients::StatusBadge;
use super::{CARD, H1, MUTED};
use crate::api::approvals::{DecideClient, DecideScope, SetSuspended, admin_clients};
use crate::api::catalog::pending_clients;
use crate::components::{
    ErrorView, FormErrors, FormMessage, Pager, RequireAdmin, SearchForm, format_time, href_with,
    org_label,
};
use crate::error::AppError;
use crate::ids;
use crate::model::{AdminClient, ClientStatus, PendingClient, QUEUE_PAGE_SIZE};

const SMALL_INPUT: &str = "rounded-md border border-gray-400 bg-white px-2 py-1 text-sm text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
const GRANT: &str = "rounded-md border border-green-700 px-2 py-1 text-sm text-green-900 hover:bg-green-50 dark:text-green-200 dark:hover:bg-green-950";
const REJECT: &str = "rounded-md border border-red-600 px-2 py-1 text-sm text-red-800 hover:bg-red-50 dark:text-red-200 dark:hover:bg-red-950";

/// The row forms share one action each, so a field error (a missing
/// reason) is shown once, above the list.
fn shown_above(errors: FormErrors) -> Signal<Option<AppError>> {
    let error: Signal<Option<AppError>> = errors.into();
    Signal::derive(move || {
        error.get().map(|e| match e {
            AppError::Invalid { errors } => {
                let text: Vec<String> = errors.into_iter().map(|f| f.message).collect();
                AppError::invalid("form", text.join(" "))
            }
            other => other,
        })
    })
}

/// `/admin/approvals`: requested scopes waiting for a decision, oldest
/// first, and every client with suspend / reinstate.
#[component]
pub fn AdminApprovalsPage() -> impl IntoView {
    view! {
        <Title text="Approvals" />
        <RequireAdmin children=|| view! { <Approvals /> } />
    }
}

#[component]
fn Approvals() -> impl IntoView {
    let decide = ServerAction::<DecideScope>::new();
    let decide_all = ServerAction::<DecideClient>::new();
    let suspend = ServerAction::<SetSuspended>::new();
    let changed = move || {
        (
            decide.version().get(),
            decide_all.version().get(),
            suspend.version().get(),
        )
    };
    // The queue pages on by `?queue_after=`; the client list searches by
    // `?q=` and pages on by `?after=`. All of it lives in the address.
    let query = use_query_map();
    let get = move |key: &'static str| move || query.with(|p| p.get(key));
    let (queue_after, q, after) = (get("queue_after"), get("q"), get("after"));
    let q_text = move || q().unwrap_or_default();
    let pending = Resource::new(
        move || (queue_after(), changed()),
        |(after, _)| pending_clients(after),
    );
    let clients = Resource::new(
        move || (q(), after(), changed()),
        |(q, after, _)| admin_clients(q, after),
    );
    let here = move |pairs: &[(&str, Option<&str>)]| href_with("/admin/approvals", pairs);
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Approvals"</h1>
            <section class=CARD aria-labelledby="queue-heading">
                <h2 id="queue-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Waiting for approval"</h2>
                <p class=format!("mt-1 {MUTED}")>{format!("Oldest first, {QUEUE_PAGE_SIZE} at a time.")} " Decide each scope, or the whole client. A rejection needs a reason: the developer sees it on the client's page. A client with nothing left waiting becomes active, with only its granted scopes."</p>
                <FormMessage error=shown_above(FormErrors::of(decide)) />
                <FormMessage error=shown_above(FormErrors::of(decide_all)) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match pending.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(page) if page.rows.is_empty() && queue_after().is_none() => view! {
                                <p class=format!("mt-4 {MUTED}") data-testid=ids::APPROVALS_EMPTY>"Nothing is waiting."</p>
                            }.into_any(),
                            Ok(page) => view! {
                                <ul class="my-4 space-y-4" data-testid=ids::APPROVALS_QUEUE>
                                    {page.rows.into_iter().map(|c| view! { <PendingItem client=c decide decide_all /> }).collect_view()}
                                </ul>
                                <Pager label="the queue" size=QUEUE_PAGE_SIZE next_testid=ids::APPROVALS_NEXT
                                    first=queue_after().map(|_| here(&[("q", q().as_deref()), ("after", after().as_deref())]))
                                    next=page.next_after.map(|a| here(&[("queue_after", Some(&a)), ("q", q().as_deref()), ("after", after().as_deref())])) />
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class=CARD aria-labelledby="clients-heading">
                <h2 id="clients-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"All clients"</h2>
                <p class=format!("mt-1 {MUTED}")>"A suspended client gets no tokens, and the ones it has stop working at once."</p>
                <SearchForm action="/admin/approvals#clients-heading" id="admin-clients-q" label="Client id, name or organisation contains"
                    value=Signal::derive(q_text) testid=ids::ADMIN_CLIENTS_SEARCH class="mt-4" />
                <FormMessage error=shown_above(FormErrors::of(suspend)) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match clients.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(page) => view! {
                                {if page.rows.is_empty() {
                                    view! { <p class=format!("my-4 {MUTED}")>"No client matches."</p> }.into_any()
                                } else {
                                    view! { <ClientTable rows=page.rows suspend /> }.into_any()
                                }}
                                <Pager label="clients" next_testid=ids::ADMIN_CLIENTS_NEXT
                                    first=after().map(|_| here(&[("queue_after", queue_after().as_deref()), ("q", q().as_deref())]))
                                    next=page.next_after.map(|a| here(&[("queue_after", queue_after().as_deref()), ("q", q().as_deref()), ("after", Some(&a))])) />
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn PendingItem(
    client: PendingClient,
    decide: ServerAction<DecideScope>,
    decide_all: ServerAction<DecideClient>,
) -> impl IntoView {
    let PendingClient {
        client_id,
        display_name,
        org_name,
        org_number,
        pending_scopes,
        system_name,
        confirmed_by,
        created_at,
    } = client;
    let origin = match (system_name, confirmed_by) {
        (Some(system), Some(who)) => format!("Created by the system {system}, confirmed by {who}"),
        (Some(system), None) => format!("Created by the system {system}"),
        (None, _) => "Registered in the portal".to_owned(),
    };
    view! {
        <li class="rounded-md border border-gray-200 p-4 dark:border-gray-800">
            <p class="font-medium text-gray-900 dark:text-gray-100">{display_name.clone()} <span class=MUTED data-testid=ids::APPROVAL_ORG>{format!(" by {}", org_label(&org_name, org_number.as_deref()))}</span></p>
            <p class="break-all font-mono text-xs text-gray-600 dark:text-gray-300">{client_id.clone()}</p>
            <p class="text-xs text-gray-600 dark:text-gray-300">{format!("{origin} · waiting since {}", format_time(created_at))}</p>
            <WholeClient client_id=client_id.clone() display_name=display_name.clone() decide_all />
            <ul class="mt-3 space-y-2">
                {pending_scopes.into_iter().map(|scope| {
                    let reason_id = format!("reject-{}-{}", client_id.replace('.', "-"), scope.replace(':', "-"));
                    let grant_label = format!("Grant {scope} to {display_name}");
                    let reject_label = format!("Reject {scope} for {display_name}");
                    let reason_label = format!("Reason to reject {scope} for {display_name}");
                    let (id_a, id_b, scope_a, scope_b) = (client_id.clone(), client_id.clone(), scope.clone(), scope.clone());
                    view! {
                        <li class="flex flex-wrap items-center gap-3">
                            <code class="font-mono text-sm text-gray-900 dark:text-gray-100">{scope}</code>
                            <ActionForm action=decide>
                                <input type="hidden" name="client_id" value=id_a />
                                <input type="hidden" name="scope" value=scope_a />
                                <input type="hidden" name="decision" value="grant" />
                                <button type="submit" class=GRANT aria-label=grant_label>"Grant"</button>
                            </ActionForm>
                            <ActionForm action=decide attr:class="flex flex-wrap items-center gap-2">
                                <input type="hidden" name="client_id" value=id_b />
                                <input type="hidden" name="scope" value=scope_b />
                                <input type="hidden" name="decision" value="reject" />
                                <label for=reason_id.clone() class="sr-only">{reason_label}</label>
                                <input id=reason_id name="reason" required placeholder="Reason to reject" class=SMALL_INPUT />
                                <button type="submit" class=REJECT aria-label=reject_label>"Reject"</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn ClientTable(rows: Vec<AdminClient>, suspend: ServerAction<SetSuspended>) -> impl IntoView {
    view! {
        <div class="relative mt-4 overflow-x-auto">
            <table data-testid=ids::ADMIN_CLIENTS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Client"</th>
                    <th scope="col" class="py-2 pr-4">"Owner"</th>
                    <th scope="col" class="py-2 pr-4">"Status"</th>
                    <th scope="col" class="py-2 pr-4">"Reason"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|c| {
                        let suspended = c.status == ClientStatus::Suspended;
                        let reason_id = format!("suspend-{}", c.client_id.replace('.', "-"));
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">
                                    {c.display_name.clone()}
                                    <span class="block max-w-xs truncate font-mono text-xs text-gray-600 dark:text-gray-300" title=c.client_id.clone()>{c.client_id.clone()}</span>
                                </td>
                                <td class="py-2 pr-4">{org_label(&c.org_name, c.org_number.as_deref())}</td>
                                <td class="py-2 pr-4"><StatusBadge status=c.status /></td>
                                <td class="py-2 pr-4">{c.status_reason.clone().unwrap_or_default()}</td>
                                <td class="py-2 pr-4">
                                    <ActionForm action=suspend attr:class="flex flex-wrap items-center gap-2">
                                        <input type="hidden" name="client_id" value=c.client_id.clone() />
                                        <input type="hidden" name="suspended" value=(!suspended).to_string() />
                                        {(!suspended).then(|| view! {
                                            <label for=reason_id.clone() class="sr-only">{format!("Reason to suspend {}", c.display_name)}</label>
                                            <input id=reason_id.clone() name="reason" required placeholder="Reason to suspend" class=SMALL_INPUT />
                                        })}
                                        <button type="submit" class=if suspended { GRANT } else { REJECT }
                                            aria-label=format!("{} {}", if suspended { "Reinstate" } else { "Suspend" }, c.display_name)>
                                            {if suspended { "Reinstate" } else { "Suspend" }}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Approve every pending scope at once, or reject the whole client.
#[component]
fn WholeClient(
    client_id: String,
    display_name: String,
    decide_all: ServerAction<DecideClient>,
) -> impl IntoView {
    let reason_id = format!("reject-client-{}", client_id.replace('.', "-"));
    let approve_label = format!("Approve {display_name} with every scope it asks for");
    let reject_label = format!("Reject the client {display_name}");
    let reason_label = format!("Reason to reject the client {display_name}");
    let approve_id = client_id.clone();
    view! {
        <div class="mt-3 flex flex-wrap items-center gap-3 border-b border-gray-200 pb-3 dark:border-gray-800">
            <ActionForm action=decide_all>
                <input type="hidden" name="client_id" value=approve_id />
                <input type="hidden" name="decision" value="approve" />
                <button type="submit" class=GRANT aria-label=approve_label>"Approve client"</button>
            </ActionForm>
            <ActionForm action=decide_all attr:class="flex flex-wrap items-center gap-2">
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="decision" value="reject" />
                <label for=reason_id.clone() class="sr-only">{reason_label}</label>
                <input id=reason_id name="reason" required placeholder="Reason to reject the client" class=SMALL_INPUT />
                <button type="submit" class=REJECT aria-label=reject_label>"Reject client"</button>
            </ActionForm>
        </div>
    }
}
