use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{H1, MUTED};
use crate::api::catalog::audit_log;
use crate::components::{AuditTable, ErrorView, RequireAdmin};
use crate::ids;

/// `/admin/audit?client_id=…&actor=…`: every change, newest first.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! {
        <Title text="Audit log" />
        <RequireAdmin children=|| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| (q.get("client_id"), q.get("actor"), q.get("org_id")));
    let entries = Resource::new(filter, |(client_id, actor, org_id)| {
        audit_log(client_id, actor, org_id)
    });
    let input = "block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Audit log"</h1>
            <p class=MUTED>"Every change by anyone, newest first (at most 500 rows). Secret values never appear here."</p>
            <form method="get" action="/admin/audit" data-testid=ids::AUDIT_FILTER class="flex flex-wrap items-end gap-3">
                <div>
                    <label for="filter-client" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Client id"</label>
                    <input id="filter-client" name="client_id" class=input value=move || filter().0 />
                </div>
                <div>
                    <label for="filter-actor" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Actor email"</label>
                    <input id="filter-actor" name="actor" type="email" class=input value=move || filter().1 />
                </div>
                {move || filter().2.map(|org_id| view! { <input type="hidden" name="org_id" value=org_id /> })}
                <button type="submit" class="rounded-md border border-gray-400 px-3 py-2 text-sm text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">"Filter"</button>
                <a href="/admin/audit" class="px-3 py-2 text-sm text-indigo-700 underline dark:text-indigo-300">"Clear"</a>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(rows) => view! { <AuditTable rows test_id=ids::AUDIT_TABLE /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
