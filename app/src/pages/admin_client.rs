//! `/admin/clients/:id`: one client as its developers see it, read-only,
//! with its history and suspend / reinstate, for admins.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::admin_approvals::shown_above;
use super::admin_clients::{SUSPEND, SuspendControl, SuspendDialog};
use super::clients::{Overview, StatusBadge};
use super::{CARD, H1, LINK, MUTED};
use crate::api::approvals::{SetSuspended, client_for_admin};
use crate::api::catalog::audit_log;
use crate::components::{
    AuditTable, ConfirmLinks, ErrorView, FormErrors, FormMessage, RequireAdmin, open_confirmation,
};
use crate::error::AppError;
use crate::ids;
use crate::model::{AuditPage, AuditQuery, ClientDetail, ClientStatus};

#[component]
pub fn AdminClientPage() -> impl IntoView {
    view! {
        <Title text="Client" />
        <RequireAdmin children=|| view! { <AdminClient /> } />
    }
}

#[component]
fn AdminClient() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let suspend = ServerAction::<SetSuspended>::new();
    let client = Resource::new(
        move || (id(), suspend.version().get()),
        |(id, _)| client_for_admin(id),
    );
    let history = Resource::new(
        move || (id(), suspend.version().get()),
        |(id, _)| {
            let query = AuditQuery {
                client_id: Some(id),
                ..AuditQuery::default()
            };
            audit_log(query, None)
        },
    );
    let (links, open) = (ConfirmLinks::current(), open_confirmation());
    view! {
        <div class="space-y-6">
            <p class="text-sm"><a href="/admin/clients" class=LINK>"← All clients"</a></p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match client.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(detail) => view! { <Client detail suspend history links=links.get() /> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || {
                    let open = open.get().filter(|(action, _)| action == SUSPEND);
                    Suspend::new(async move {
                        let (_, id) = open?;
                        let detail = client.await.ok().filter(|d| d.client_id == id)?;
                        (detail.status != ClientStatus::Suspended).then(|| view! {
                            <SuspendDialog client_id=detail.client_id display_name=detail.display_name suspend
                                close=links.get_untracked().close() />
                        })
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn Client(
    detail: ClientDetail,
    suspend: ServerAction<SetSuspended>,
    history: Resource<Result<AuditPage, AppError>>,
    links: ConfirmLinks,
) -> impl IntoView {
    let client_id = detail.client_id.clone();
    let name = detail.display_name.clone();
    let suspended = detail.status == ClientStatus::Suspended;
    let waiting = detail.standing().scopes.pending > 0;
    let org_href = format!("/admin/organisations/{}", detail.org_id);
    let history_href = AuditQuery {
        client_id: Some(client_id.clone()),
        ..AuditQuery::default()
    }
    .href("/admin/audit", &[]);
    view! {
        <Title text=name.clone() />
        <div class="flex flex-wrap items-start justify-between gap-4">
            <div class="min-w-0">
                <h1 class=H1>{name.clone()}</h1>
                <p class=MUTED>"Owned by " <a href=org_href class=LINK>{detail.org_name.clone()}</a></p>
            </div>
            <div class="flex flex-wrap items-center gap-3" data-testid=ids::ADMIN_CLIENT_STATUS>
                <StatusBadge standing=detail.standing() />
                <SuspendControl client_id=client_id.clone() display_name=name suspended suspend links />
            </div>
        </div>
        <FormMessage error=shown_above(FormErrors::of(suspend)) />
        {detail.status_reason.clone().map(|reason| view! {
            <p class="text-sm text-gray-900 dark:text-gray-100">{format!("Reason given: {reason}")}</p>
        })}
        {waiting.then(|| view! {
            <p class="text-sm text-gray-900 dark:text-gray-100">
                "Scopes wait for a decision: " <a href="/admin/approvals" class=LINK>"Approvals"</a>
            </p>
        })}
        <Overview detail issuer=None can_write=false />
        <History entries=history history_href />
    }
}

/// The newest changes to the client, with the way to all of them.
#[component]
fn History(entries: Resource<Result<AuditPage, AppError>>, history_href: String) -> impl IntoView {
    view! {
        <section class=CARD aria-labelledby="history-heading">
            <h2 id="history-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"History"</h2>
            <p class=format!("mt-1 {MUTED}")>"Every change to this client, newest first. "
                <a href=history_href class=LINK>"All of it in the audit log"</a></p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) => view! { <AuditTable rows=page.entries test_id=ids::ADMIN_CLIENT_HISTORY /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
