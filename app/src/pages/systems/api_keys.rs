//! The Automation tab: API keys that the system sends as `api-key`.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::detail::KeyActions;
use crate::api::systems::{CreateApiKey, RevokeApiKey};
use crate::components::{
    ConfirmButton, Confirmation, CredentialTable, ExpiryChoice, Field, FormErrors, FormMessage,
    Pager, ReadOnly, ShownOnce, answer, first_page_href, next_page_href,
};
use crate::domain::AuthMethod;
use crate::ids;
use crate::model::{CredentialInfo, ListPage, SystemSummary};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub(super) fn AutomationTab(
    system: SystemSummary,
    /// One page of keys (`?tab=automation&after=`).
    keys: ListPage<CredentialInfo>,
    actions: KeyActions,
    public_url: String,
    /// The longest a new key may live, in months.
    max_months: u32,
    can_write: bool,
) -> impl IntoView {
    let revoke = actions.revoke;
    let example = format!(
        "curl -X POST {public_url}/api/v1/client-drafts \\\n  -H 'api-key: <your key>' -H 'content-type: application/json' \\\n  -d '{{\"name\": \"Clinic 42\", \"scopes\": [\"{}\"], \"grant_types\": [\"client_credentials\"]{}}}'",
        system.scopes.first().cloned().unwrap_or_default(),
        if system.auth_method == AuthMethod::PrivateKeyJwt {
            ", \"jwk\": { <public JWK> }"
        } else {
            ""
        },
    );
    view! {
        <div class="space-y-6">
            {if can_write {
                view! { <NewKeyForm system_id=system.system_id.clone() create=actions.create max_months /> }.into_any()
            } else {
                view! { <ReadOnly /> }.into_any()
            }}
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"API keys"</h2>
                <p class=format!("mt-1 {MUTED}")>"Several keys can be active at once, so you can rotate without downtime. A revoked or expired key is refused with 401."</p>
                <FormMessage error=FormErrors::of(revoke) />
                {
                    let here = format!("/systems/{}?tab=automation", system.system_id);
                    let next = next_page_href(&here, &keys);
                    let first = first_page_href(&here);
                    if keys.rows.is_empty() {
                        view! { <p class=format!("mt-4 {MUTED}")>"No API keys yet."</p> }.into_any()
                    } else {
                        view! {
                            <KeyTable rows=keys.rows system_id=system.system_id.clone() revoke can_write />
                            <div class="mt-4"><Pager label="API keys" first next next_testid=ids::API_KEYS_NEXT /></div>
                        }.into_any()
                    }
                }
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Create a draft"</h2>
                <pre class="mt-2 overflow-x-auto rounded bg-gray-100 p-3 font-mono text-xs text-gray-900 dark:bg-gray-800 dark:text-gray-100">{example}</pre>
            </section>
        </div>
    }
}

#[component]
fn NewKeyForm(
    system_id: String,
    create: ServerAction<CreateApiKey>,
    max_months: u32,
) -> impl IntoView {
    let error = FormErrors::of(create);
    let new_key = answer(create);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"New API key"</h2>
            {move || new_key.get().map(|key| view! {
                <ShownOnce credential=key what="API key" value_testid=ids::API_KEY_VALUE />
            })}
            <ActionForm action=create attr:data-testid=ids::API_KEY_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="system_id" value=system_id />
                <Field name="description" label="Description" hint="Where it is used, e.g. \"build server\"." required=true error=error.field("description") />
                <ExpiryChoice max_months error=error.field("expiry") date_error=error.field("custom_date") />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::API_KEY_SUBMIT disabled=move || create.pending().get()>"Create API key"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn KeyTable(
    rows: Vec<CredentialInfo>,
    system_id: String,
    revoke: ServerAction<RevokeApiKey>,
    can_write: bool,
) -> impl IntoView {
    let revoke_form = move |k: &CredentialInfo| {
        let (system_id, id) = (system_id.clone(), k.id.clone());
        let label = format!("Revoke API key {}", k.description);
        let confirmation = Confirmation {
            question: format!("Revoke API key \u{201c}{}\u{201d}?", k.description),
            consequence: format!(
                "Programs using the key starting {}… are refused with 401 at once and can no longer create drafts. This cannot be undone.",
                k.hint
            ),
            verb: "Revoke API key".into(),
        };
        can_write.then(|| {
            view! {
                <ActionForm action=revoke>
                    <input type="hidden" name="system_id" value=system_id />
                    <input type="hidden" name="key_id" value=id.clone() />
                    <ConfirmButton label="Revoke" aria_label=label key=id confirmation />
                </ActionForm>
            }
        })
    };
    view! { <CredentialTable rows testid=ids::API_KEYS_TABLE revoke=revoke_form /> }
}
