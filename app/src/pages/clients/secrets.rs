use leptos::prelude::*;
use leptos::server::ServerAction;

use super::detail::ClientActions;
use crate::api::clients::{CreateSecret, RevokeSecret};
use crate::components::{
    CredentialTable, ExpiryChoice, Field, FormErrors, FormMessage, Pager, ReadOnly, RevokeButton,
    ShownOnce, first_page_href, next_page_href,
};
use crate::domain::ClientKind;
use crate::ids;
use crate::model::{ClientDetail, CredentialInfo, ListPage};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub fn SecretsTab(
    detail: ClientDetail,
    secrets: ListPage<CredentialInfo>,
    /// The client page's address, for the page links.
    base: String,
    actions: ClientActions,
    /// Developers and owners; viewers only read.
    can_write: bool,
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
            {if can_write {
                view! { <NewSecretForm client_id=client_id.clone() create=actions.create_secret /> }.into_any()
            } else {
                view! { <ReadOnly /> }.into_any()
            }}
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Secrets"</h2>
                <p class=format!("mt-1 {MUTED}")>
                    "Several secrets can be active at once: add a new one, switch your app over, then revoke the old one."
                </p>
                <FormMessage error=FormErrors::of(revoke) />
                {
                    let here = format!("{base}?tab=secrets");
                    let next = next_page_href(&here, &secrets);
                    let first = first_page_href(&here);
                    if secrets.rows.is_empty() {
                        view! { <p class=format!("mt-4 {MUTED}")>"No secrets yet."</p> }.into_any()
                    } else {
                        view! {
                            <SecretTable rows=secrets.rows client_id revoke can_write />
                            <div class="mt-4"><Pager label="secrets" first next next_testid=ids::SECRETS_NEXT /></div>
                        }.into_any()
                    }
                }
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
                <ShownOnce credential=secret what="secret" value_testid=ids::SECRET_VALUE show_id=true />
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
    rows: Vec<CredentialInfo>,
    client_id: String,
    revoke: ServerAction<RevokeSecret>,
    can_write: bool,
) -> impl IntoView {
    let revoke_form = move |s: &CredentialInfo| {
        if !can_write {
            return None;
        }
        let (client_id, id) = (client_id.clone(), s.id.clone());
        let label = format!("Revoke secret {}", s.description);
        Some(view! {
            <ActionForm action=revoke>
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="secret_id" value=id />
                <RevokeButton label />
            </ActionForm>
        })
    };
    view! { <CredentialTable rows testid=ids::SECRETS_TABLE id_column="Secret ID" revoke=revoke_form /> }
}
