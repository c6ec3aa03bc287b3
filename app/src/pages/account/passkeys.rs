//! The account page's "Passkeys": the viewer's passkeys (renaming one,
//! removing one unless it is the only way in), and adding one named by
//! the person, which the browser makes with the authenticator they pick.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::passkeys::{RemovePasskey, RenamePasskey, add_passkey, begin_passkey, my_passkeys};
use crate::components::{
    ConfirmButton, Confirmation, ErrorView, Field, FormErrors, FormMessage, LocalTime,
    create_credential, successes,
};
use crate::domain::PasskeyName;
use crate::error::AppError;
use crate::ids;
use crate::model::PasskeyInfo;
use crate::pages::{BUTTON, BUTTON_SECONDARY, CARD, MUTED};

#[component]
pub fn PasskeySettings() -> impl IntoView {
    let remove = ServerAction::<RemovePasskey>::new();
    let removed = successes(remove);
    let rename = ServerAction::<RenamePasskey>::new();
    let renamed = successes(rename);
    let added = RwSignal::new(0_usize);
    let list = Resource::new(
        move || (removed.get(), renamed.get(), added.get()),
        |_| my_passkeys(),
    );
    view! {
        <section id="passkeys" class=CARD data-testid=ids::PASSKEYS aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Passkeys"</h2>
            <p class=format!("mt-1 {MUTED}")>
                "A passkey signs you in with your fingerprint, face, screen lock or security key instead of your password. It stays on your device or in your password manager; Portico keeps only its public key. It also confirms it is you before changes that hand out keys, and where the admins require two-step sign-in it is your second step after the password."
            </p>
            <FormMessage error=FormErrors::of(remove) any_field=true />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(None) => view! {
                            <p class=format!("mt-4 {MUTED}") data-testid=ids::PASSKEYS_UNAVAILABLE>
                                "Passkeys work only when Portico is reached by a domain name; this one's address is an IP address."
                            </p>
                        }.into_any(),
                        Ok(Some(passkeys)) if passkeys.is_empty() => view! {
                            <p class=format!("mt-4 {MUTED}")>"You have no passkeys yet."</p>
                        }.into_any(),
                        Ok(Some(passkeys)) => view! {
                            <ul class="mt-4 divide-y divide-gray-200 dark:divide-gray-800" data-testid=ids::PASSKEY_LIST>
                                {passkeys.into_iter().map(|passkey| view! { <Passkey passkey remove rename /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            <AddPasskey added />
        </section>
    }
}

#[component]
fn Passkey(
    passkey: PasskeyInfo,
    remove: ServerAction<RemovePasskey>,
    rename: ServerAction<RenamePasskey>,
) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let for_rename = passkey.clone();
    let confirmation = Confirmation {
        question: format!("Remove the passkey “{}”?", passkey.name),
        consequence: "It no longer signs you in to Portico. Remove it from your device or password manager too.".into(),
        verb: "Remove".into(),
    };
    let kind = match (passkey.synced, passkey.discoverable) {
        (true, _) => "synced across your devices",
        (false, true) => "on one device",
        (false, false) => "a security key (use it after your email)",
    };
    view! {
        <li class="flex flex-wrap items-start justify-between gap-4 py-3">
            <div class="min-w-0 flex-1">
                <p class="font-medium text-gray-900 [overflow-wrap:anywhere] dark:text-gray-100">{passkey.name.clone()}</p>
                <p class=MUTED>
                    {kind} " · added " <LocalTime secs=passkey.created_at />
                    {match passkey.last_used_at {
                        Some(at) => view! { " · last used " <LocalTime secs=at /> }.into_any(),
                        None => " · not used yet".into_any(),
                    }}
                </p>
            </div>
            <div class="flex items-start gap-2">
                <button type="button" class=BUTTON_SECONDARY aria-expanded=move || renaming.get().to_string()
                    aria-label=format!("Rename {}", passkey.name) on:click=move |_| renaming.update(|r| *r = !*r)>
                    "Rename"
                </button>
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=passkey.id.clone() />
                    <ConfirmButton label="Remove" aria_label=format!("Remove {}", passkey.name)
                        key=format!("remove-passkey-{}", passkey.id) confirmation />
                </ActionForm>
            </div>
            <Show when=move || renaming.get()>
                <Rename passkey=for_rename.clone() rename renaming />
            </Show>
        </li>
    }
}

/// A new name for a passkey, in its row of the list.
#[component]
fn Rename(
    passkey: PasskeyInfo,
    rename: ServerAction<RenamePasskey>,
    renaming: RwSignal<bool>,
) -> impl IntoView {
    let error = FormErrors::of(rename);
    view! {
        <ActionForm action=rename attr:class="w-full space-y-3" attr:data-testid=ids::PASSKEY_RENAME_FORM>
            <input type="hidden" name="id" value=passkey.id.clone() />
            <Field name="name" id=format!("rename-{}", passkey.id) label=format!("New name for “{}”", passkey.name)
                value=passkey.name.clone() required=true error=error.field("name")
                validate=|s: &str| PasskeyName::parse(s).map(|_| ()) />
            <FormMessage error />
            <div class="flex gap-2">
                <button type="submit" class=BUTTON disabled=move || rename.pending().get()>"Save name"</button>
                <button type="button" class=BUTTON_SECONDARY on:click=move |_| renaming.set(false)>"Cancel"</button>
            </div>
        </ActionForm>
    }
}

/// The name, then the browser's prompt: the server's options go to the
/// authenticator and its answer back to the server.
async fn add_named(name: String) -> Result<PasskeyInfo, AppError> {
    PasskeyName::parse(&name).map_err(|m| AppError::invalid("name", m))?;
    let ceremony = begin_passkey().await?;
    let credential = create_credential(&ceremony.options)
        .await
        .map_err(|m| AppError::invalid("form", m))?;
    add_passkey(ceremony.ceremony, name, credential).await
}

#[component]
fn AddPasskey(added: RwSignal<usize>) -> impl IntoView {
    let name = NodeRef::<Input>::new();
    let add = Action::new_local(|name: &String| add_named(name.clone()));
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let success = Signal::derive(move || {
        add.value().get().and_then(Result::ok).map(|p| {
            format!(
                "“{}” is added: choose “Sign in with a passkey” on the sign-in page.",
                p.name
            )
        })
    });
    Effect::new(move |_| {
        if success.get().is_some() {
            added.update(|n| *n += 1);
            if let Some(input) = name.get_untracked() {
                input.set_value("");
            }
        }
    });
    let name_error = Signal::derive(move || error.get().and_then(|e| e.field_message("name")));
    view! {
        <form class="mt-4 space-y-3" data-testid=ids::PASSKEY_ADD_FORM
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(input) = name.get() {
                    add.dispatch_local(input.value());
                }
            }>
            <Field name="name" id="passkey-name" label="Name for a new passkey" required=true node_ref=name
                hint="To tell your passkeys apart, such as “Work laptop” or “YubiKey”."
                error=name_error validate=|s: &str| PasskeyName::parse(s).map(|_| ()) />
            <FormMessage error success />
            <button type="submit" class=BUTTON data-testid=ids::PASSKEY_ADD disabled=move || add.pending().get()>
                "Add a passkey"
            </button>
        </form>
    }
}
