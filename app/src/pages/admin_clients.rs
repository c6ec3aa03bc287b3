//! `/admin/clients`: every client of every organisation, by id, searched
//! by part of its id, name or organisation; suspend and reinstate.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::admin_approvals::{GRANT, REJECT, SMALL_INPUT, shown_above};
use super::clients::StatusBadge;
use super::{CARD, H1, LINK, MUTED};
use crate::api::approvals::{SetSuspended, admin_clients};
use crate::components::{
    ConfirmDialog, ConfirmLinks, ConfirmOpen, Confirmation, ErrorView, FormErrors, FormMessage,
    Pager, RequireAdmin, SearchForm, ShortClientId, href_with, open_confirmation, org_label,
    query_param, successes,
};
use crate::ids;
use crate::model::{AdminClient, ClientStatus};

#[component]
pub fn AdminClientsPage() -> impl IntoView {
    view! {
        <Title text="All clients" />
        <RequireAdmin children=|| view! { <AllClients /> } />
    }
}

/// `?q=` searches, `?after=` pages on, `?confirm=` asks before a
/// suspension; all live in the address.
#[component]
fn AllClients() -> impl IntoView {
    let suspend = ServerAction::<SetSuspended>::new();
    let (q_param, after_param) = (query_param("q"), query_param("after"));
    let (q, after) = (move || q_param.get(), move || after_param.get());
    let clients = Resource::new(
        move || (q(), after(), suspend.version().get()),
        |(q, after, _)| admin_clients(q, after),
    );
    let (links, open) = (ConfirmLinks::current(), open_confirmation());
    view! {
        <div class="space-y-6">
            <h1 class=H1>"All clients"</h1>
            <section class=CARD>
                <p class=MUTED>"Every client of every organisation, by id. A suspended client gets no tokens, and the ones it has stop working at once."</p>
                <SearchForm action="/admin/clients" id="admin-clients-q" label="Client id, name or organisation contains"
                    value=Signal::derive(move || q().unwrap_or_default()) testid=ids::ADMIN_CLIENTS_SEARCH class="mt-4"
                    clear=("/admin/clients", "All clients") />
                <FormMessage error=shown_above(FormErrors::of(suspend)) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match clients.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(page) => view! {
                                {if page.rows.is_empty() {
                                    view! { <p class=format!("my-4 {MUTED}")>"No client matches."</p> }.into_any()
                                } else {
                                    view! { <ClientTable rows=page.rows suspend links=links.get() /> }.into_any()
                                }}
                                <Pager label="clients" next_testid=ids::ADMIN_CLIENTS_NEXT
                                    first=after().map(|_| href_with("/admin/clients", &[("q", q().as_deref())]))
                                    next=page.next_after.map(|a| href_with("/admin/clients", &[("q", q().as_deref()), ("after", Some(&a))])) />
                            }.into_any(),
                        }
                    })}
                </Transition>
                <Transition fallback=|| ()>
                    {move || {
                        let open = open.get().filter(|(action, _)| action == SUSPEND);
                        Suspend::new(async move {
                            let (_, id) = open?;
                            let c = clients.await.ok()?.rows.into_iter().find(|c| c.client_id == id)?;
                            (c.status != ClientStatus::Suspended).then(|| view! {
                                <SuspendDialog client_id=c.client_id display_name=c.display_name suspend
                                    close=links.get_untracked().close() />
                            })
                        })
                    }}
                </Transition>
            </section>
        </div>
    }
}

/// The confirmation that suspends a client.
pub(super) const SUSPEND: &str = "suspend";

#[component]
fn ClientTable(
    rows: Vec<AdminClient>,
    suspend: ServerAction<SetSuspended>,
    links: ConfirmLinks,
) -> impl IntoView {
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
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">
                                    <a href=format!("/admin/clients/{}", c.client_id) class=LINK>{c.display_name.clone()}</a>
                                    <span class="block"><ShortClientId id=c.client_id.clone() /></span>
                                </td>
                                <td class="py-2 pr-4">{org_label(&c.org_name, c.org_number.as_deref())}</td>
                                <td class="py-2 pr-4"><StatusBadge standing=c.standing() /></td>
                                <td class="py-2 pr-4">{c.status_reason.clone().unwrap_or_default()}</td>
                                <td class="py-2 pr-4">
                                    <SuspendControl client_id=c.client_id.clone() display_name=c.display_name.clone()
                                        suspended suspend links=links.clone() />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Reinstates a suspended client at once, or links to the dialog that
/// suspends it.
#[component]
pub(super) fn SuspendControl(
    client_id: String,
    display_name: String,
    suspended: bool,
    suspend: ServerAction<SetSuspended>,
    links: ConfirmLinks,
) -> impl IntoView {
    if suspended {
        view! {
            <ActionForm action=suspend>
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="suspended" value="false" />
                <button type="submit" class=GRANT aria-label=format!("Reinstate {display_name}")>"Reinstate"</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <ConfirmOpen href=links.open(SUSPEND, &client_id) label="Suspend" class=REJECT
                aria_label=format!("Suspend {display_name}") />
        }
        .into_any()
    }
}

/// Suspends a client after asking for the reason its developers are told.
#[component]
pub(super) fn SuspendDialog(
    client_id: String,
    display_name: String,
    suspend: ServerAction<SetSuspended>,
    close: String,
) -> impl IntoView {
    let confirmation = Confirmation {
        question: format!("Suspend {display_name}?"),
        consequence: "It gets no tokens from now on, and the tokens it holds stop working at once. Its developers are told, with your reason; you can reinstate it later.".into(),
        verb: "Suspend".into(),
    };
    view! {
        <ActionForm action=suspend>
            <ConfirmDialog confirmation close successes=successes(suspend) error=FormErrors::of(suspend)>
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="suspended" value="true" />
                <label for="suspend-reason" class="block text-sm font-medium">"Reason"</label>
                <input id="suspend-reason" name="reason" required placeholder="e.g. leaked secret, abuse report"
                    class=format!("mt-1 w-full {SMALL_INPUT}") />
            </ConfirmDialog>
        </ActionForm>
    }
}
