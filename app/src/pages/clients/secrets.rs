use leptos::prelude::*;
use leptos::server::ServerAction;

use super::detail::ClientActions;
use crate::api::clients::{CreateSecret, RevokeSecret};
use crate::components::{
    CopyButton, ExpiryChoice, Field, FormErrors, FormMessage, format_date, format_time,
};
use crate::domain::ClientKind;
use crate::ids;
use crate::model::{ClientDetail, SecretInfo, SecretState};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub fn SecretsTab(
    detail: ClientDetail,
    secrets: Vec<SecretInfo>,
    actions: ClientActions,
) -> impl IntoView {
    if detail.kind == ClientKind::Public {
        return view! {
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Secrets"</h2>
                <p class=format!("mt-2 {MUTED}")>"Public clients cannot keep a secret, so they have none: they prove themselves with PKCE."</p>
            </section>
        }
        .into_any();
    }
    let revoke = actions.revoke_secret;
    let client_id = detail.client_id.clone();
    view! {
        <div class="space-y-6">
            <NewSecretForm client_id=client_id.clone() create=actions.create_secret />
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Secrets"</h2>
                <p class=format!("mt-1 {MUTED}")>
                    "Several secrets can be active at once: add a new one, switch your app over, then revoke the old one."
                </p>
                <FormMessage error=FormErrors::of(revoke) />
                {if secrets.is_empty() {
                    view! { <p class=format!("mt-4 {MUTED}")>"No secrets yet."</p> }.into_any()
                } else {
                    view! { <SecretTable rows=secrets client_id revoke /> }.into_any()
                }}
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn NewSecretForm(client_id: String, create: ServerAction<CreateSecret>) -> impl IntoView {
    let error = FormErrors::of(create);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"New secret"</h2>
            {move || create.value().get().and_then(Result::ok).map(|secret| view! {
                <div role="status" class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                    <p class="font-semibold">"Copy this secret now. It is shown only once and cannot be shown again."</p>
                    <div class="mt-2 flex flex-wrap items-center gap-2">
                        <code data-testid=ids::SECRET_VALUE class="break-all rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100">{secret.value.clone()}</code>
                        <CopyButton text=secret.value.clone() label="Copy secret value" />
                    </div>
                    <p class="mt-2 text-sm">{format!("Secret ID {} · expires {}", secret.info.secret_id, format_date(secret.info.expires_at))}</p>
                </div>
            })}
            <ActionForm action=create attr:data-testid=ids::SECRET_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="client_id" value=client_id />
                <Field name="description" label="Description" hint="Where it is used, e.g. \"production\"." required=true error=error.field("description") />
                <ExpiryChoice error=error.field("expiry") />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::SECRET_SUBMIT disabled=move || create.pending().get()>"Create secret"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SecretTable(
    rows: Vec<SecretInfo>,
    client_id: String,
    revoke: ServerAction<RevokeSecret>,
) -> impl IntoView {
    view! {
        <div class="mt-4 overflow-x-auto">
            <table data-testid=ids::SECRETS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Description"</th>
                    <th scope="col" class="py-2 pr-4">"Hint"</th>
                    <th scope="col" class="py-2 pr-4">"Secret ID"</th>
                    <th scope="col" class="py-2 pr-4">"Created"</th>
                    <th scope="col" class="py-2 pr-4">"Expires"</th>
                    <th scope="col" class="py-2 pr-4">"Last used"</th>
                    <th scope="col" class="py-2 pr-4">"Status"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|s| {
                        let live = matches!(s.state, SecretState::Active | SecretState::ExpiringSoon);
                        let label = format!("Revoke secret {}", s.description);
                        let client_id = client_id.clone();
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">{s.description.clone()}</td>
                                <td class="py-2 pr-4 font-mono">{format!("{}…", s.hint)}</td>
                                <td class="py-2 pr-4 font-mono text-xs">{s.secret_id.clone()}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(s.created_at)}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(s.expires_at)}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{s.last_used_at.map_or_else(|| "never".to_owned(), format_time)}</td>
                                <td class="py-2 pr-4">{s.state.label()}</td>
                                <td class="py-2 pr-4">
                                    {live.then(|| view! {
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="client_id" value=client_id />
                                            <input type="hidden" name="secret_id" value=s.secret_id.clone() />
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
