//! The Automation tab: API keys that the system sends as `api-key`.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::detail::KeyActions;
use crate::api::systems::{CreateApiKey, RevokeApiKey};
use crate::components::{
    CopyButton, ExpiryChoice, Field, FormErrors, FormMessage, format_date, format_time,
};
use crate::ids;
use crate::model::{ApiKeyInfo, SecretState, SystemSummary};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub(super) fn AutomationTab(
    system: SystemSummary,
    keys: Vec<ApiKeyInfo>,
    actions: KeyActions,
    public_url: String,
) -> impl IntoView {
    let revoke = actions.revoke;
    let example = format!(
        "curl -X POST {public_url}/api/v1/client-drafts \\\n  -H 'api-key: <your key>' -H 'content-type: application/json' \\\n  -d '{{\"name\": \"Clinic 42\", \"scopes\": [\"{}\"], \"grant_types\": [\"client_credentials\"]{}}}'",
        system.scopes.first().cloned().unwrap_or_default(),
        if system.auth_method == "private_key_jwt" {
            ", \"jwk\": { <public JWK> }"
        } else {
            ""
        },
    );
    view! {
        <div class="space-y-6">
            <NewKeyForm system_id=system.system_id.clone() create=actions.create />
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"API keys"</h2>
                <p class=format!("mt-1 {MUTED}")>"Several keys can be active at once, so you can rotate without downtime. A revoked or expired key is refused with 401."</p>
                <FormMessage error=FormErrors::of(revoke) />
                {if keys.is_empty() {
                    view! { <p class=format!("mt-4 {MUTED}")>"No API keys yet."</p> }.into_any()
                } else {
                    view! { <KeyTable rows=keys system_id=system.system_id.clone() revoke /> }.into_any()
                }}
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Create a draft"</h2>
                <pre class="mt-2 overflow-x-auto rounded bg-gray-100 p-3 font-mono text-xs text-gray-900 dark:bg-gray-800 dark:text-gray-100">{example}</pre>
            </section>
        </div>
    }
}

#[component]
fn NewKeyForm(system_id: String, create: ServerAction<CreateApiKey>) -> impl IntoView {
    let error = FormErrors::of(create);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"New API key"</h2>
            {move || create.value().get().and_then(Result::ok).map(|key| view! {
                <div role="status" class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                    <p class="font-semibold">"Copy this API key now. It is shown only once and cannot be shown again."</p>
                    <div class="mt-2 flex flex-wrap items-center gap-2">
                        <code data-testid=ids::API_KEY_VALUE class="break-all rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100">{key.value.clone()}</code>
                        <CopyButton text=key.value.clone() label="Copy API key" />
                    </div>
                    <p class="mt-2 text-sm">{format!("Expires {}", format_date(key.info.expires_at))}</p>
                </div>
            })}
            <ActionForm action=create attr:data-testid=ids::API_KEY_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="system_id" value=system_id />
                <Field name="description" label="Description" hint="Where it is used, e.g. \"build server\"." required=true error=error.field("description") />
                <ExpiryChoice error=error.field("expiry") />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::API_KEY_SUBMIT disabled=move || create.pending().get()>"Create API key"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn KeyTable(
    rows: Vec<ApiKeyInfo>,
    system_id: String,
    revoke: ServerAction<RevokeApiKey>,
) -> impl IntoView {
    view! {
        <div class="mt-4 overflow-x-auto">
            <table data-testid=ids::API_KEYS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Description"</th>
                    <th scope="col" class="py-2 pr-4">"Hint"</th>
                    <th scope="col" class="py-2 pr-4">"Created"</th>
                    <th scope="col" class="py-2 pr-4">"Expires"</th>
                    <th scope="col" class="py-2 pr-4">"Last used"</th>
                    <th scope="col" class="py-2 pr-4">"Status"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|k| {
                        let live = matches!(k.state, SecretState::Active | SecretState::ExpiringSoon);
                        let label = format!("Revoke API key {}", k.description);
                        let system_id = system_id.clone();
                        let key_id = k.key_id.clone();
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">{k.description.clone()}</td>
                                <td class="py-2 pr-4 font-mono">{format!("{}…", k.hint)}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(k.created_at)}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(k.expires_at)}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{k.last_used_at.map_or_else(|| "never".to_owned(), format_time)}</td>
                                <td class="py-2 pr-4">{k.state.label()}</td>
                                <td class="py-2 pr-4">
                                    {live.then(|| view! {
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="system_id" value=system_id />
                                            <input type="hidden" name="key_id" value=key_id />
                                            <button type="submit" aria-label=label
                                                class="rounded-md border border-red-600 px-2 py-1 text-red-800 hover:bg-red-50 dark:text-red-200 dark:hover:bg-red-950">
                                                "Revoke"
                                            </button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
