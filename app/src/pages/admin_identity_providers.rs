//! `/admin/identity-providers`: the upstream OpenID providers people can
//! sign in with ("Sign in with …"), the redirect URI to register at each,
//! adding, changing, turning off and removing one (step-up changes).
//! Providers from the config file are shown read-only. Sent without the
//! bundle: plain forms, one per provider and one to add.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::{BUTTON, BUTTON_SECONDARY, CARD, H1, MUTED};
use crate::api::upstream::{DeleteIdentityProvider, SaveIdentityProvider, identity_providers};
use crate::components::{
    ConfirmButton, Confirmation, CopyButton, ErrorView, Field, FormErrors, FormMessage,
    RequireAdmin, form_action, succeeded, successes,
};
use crate::domain::{email_domains, issuer, provider_id};
use crate::error::AppError;
use crate::ids;
use crate::model::IdentityProvider;

#[component]
pub fn AdminIdentityProvidersPage() -> impl IntoView {
    view! {
        <Title text="Sign-in providers" />
        <RequireAdmin children=|| view! { <Providers /> } />
    }
}

#[component]
fn Providers() -> impl IntoView {
    let add = ServerAction::<SaveIdentityProvider>::new();
    let remove = ServerAction::<DeleteIdentityProvider>::new();
    let (added, removed) = (successes(add), successes(remove));
    // A page sent without the bundle: every form posts and the page comes
    // back, "Saved." after any provider's form (`?done=`), an error under
    // the form that was sent (`FormErrors::of_form`).
    let saved = succeeded(add);
    let providers = Resource::new(
        move || (added.get(), removed.get()),
        |_| identity_providers(),
    );
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Sign-in providers"</h1>
            <p class=MUTED>"People can sign in to Portico with an account of these OpenID providers (your company's Entra ID, Okta, Keycloak, Google Workspace, another Portico). The first sign-in makes a Portico account, or links one that has the same verified address once its password is typed. Each person can link and unlink providers on their account page."</p>
            <FormMessage error=FormErrors::of(remove) any_field=true success=Signal::derive(move || saved.get().then(|| "Saved.".to_owned())) />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match providers.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(rows) => view! { <ProviderList rows remove /> }.into_any(),
                    }
                })}
            </Transition>
            <section class=CARD aria-labelledby="add-provider-heading">
                <h2 id="add-provider-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Add a provider"</h2>
                <p class=format!("mt-1 {MUTED}")>"Register Portico at the provider first, as a confidential web application with the authorization-code flow and the redirect URI above; then enter what it gave you. Portico reads the provider's discovery document before it saves."</p>
                <ProviderForm provider=None save=add />
            </section>
        </div>
    }
}

#[component]
fn ProviderList(
    rows: Vec<IdentityProvider>,
    remove: ServerAction<DeleteIdentityProvider>,
) -> impl IntoView {
    let redirect = rows.first().map(|p| p.redirect_uri.clone());
    view! {
        {redirect.map(|uri| view! {
            <section class=CARD>
                <h2 class="text-sm font-semibold text-gray-900 dark:text-white">"Redirect URI to register at each provider"</h2>
                <p class="mt-2 flex flex-wrap items-center gap-2">
                    <code class="break-all rounded bg-gray-100 px-2 py-1 text-sm text-gray-900 dark:bg-gray-800 dark:text-gray-100">{uri.clone()}</code>
                    <CopyButton text=uri label="Copy the redirect URI" />
                </p>
            </section>
        })}
        <ul data-testid=ids::IDENTITY_PROVIDERS class="space-y-4">
            {rows.into_iter().map(|provider| view! { <ProviderItem provider remove /> }).collect_view()}
        </ul>
    }
}

#[component]
fn ProviderItem(
    provider: IdentityProvider,
    remove: ServerAction<DeleteIdentityProvider>,
) -> impl IntoView {
    let change = ServerAction::<SaveIdentityProvider>::new();
    // Open when its form comes back with an error.
    let refused: Signal<Option<AppError>> = FormErrors::of_form(change, provider.id.clone()).into();
    let state = if provider.enabled { "On" } else { "Off" };
    let new_accounts = if provider.new_accounts_developers {
        "developers"
    } else {
        "end users"
    };
    let domains = if provider.allowed_domains.is_empty() {
        "any".to_owned()
    } else {
        provider.allowed_domains.clone()
    };
    let linked = match provider.linked {
        1 => "1 account linked".to_owned(),
        n => format!("{n} accounts linked"),
    };
    let controls = if provider.from_config {
        view! { <p class=format!("mt-3 {MUTED}")>"Set in the config file: change or remove it there."</p> }.into_any()
    } else {
        let confirmation = Confirmation {
            question: format!("Remove {}?", provider.display_name),
            consequence: format!(
                "Nobody can sign in with it any more, and the {linked} lose this way in (people without a password set one with \"Forgot your password?\")."
            ),
            verb: "Remove".into(),
        };
        let (aria_label, key) = (
            format!("Remove {}", provider.display_name),
            format!("remove-{}", provider.id),
        );
        let (editing, id) = (provider.clone(), provider.id.clone());
        view! {
            <details class="mt-3" open=move || refused.get().is_some()>
                <summary class="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">"Change"</summary>
                <ProviderForm provider=Some(editing) save=change />
            </details>
            <ActionForm action=remove attr:class="mt-3">
                <input type="hidden" name="id" value=id />
                <ConfirmButton label="Remove" aria_label key confirmation />
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <li class=CARD>
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">{provider.display_name.clone()}</h2>
                <span class="rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-gray-900 dark:bg-gray-800 dark:text-gray-100">{state}</span>
            </div>
            <dl class="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Id"</dt>
                <dd class="font-mono text-gray-900 dark:text-gray-100">{provider.id.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Issuer"</dt>
                <dd class="break-all text-gray-900 dark:text-gray-100">{provider.issuer.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Client id"</dt>
                <dd class="break-all font-mono text-gray-900 dark:text-gray-100">{provider.client_id.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Scopes"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{provider.scopes.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Email domains"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{domains}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"New accounts"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{new_accounts}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"In use"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{linked}</dd>
            </dl>
            {controls}
        </li>
    }
}

/// The fields of a provider: empty to add one, filled to change one (its
/// id fixed, the secret kept unless a new one is typed).
#[component]
fn ProviderForm(
    provider: Option<IdentityProvider>,
    save: ServerAction<SaveIdentityProvider>,
) -> impl IntoView {
    let creating = provider.is_none();
    let p = provider.unwrap_or(IdentityProvider {
        id: String::new(),
        display_name: String::new(),
        issuer: String::new(),
        client_id: String::new(),
        scopes: "openid email profile".into(),
        allowed_domains: String::new(),
        new_accounts_developers: false,
        enabled: true,
        from_config: false,
        linked: 0,
        redirect_uri: String::new(),
    });
    // Field ids unique on the page: one form per provider, and "new"; the
    // same key names the form whose error comes back.
    let at = if creating {
        "new".to_owned()
    } else {
        p.id.clone()
    };
    let error = FormErrors::of_form(save, at.clone());
    let action = form_action::<SaveIdentityProvider>(&at);
    let id = move |field: &str| format!("provider-{at}-{field}");
    let secret_hint = if creating {
        "Stored sealed; never shown again."
    } else {
        "Leave empty to keep the stored secret."
    };
    view! {
        <ActionForm action=save attr:data-testid=ids::IDENTITY_PROVIDER_FORM attr:class="mt-4 max-w-lg space-y-4">
            {if creating {
                view! {
                    <input type="hidden" name="creating" value="true" />
                    <Field name="id" id=id("id") label="Id" hint="Lowercase letters, digits and dashes; it names the provider in addresses (/login/with/corp)."
                        required=true error=error.field("id") validate=|s: &str| provider_id(s).map(|_| ()) />
                }.into_any()
            } else {
                view! { <input type="hidden" name="id" value=p.id.clone() /> }.into_any()
            }}
            <Field name="display_name" id=id("name") label="Name on the sign-in button" value=p.display_name.clone()
                hint="\"Sign in with …\"" required=true error=error.field("display_name") />
            <Field name="issuer" id=id("issuer") label="Issuer URL" value=p.issuer.clone() kind="url"
                hint="Exactly as the provider's discovery document names it, e.g. https://login.microsoftonline.com/{tenant}/v2.0"
                required=true error=error.field("issuer") validate=|s: &str| issuer(s).map(|_| ()) />
            <Field name="client_id" id=id("client-id") label="Client id" value=p.client_id.clone() required=true error=error.field("client_id") />
            <Field name="client_secret" id=id("client-secret") label="Client secret" kind="password" autocomplete="off"
                hint=secret_hint required=creating error=error.field("client_secret") />
            <Field name="scopes" id=id("scopes") label="Scopes" value=p.scopes.clone()
                hint="Space separated; openid is always asked for. email gives the address new accounts need."
                error=error.field("scopes") />
            <Field name="allowed_domains" id=id("domains") label="Allowed email domains" value=p.allowed_domains.clone()
                hint="Space separated (corp.example); empty lets any address in."
                error=error.field("allowed_domains") validate=|s: &str| email_domains(s).map(|_| ()) />
            <div>
                <label for=id("new-accounts") class="block text-sm font-medium text-gray-900 dark:text-gray-100">"A first sign-in makes"</label>
                <select id=id("new-accounts") name="new_accounts" class="mt-1 rounded-md border border-gray-400 bg-white px-2 py-1.5 text-sm text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                    <option value="end_user" selected=!p.new_accounts_developers>"an end user"</option>
                    <option value="developer" selected=p.new_accounts_developers>"a developer (registers applications)"</option>
                </select>
            </div>
            <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                <input type="checkbox" name="enabled" value="on" checked=p.enabled /> "On: shown on the sign-in page"
            </label>
            <FormMessage error />
            <button type="submit" formaction=action data-testid=ids::IDENTITY_PROVIDER_SAVE class=if creating { BUTTON } else { BUTTON_SECONDARY }
                disabled=move || save.pending().get()>
                {if creating { "Add provider" } else { "Save changes" }}
            </button>
        </ActionForm>
    }
}
