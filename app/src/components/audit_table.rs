use leptos::prelude::*;

use crate::components::{ShortClientId, format_time};
use crate::model::AuditEntry;

/// Audit entries, newest first: when, who, what, which client, and the
/// change itself behind a disclosure.
#[component]
pub fn AuditTable(rows: Vec<AuditEntry>, test_id: &'static str) -> impl IntoView {
    view! {
        <div class="relative overflow-x-auto">
            <table data-testid=test_id class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"When"</th>
                    <th scope="col" class="py-2 pr-4">"Who"</th>
                    <th scope="col" class="py-2 pr-4">"What"</th>
                    <th scope="col" class="py-2 pr-4">"Client"</th>
                    <th scope="col" class="py-2 pr-4">"Change"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|e| view! {
                        <tr class="align-top text-gray-900 dark:text-gray-100">
                            <td class="py-2 pr-4 whitespace-nowrap">{format_time(e.at)}</td>
                            <td class="py-2 pr-4">{e.actor_email.unwrap_or_else(|| "system".into())}</td>
                            <td class="py-2 pr-4 font-mono">{e.action}</td>
                            <td class="py-2 pr-4">{e.client_id.map(|id| view! { <ShortClientId id /> })}</td>
                            <td class="py-2 pr-4">
                                <details>
                                    <summary class="cursor-pointer">"Before / after"</summary>
                                    <pre class="mt-2 max-w-xl overflow-x-auto whitespace-pre-wrap text-xs">{format!("before: {}\nafter: {}", e.before.unwrap_or_else(|| "—".into()), e.after.unwrap_or_else(|| "—".into()))}</pre>
                                </details>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
