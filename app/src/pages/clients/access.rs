//! A client's Access tab: the scopes it asks for and whether each is granted.

use leptos::prelude::*;

use crate::ids;
use crate::model::{ClientDetail, ScopeAccess};
use crate::pages::{CARD, MUTED};

#[component]
pub(super) fn AccessTab(detail: ClientDetail) -> impl IntoView {
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
