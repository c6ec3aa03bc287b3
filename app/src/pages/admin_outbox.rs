use leptos::prelude::*;
use leptos_meta::Title;

use super::{H1, MUTED};
use crate::api::admin::admin_outbox;
use crate::components::{ErrorView, RequireAdmin, format_time};
use crate::ids;
use crate::model::OutboxMessage;

/// `/admin/email`: what Portico sent, is trying to send, or gave up on.
#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    view! {
        <Title text="Email" />
        <RequireAdmin children=|| view! { <Outbox /> } />
    }
}

#[component]
fn Outbox() -> impl IntoView {
    let messages = Resource::new(|| (), |_| admin_outbox());
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Email"</h1>
            <p class=MUTED>
                "The newest 200 messages, failed ones first. A message that cannot be sent is tried again "
                "for 24 hours (30 s, then doubling up to an hour apart), then given up. Sent messages are "
                "kept 7 days; their content never is."
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(rows) if rows.is_empty() => view! { <p class=MUTED>"No email yet."</p> }.into_any(),
                        Ok(rows) => view! { <OutboxTable rows /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn OutboxTable(rows: Vec<OutboxMessage>) -> impl IntoView {
    let badge = |state: &str| match state {
        "failed" => {
            "rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900 dark:bg-red-900 dark:text-red-100"
        }
        "waiting" => {
            "rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-950 dark:bg-amber-900 dark:text-amber-100"
        }
        _ => {
            "rounded bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900 dark:bg-green-900 dark:text-green-100"
        }
    };
    view! {
        <div class="relative overflow-x-auto">
            <table data-testid=ids::ADMIN_OUTBOX_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"State"</th>
                    <th scope="col" class="py-2 pr-4">"To"</th>
                    <th scope="col" class="py-2 pr-4">"Subject"</th>
                    <th scope="col" class="py-2 pr-4">"Queued"</th>
                    <th scope="col" class="py-2 pr-4">"Attempts"</th>
                    <th scope="col" class="py-2 pr-4">"Last error"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|m| view! {
                        <tr class="align-top text-gray-900 dark:text-gray-100">
                            <td class="py-2 pr-4"><span class=badge(&m.state)>{m.state.clone()}</span></td>
                            <td class="py-2 pr-4 break-all">{m.recipient.clone()}</td>
                            <td class="py-2 pr-4">{m.subject.clone()}</td>
                            <td class="py-2 pr-4 whitespace-nowrap">{format_time(m.created_at)}</td>
                            <td class="py-2 pr-4">{m.attempts}</td>
                            <td class="py-2 pr-4 max-w-xs break-words text-xs">{m.last_error.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
