use leptos::prelude::*;
use leptos::server::ServerAction;

use super::detail::Tab;
use crate::api::clients::{CreateSecret, RevokeSecret};
use crate::components::{
    ConfirmButton, Confirmation, CredentialTable, ExpiryChoice, Field, FormErrors, FormMessage,
    Pager, ReadOnly, ShownOnce, answer, first_page_href, next_page_href,
};
use crate::domain::ClientKind;
use crate::ids;
use crate::model::{ClientDetail, CredentialInfo, ListPage};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub fn SecretsTab(
    detail: ClientDetail,
    secrets: ListPage<CredentialInfo>,
    /// The longest a new secret may live, in months.
    max_months: u32,
    create: ServerAction<CreateSecret>,
    revoke: ServerAction<RevokeSecret>,
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
    let client_id = detail.client_id.clone();
    // A secret revoked while its value is still on the page takes the
    // value with it (the list is reloaded after each revocation).
    let revoked: Vec<String> = secrets
        .rows
        .iter()
        .filter(|s| s.revoked_at.is_some())
        .map(|s| s.id.clone())
        .collect();
    view! {
        <div class="space-y-6">
            {if can_write {
                view! { <NewSecretForm client_id=client_id.clone() create max_months revoked /> }.into_any()
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
                    let here = Tab::Secrets.href(&client_id);
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
fn NewSecretForm(
    client_id: String,
    create: ServerAction<CreateSecret>,
    max_months: u32,
    /// Secrets on the page that are revoked: their values are not shown.
    revoked: Vec<String>,
) -> impl IntoView {
    let error = FormErrors::of(create);
    let new_secret = answer(create);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"New secret"</h2>
            {move || new_secret.get().filter(|s| !revoked.contains(&s.info.id)).map(|secret| view! {
                <ShownOnce credential=secret what="secret" value_testid=ids::SECRET_VALUE show_id=true />
            })}
            <ActionForm action=create attr:data-testid=ids::SECRET_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="client_id" value=client_id />
                <Field name="description" label="Description" hint="Where it is used, e.g. \"production\"." required=true error=error.field("description") />
                <ExpiryChoice max_months error=error.field("expiry") date_error=error.field("custom_date") />
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
        let aria_label = format!("Revoke secret {}", s.description);
        let confirmation = Confirmation {
            question: format!("Revoke secret \u{201c}{}\u{201d}?", s.description),
            consequence: format!(
                "Apps using the secret starting {}… stop getting tokens at once. This cannot be undone.",
                s.hint
            ),
            verb: "Revoke secret".into(),
        };
        Some(view! {
            <ActionForm action=revoke>
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="secret_id" value=id.clone() />
                <ConfirmButton label="Revoke" aria_label key=id confirmation />
            </ActionForm>
        })
    };
    view! { <CredentialTable rows testid=ids::SECRETS_TABLE id_column="Secret ID" revoke=revoke_form /> }
}
