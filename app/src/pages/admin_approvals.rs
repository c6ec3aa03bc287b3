use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{CARD, H1, LINK, MUTED};
use crate::api::approvals::{DecideClient, DecideScope};
use crate::api::catalog::pending_clients;
use crate::components::{
    ErrorView, FormErrors, FormMessage, Pager, RequireAdmin, ShortClientId, format_time, href_with,
    org_label,
};
use crate::error::AppError;
use crate::ids;
use crate::model::{PendingClient, PendingScope, QUEUE_PAGE_SIZE};

pub(super) const SMALL_INPUT: &str = "rounded-md border border-gray-400 bg-white px-2 py-1 text-sm text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
pub(super) const GRANT: &str = "rounded-md border border-green-700 px-2 py-1 text-sm text-green-900 hover:bg-green-50 dark:text-green-200 dark:hover:bg-green-950";
pub(super) const REJECT: &str = "rounded-md border border-red-600 px-2 py-1 text-sm text-red-800 hover:bg-red-50 dark:text-red-200 dark:hover:bg-red-950";

/// The row forms share one action each, so a field error (a missing
/// reason) is shown once, above the list.
pub(super) fn shown_above(errors: FormErrors) -> Signal<Option<AppError>> {
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
    let changed = move || (decide.version().get(), decide_all.version().get());
    // The queue pages on by `?after=`, in the address.
    let after = move || use_query_map().with(|p| p.get("after"));
    let pending = Resource::new(
        move || (after(), changed()),
        |(after, _)| pending_clients(after),
    );
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Approvals"</h1>
            <p class=MUTED>"Every client, to find one or suspend it: " <a href="/admin/clients" class=LINK>"All clients"</a></p>
            <section class=CARD aria-labelledby="queue-heading">
                <h2 id="queue-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Waiting for approval"</h2>
                <p class=format!("mt-1 {MUTED}")>{format!("Oldest first, {QUEUE_PAGE_SIZE} at a time.")} " Decide each scope, or the whole client. A rejection needs a reason: the developer sees it on the client's page. A client with nothing left waiting becomes active, with only its granted scopes."</p>
                <FormMessage error=shown_above(FormErrors::of(decide)) />
                <FormMessage error=shown_above(FormErrors::of(decide_all)) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match pending.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(page) if page.rows.is_empty() && after().is_none() => view! {
                                <p class=format!("mt-4 {MUTED}") data-testid=ids::APPROVALS_EMPTY>"Nothing is waiting."</p>
                            }.into_any(),
                            Ok(page) => view! {
                                <ul class="my-4 space-y-4" data-testid=ids::APPROVALS_QUEUE>
                                    {page.rows.into_iter().map(|c| view! { <PendingItem client=c decide decide_all /> }).collect_view()}
                                </ul>
                                <Pager label="the queue" size=QUEUE_PAGE_SIZE next_testid=ids::APPROVALS_NEXT
                                    first=after().map(|_| "/admin/approvals".to_owned())
                                    next=page.next_after.map(|a| href_with("/admin/approvals", &[("after", Some(&a))])) />
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
        redirect_uris,
        created_by,
        system_name,
        confirmed_by,
        created_at,
    } = client;
    let origin = match (system_name, confirmed_by, created_by) {
        (Some(system), Some(who), _) => {
            format!("Created by the system {system}, confirmed by {who}")
        }
        (Some(system), None, _) => format!("Created by the system {system}"),
        (None, _, Some(who)) => format!("Registered in the portal by {who}"),
        (None, _, None) => "Registered in the portal".to_owned(),
    };
    let view_href = format!("/admin/clients/{client_id}");
    view! {
        <li class="rounded-md border border-gray-200 p-4 dark:border-gray-800" data-testid=ids::APPROVAL_CARD>
            <p class="font-medium text-gray-900 dark:text-gray-100">
                <a href=view_href class=LINK title="Every field, its history, suspend">{display_name.clone()}</a>
                <span class=MUTED data-testid=ids::APPROVAL_ORG>{format!(" by {}", org_label(&org_name, org_number.as_deref()))}</span>
            </p>
            <p><ShortClientId id=client_id.clone() /></p>
            <p class="text-xs text-gray-600 dark:text-gray-300" data-testid=ids::APPROVAL_ORIGIN>{format!("{origin} · waiting since {}", format_time(created_at))}</p>
            <RedirectUris uris=redirect_uris />
            <WholeClient client_id=client_id.clone() display_name=display_name.clone() decide_all />
            <ul class="mt-3 space-y-3">
                {pending_scopes.into_iter().map(|scope| view! {
                    <PendingScopeRow client_id=client_id.clone() display_name=display_name.clone() scope decide />
                }).collect_view()}
            </ul>
        </li>
    }
}

/// Where the client sends people after sign-in: what an admin checks
/// before granting it access to anyone's data.
#[component]
fn RedirectUris(uris: Vec<String>) -> impl IntoView {
    view! {
        <div class="mt-2 text-sm" data-testid=ids::APPROVAL_REDIRECTS>
            <p class="font-medium text-gray-700 dark:text-gray-300">"Redirect URIs"</p>
            {if uris.is_empty() {
                view! { <p class=MUTED>"None: it signs in no one (machine to machine)."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-1 space-y-0.5">
                        {uris.into_iter().map(|uri| view! {
                            <li class="break-all font-mono text-xs text-gray-900 dark:text-gray-100">{uri}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// One requested scope, what it gives access to, and its two decisions.
#[component]
fn PendingScopeRow(
    client_id: String,
    display_name: String,
    scope: PendingScope,
    decide: ServerAction<DecideScope>,
) -> impl IntoView {
    let PendingScope {
        scope,
        description,
        resource,
    } = scope;
    let reason_id = format!(
        "reject-{}-{}",
        client_id.replace('.', "-"),
        scope.replace(':', "-")
    );
    let grant_label = format!("Grant {scope} to {display_name}");
    let reject_label = format!("Reject {scope} for {display_name}");
    let reason_label = format!("Reason to reject {scope} for {display_name}");
    let what = match (description.is_empty(), resource.is_empty()) {
        (true, _) => "No longer in the catalog.".to_owned(),
        (false, true) => description,
        (false, false) => format!("{description} — for {resource}"),
    };
    let (id_a, scope_a) = (client_id.clone(), scope.clone());
    view! {
        <li class="flex flex-wrap items-center gap-3" data-testid=ids::APPROVAL_SCOPE>
            <div class="min-w-0 basis-full sm:basis-64">
                <code class="font-mono text-sm text-gray-900 dark:text-gray-100">{scope.clone()}</code>
                <p class="text-xs text-gray-700 dark:text-gray-300">{what}</p>
            </div>
            <ActionForm action=decide>
                <input type="hidden" name="client_id" value=id_a />
                <input type="hidden" name="scope" value=scope_a />
                <input type="hidden" name="decision" value="grant" />
                <button type="submit" class=GRANT aria-label=grant_label>"Grant"</button>
            </ActionForm>
            <ActionForm action=decide attr:class="flex flex-wrap items-center gap-2">
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="scope" value=scope />
                <input type="hidden" name="decision" value="reject" />
                <label for=reason_id.clone() class="sr-only">{reason_label}</label>
                <input id=reason_id name="reason" required placeholder="Reason to reject" class=SMALL_INPUT />
                <button type="submit" class=REJECT aria-label=reject_label>"Reject"</button>
            </ActionForm>
        </li>
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
