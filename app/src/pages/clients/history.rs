//! A client's History tab: every change to it, newest first, a page at a time.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::{Pager, format_time};
use crate::ids;
use crate::model::{AuditPage, PAGE_SIZE};
use crate::pages::{CARD, MUTED};

#[component]
pub(super) fn HistoryTab(page: AuditPage, base: String) -> impl IntoView {
    let AuditPage {
        entries,
        next_before,
    } = page;
    let here = base;
    let first = use_query_map()
        .with_untracked(|q| q.get("before"))
        .map(|_| here.clone());
    let next = next_before.map(|b| format!("{here}?before={b}"));
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
