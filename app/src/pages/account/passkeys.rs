//! The account page's "Passkeys": the viewer's passkeys (renaming one,
//! removing one unless it is the only way in), and adding one named by
//! the person, which the browser makes with the authenticator they pick.
//! The page is sent without the WebAssembly: renaming and removing are
//! plain forms, and adding is `server_steps.js` (the browser's passkey
//! prompt needs a script; a refusal that wants "confirm it is you" is
//! sent as a plain post, which comes back with the step-up box).

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::passkeys::{AddPasskey, BeginPasskey, RemovePasskey, RenamePasskey, my_passkeys};
use crate::components::{
    ConfirmButton, ConfirmLinks, Confirmation, ErrorView, Field, FormErrors, FormMessage,
    LocalTime, ServerStepsScript, function_name, open_confirmation, succeeded,
};
use crate::domain::PasskeyName;
use crate::ids;
use crate::model::PasskeyInfo;
use crate::pages::{BUTTON, BUTTON_SECONDARY, CARD, MUTED};

/// The page the section is on, for the links that open a rename.
const HERE: &str = "/account/security";
/// What opens a passkey's rename form (`?confirm=rename.<id>`).
const RENAME: &str = "rename";

#[component]
pub fn PasskeySettings() -> impl IntoView {
    let remove = ServerAction::<RemovePasskey>::new();
    let rename = ServerAction::<RenamePasskey>::new();
    let add = ServerAction::<AddPasskey>::new();
    let list = Resource::new(|| (), |_| my_passkeys());
    // Read before the wait (a page drawn on the server may be drawn again).
    let renaming = open_confirmation()
        .get_untracked()
        .filter(|(action, _)| action == RENAME)
        .map(|(_, id)| id);
    let just_added = succeeded(add).get_untracked();
    view! {
        <section id="passkeys" class=format!("scroll-mt-20 {CARD}") data-testid=ids::PASSKEYS aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Passkeys"</h2>
            <p class=format!("mt-1 {MUTED}")>
                "A passkey signs you in with your fingerprint, face, screen lock or security key instead of your password. It stays on your device or in your password manager; Portico keeps only its public key. It also confirms it is you before changes that hand out keys, and where the admins require two-step sign-in it is your second step after the password."
            </p>
            <FormMessage error=FormErrors::of(remove) any_field=true />
            <Suspense fallback=|| ()>
                {move || {
                    let renaming = renaming.clone();
                    Suspend::new(async move {
                        match list.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(None) => view! {
                                <p class=format!("mt-4 {MUTED}") data-testid=ids::PASSKEYS_UNAVAILABLE>
                                    "Passkeys work only when Portico is reached by a domain name; this one's address is an IP address."
                                </p>
                            }.into_any(),
                            Ok(Some(passkeys)) => {
                                // The note of a passkey just added names the newest.
                                let newest = just_added
                                    .then(|| passkeys.iter().max_by_key(|p| p.created_at).map(|p| p.name.clone()))
                                    .flatten();
                                view! {
                                    <PasskeyList passkeys remove rename renaming />
                                    <AddPasskeyForm newest />
                                }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn PasskeyList(
    passkeys: Vec<PasskeyInfo>,
    remove: ServerAction<RemovePasskey>,
    rename: ServerAction<RenamePasskey>,
    /// The passkey whose rename form is open.
    renaming: Option<String>,
) -> impl IntoView {
    if passkeys.is_empty() {
        return view! { <p class=format!("mt-4 {MUTED}")>"You have no passkeys yet."</p> }
            .into_any();
    }
    view! {
        <ul class="mt-4 divide-y divide-gray-200 dark:divide-gray-800" data-testid=ids::PASSKEY_LIST>
            {passkeys.into_iter().map(|passkey| {
                let open = renaming.as_deref() == Some(passkey.id.as_str());
                view! { <Passkey passkey remove rename open /> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Passkey(
    passkey: PasskeyInfo,
    remove: ServerAction<RemovePasskey>,
    rename: ServerAction<RenamePasskey>,
    /// Its rename form is open.
    open: bool,
) -> impl IntoView {
    let links = ConfirmLinks::at(HERE, "");
    let toggle = if open {
        format!("{}#passkeys", links.close())
    } else {
        format!("{}#passkeys", links.open(RENAME, &passkey.id))
    };
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
    let for_rename = passkey.clone();
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
                <a href=toggle class=BUTTON_SECONDARY aria-expanded=open.to_string()
                    aria-label=format!("Rename {}", passkey.name)>
                    "Rename"
                </a>
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=passkey.id.clone() />
                    <ConfirmButton label="Remove" aria_label=format!("Remove {}", passkey.name)
                        key=format!("remove-passkey-{}", passkey.id) confirmation />
                </ActionForm>
            </div>
            {open.then(|| view! { <Rename passkey=for_rename rename cancel=links.close() /> })}
        </li>
    }
}

/// A new name for a passkey, in its row of the list.
#[component]
fn Rename(
    passkey: PasskeyInfo,
    rename: ServerAction<RenamePasskey>,
    cancel: String,
) -> impl IntoView {
    let error = FormErrors::of(rename);
    view! {
        <ActionForm action=rename attr:class="w-full space-y-3" attr:data-testid=ids::PASSKEY_RENAME_FORM>
            <input type="hidden" name="id" value=passkey.id.clone() />
            <Field name="name" id=format!("rename-{}", passkey.id) label=format!("New name for “{}”", passkey.name)
                value=passkey.name.clone() required=true error=error.field("name")
                validate=|s: &str| PasskeyName::parse(s).map(|_| ()) check_as="passkey_name" />
            <FormMessage error />
            <div class="flex gap-2">
                <button type="submit" class=BUTTON>"Save name"</button>
                <a href=format!("{cancel}#passkeys") class=BUTTON_SECONDARY>"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// The name, then the browser's prompt (`server_steps.js`): the server's
/// options go to the authenticator and its answer back to the server,
/// and the page comes back with the new passkey (`?done=add_passkey`).
/// The form itself posts to `begin_passkey`: sent as a plain post when
/// the server wants "confirm it is you" first, it comes back with the
/// step-up box and the name as typed.
#[component]
fn AddPasskeyForm(
    /// The newest passkey's name, when one was just added.
    newest: Option<String>,
) -> impl IntoView {
    const NOTE: &str = "passkey-add-note";
    let begin = ServerAction::<BeginPasskey>::new();
    let error = FormErrors::of(begin);
    let success = Signal::derive(move || {
        newest.as_ref().map(|name| {
            format!("“{name}” is added: choose “Sign in with a passkey” on the sign-in page.")
        })
    });
    view! {
        <ActionForm action=begin attr:class="mt-4 space-y-3" attr:data-testid=ids::PASSKEY_ADD_FORM
            attr:data-passkey-add="" attr:data-begin={function_name::<BeginPasskey>()}
            attr:data-finish={function_name::<AddPasskey>()} attr:data-note=NOTE>
            <Field name="name" id="passkey-name" label="Name for a new passkey" required=true
                hint="To tell your passkeys apart, such as “Work laptop” or “YubiKey”."
                error=error.field("name") validate=|s: &str| PasskeyName::parse(s).map(|_| ())
                check_as="passkey_name" />
            <p id=NOTE role="alert" data-testid=ids::FORM_ERROR hidden=true
                class="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"></p>
            <FormMessage error success />
            <noscript>
                <p class=MUTED>"Adding a passkey needs JavaScript: your browser makes the passkey with your device."</p>
            </noscript>
            <button type="submit" class=BUTTON data-testid=ids::PASSKEY_ADD>"Add a passkey"</button>
            <ServerStepsScript />
        </ActionForm>
    }
}
