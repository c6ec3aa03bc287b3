use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{H1, MUTED};
use crate::api::catalog::audit_log;
use crate::components::{AuditTable, ErrorView, RequireAdmin};
use crate::ids;
use crate::model::{AuditQuery, PAGE_SIZE};

/// `/admin/audit?client_id=…&actor=…&action=…&from=…&to=…&before=…`:
/// every change, newest first, a page at a time; the filters and the page
/// live in the address.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! {
        <Title text="Audit log" />
        <RequireAdmin children=|| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let params = use_query_map();
    let get = move |k: &str| params.with(|p| p.get(k)).filter(|v| !v.is_empty());
    let query = move || AuditQuery {
        client_id: get("client_id"),
        actor: get("actor"),
        org_id: get("org_id"),
        action: get("action"),
        from: get("from"),
        to: get("to"),
    };
    let before = move || get("before").and_then(|b| b.parse::<i64>().ok());
    let entries = Resource::new(move || (query(), before()), |(q, b)| audit_log(q, b));
    let input = "block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
    let label = "block text-sm font-medium text-gray-900 dark:text-gray-100";
    let button = "rounded-md border border-gray-400 px-3 py-2 text-sm text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";
    let field =
        move |id: &'static str, name: &'static str, text: &'static str, kind: &'static str| {
            view! {
                <div>
                    <label for=id class=label>{text}</label>
                    <input id=id name=name type=kind class=input value=move || get(name) />
                </div>
            }
        };
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Audit log"</h1>
            <p class=MUTED>"Every change by anyone, newest first, 50 a page. Secret values never appear here."</p>
            <form method="get" action="/admin/audit" data-testid=ids::AUDIT_FILTER class="flex flex-wrap items-end gap-3">
                {field("filter-client", "client_id", "Client id or part of it", "text")}
                {field("filter-actor", "actor", "Actor email", "email")}
                {field("filter-action", "action", "Action", "text")}
                {field("filter-from", "from", "From (UTC)", "date")}
                {field("filter-to", "to", "To (UTC)", "date")}
                {move || get("org_id").map(|org_id| view! { <input type="hidden" name="org_id" value=org_id /> })}
                <button type="submit" class=button>"Filter"</button>
                <a href="/admin/audit" class="px-3 py-2 text-sm text-indigo-700 underline dark:text-indigo-300">"Clear"</a>
                <a href=move || query().href("/admin/audit.csv", &[]) download="portico-audit.csv"
                    data-testid=ids::AUDIT_CSV class=button>"Download CSV"</a>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) => {
                            let newest = before().is_some().then(|| query().href("/admin/audit", &[]));
                            let older = page.next_before.map(|b| query().href("/admin/audit", &[("before", Some(&b.to_string()))]));
                            view! {
                                <AuditTable rows=page.entries test_id=ids::AUDIT_TABLE />
                                <nav aria-label="Pages of the audit log" class="flex flex-wrap gap-3">
                                    {newest.map(|href| view! { <a href=href class=button>"Newest"</a> })}
                                    {older.map(|href| view! { <a href=href class=button data-testid=ids::AUDIT_OLDER>{format!("Older {PAGE_SIZE}")}</a> })}
                                </nav>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}
