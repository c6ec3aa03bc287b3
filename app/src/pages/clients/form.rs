//! The client settings fields, shared by "new client" and the settings tab.
//! Names follow `ClientForm` (`form[...]`); checkbox groups are indexed.

use leptos::prelude::*;

use super::presets::Preset;
use crate::api::client_form::{link_label, parse_description};
use crate::components::{Field, FormErrors, ScopeCheckboxes, Validator};
use crate::domain::{
    AuthMethod, ClientKind, GrantType, InfoUri, PublicJwks, RedirectUri, SigningAlg,
};
use crate::model::{ClientDetail, ClientLinks, ScopeInfo};

const INPUT: &str = "block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
const LABEL: &str = "block text-sm font-medium text-gray-900 dark:text-gray-100";
const HINT: &str = "text-sm text-gray-600 dark:text-gray-300";
const ERROR: &str = "text-sm text-red-700 dark:text-red-300";

// Without the bundle (the settings page is sent light) the fields that
// apply to one kind of client show by the style alone, following the
// radio and the select as they change (the app's signals do the same).
// No `_` inside: Tailwind reads it as a space (hence `value^=private` for
// private_key_jwt).
const SHOWN_FOR_CONFIDENTIAL: &str = "[form:has(input[type=radio][value=public]:checked)_&]:hidden [form:has(input[type=radio][value=confidential]:checked)_&]:block";
const SHOWN_FOR_PRIVATE_KEY_JWT: &str = "[form:has(input[type=radio][value=public]:checked)_&]:hidden [form:has(option[value^=private]:not(:checked))_&]:hidden [form:has(input[type=radio][value=confidential]:checked):has(option[value^=private]:checked)_&]:block";

fn grant_note(grant: GrantType) -> &'static str {
    match grant {
        GrantType::AuthorizationCode => {
            "Users sign in; the app gets a code and exchanges it (with PKCE)."
        }
        GrantType::ClientCredentials => {
            "The app acts as itself, with its secret; no user involved."
        }
        GrantType::RefreshToken => {
            "Keep access without asking the user again (needs offline_access)."
        }
        GrantType::Implicit => {
            "Not recommended (OAuth security BCP): tokens travel in the URL. Only for existing apps."
        }
        GrantType::Hybrid => {
            "Not recommended (OAuth security BCP): legacy OpenID flow. Only for existing apps."
        }
    }
}

/// The fields, pre-filled from `current` when editing, else from the
/// chosen `preset` of a new client.
#[component]
pub fn ClientFields(
    catalog: Vec<ScopeInfo>,
    current: Option<ClientDetail>,
    #[prop(default = None)] preset: Option<Preset>,
    error: FormErrors,
) -> impl IntoView {
    let kind = RwSignal::new(match (&current, preset) {
        (Some(c), _) => c.kind,
        (None, Some(p)) => p.kind,
        (None, None) => ClientKind::Confidential,
    });
    let uris = current
        .as_ref()
        .map(|c| c.redirect_uris.clone())
        .unwrap_or_default();
    let logout_uris = current
        .as_ref()
        .map(|c| c.post_logout_redirect_uris.clone())
        .unwrap_or_default();
    let links = current
        .as_ref()
        .map(|c| c.links.clone())
        .unwrap_or_default();
    let live_description = RwSignal::new(None::<String>);
    let auth_method = match (&current, preset) {
        (Some(c), _) => c.token_endpoint_auth_method,
        (None, Some(p)) if p.auth_method != AuthMethod::None => p.auth_method,
        _ => AuthMethod::ClientSecretBasic,
    };
    // The public-key box shows only where it applies.
    let method = RwSignal::new(auth_method);
    let jwks = current
        .as_ref()
        .and_then(|c| c.jwks.clone())
        .unwrap_or_default();
    let live_jwks = RwSignal::new(None::<String>);
    let id_token_alg = current
        .as_ref()
        .map_or(SigningAlg::Rs256, |c| c.id_token_signed_response_alg);
    let has_grant = |g: GrantType| match (&current, preset) {
        (Some(c), _) => c.grant_types.contains(&g),
        (None, Some(p)) => p.grants.contains(&g),
        (None, None) => false,
    };
    let checked_scopes: Vec<String> = match (&current, preset) {
        (Some(c), _) => c.scopes.iter().map(|s| s.scope.clone()).collect(),
        (None, Some(p)) => p.scopes.iter().map(|s| (*s).to_owned()).collect(),
        (None, None) => Vec::new(),
    };
    view! {
        <div class="space-y-1">
            <label for="field-display_name" class=LABEL>"Name"</label>
            <input id="field-display_name" name="form[display_name]" class=INPUT required
                value=current.as_ref().map(|c| c.display_name.clone()) />
            <p class=HINT>"Shown to end users when they consent."</p>
            <p class=ERROR aria-live="polite">{error.field("display_name")}</p>
        </div>
        <div class="space-y-1">
            <label for="field-description" class=LABEL>"Description"</label>
            <textarea id="field-description" name="form[description]" rows="2" class=INPUT
                on:blur=move |ev| live_description.set(parse_description(&event_target_value(&ev)).err())>
                {current.as_ref().map(|c| c.description.clone())}
            </textarea>
            <p class=ERROR aria-live="polite">{move || live_description.get().or_else(|| error.field("description").get())}</p>
        </div>
        <fieldset class="space-y-2">
            <legend class=LABEL>"Kind"</legend>
            {[(ClientKind::Confidential, "Confidential", "A server that can keep a secret."),
              (ClientKind::Public, "Public", "A browser or mobile app; uses PKCE instead of a secret.")]
                .into_iter().map(|(k, title, note)| view! {
                    <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="radio" name="form[kind]" value=k.as_str() checked=kind.get_untracked() == k
                            on:change=move |_| kind.set(k) class="mt-1" />
                        <span><strong>{title}</strong> " — " {note}</span>
                    </label>
                }).collect_view()}
            <p class=ERROR aria-live="polite">{error.field("kind")}</p>
        </fieldset>
        <div class=format!("space-y-1 {SHOWN_FOR_CONFIDENTIAL}") class:hidden=move || kind.get() == ClientKind::Public>
            <label for="field-auth_method" class=LABEL>"Token endpoint authentication"</label>
            <select id="field-auth_method" name="form[auth_method]" class=INPUT
                on:change=move |ev| method.set(AuthMethod::parse(&event_target_value(&ev)).unwrap_or(AuthMethod::ClientSecretBasic))>
                <option value="client_secret_basic" selected=auth_method == AuthMethod::ClientSecretBasic>"client_secret_basic (HTTP Basic)"</option>
                <option value="client_secret_post" selected=auth_method == AuthMethod::ClientSecretPost>"client_secret_post (form body)"</option>
                <option value="private_key_jwt" selected=auth_method == AuthMethod::PrivateKeyJwt>"private_key_jwt (signed assertion, no shared secret)"</option>
            </select>
            <p class=ERROR aria-live="polite">{error.field("auth_method")}</p>
        </div>
        <div class=format!("space-y-1 {SHOWN_FOR_PRIVATE_KEY_JWT}") class:hidden=move || kind.get() == ClientKind::Public || method.get() != AuthMethod::PrivateKeyJwt>
            <label for="field-jwks" class=LABEL>"Public key for private_key_jwt"</label>
            <textarea id="field-jwks" name="form[jwks]" rows="4" class=format!("{INPUT} font-mono text-xs") spellcheck="false"
                aria-describedby="jwks-hint"
                on:blur=move |ev| {
                    let text = event_target_value(&ev);
                    live_jwks.set((!text.trim().is_empty()).then(|| PublicJwks::parse(&text).err()).flatten());
                }>
                {jwks}
            </textarea>
            <p id="jwks-hint" class=HINT>"Only with private_key_jwt: a public JWK or JWK Set (RSA 2048+ or EC P-256). The client signs a short-lived assertion with the private key, which never leaves it."</p>
            <p class=ERROR aria-live="polite">{move || live_jwks.get().or_else(|| error.field("jwks").get())}</p>
        </div>
        <fieldset class="space-y-2">
            <legend class=LABEL>"Grant types"</legend>
            {GrantType::ALL.into_iter().enumerate().map(|(i, g)| view! {
                <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                    <input type="checkbox" name=format!("form[grant_types][{i}]") value=g.as_str() checked=has_grant(g) class="mt-1" />
                    <span>
                        <code>{g.as_str()}</code>
                        {g.not_recommended().then(|| view! { <span class="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">"not recommended"</span> })}
                        <span class=format!("block {HINT}")>{grant_note(g)}</span>
                    </span>
                </label>
            }).collect_view()}
            <p class=ERROR aria-live="polite">{error.field("grant_types")}</p>
        </fieldset>
        <ScopeCheckboxes legend="Scopes" catalog checked=checked_scopes error=error.field("scopes") />
        <div class="space-y-1">
            <label for="field-id_token_alg" class=LABEL>"ID token signature"</label>
            <select id="field-id_token_alg" name="form[id_token_alg]" class=INPUT aria-describedby="id_token_alg-hint">
                <option value="RS256" selected=id_token_alg == SigningAlg::Rs256>"RS256 (every OpenID Connect library)"</option>
                <option value="ES256" selected=id_token_alg == SigningAlg::Es256>"ES256 (smaller, faster; check your library)"</option>
            </select>
            <p id="id_token_alg-hint" class=HINT>"How ID tokens for this client are signed, when it asks for the openid scope."</p>
            <p class=ERROR aria-live="polite">{error.field("id_token_alg")}</p>
        </div>
        <UriRows name="redirect_uris" label="Redirect URI" initial=uris kind
            hint="https, or http on 127.0.0.1, [::1] or localhost (any port there). Compared exactly."
            server_error=error.field("redirect_uris") />
        <UriRows name="post_logout_redirect_uris" label="Post-logout redirect URI" initial=logout_uris kind
            hint="Where users may be sent after signing out; same rules."
            server_error=error.field("post_logout_redirect_uris") />
        <LinkFields current=links error />
    }
}

/// The logo and pages end users see on the consent and confirmation
/// pages (RFC 7591 names), each optional and https.
#[component]
fn LinkFields(current: ClientLinks, error: FormErrors) -> impl IntoView {
    let fields: [(
        &'static str,
        &'static str,
        &'static str,
        Option<String>,
        Validator,
    ); 4] = [
        (
            "logo_uri",
            "Logo URL",
            "A square image, shown 64 × 64 pixels next to the app’s name.",
            current.logo_uri,
            |t| check_link("logo_uri", t),
        ),
        (
            "client_uri",
            "Home page",
            "The app’s web site.",
            current.client_uri,
            |t| check_link("client_uri", t),
        ),
        (
            "policy_uri",
            "Privacy policy",
            "How the app uses what it reads.",
            current.policy_uri,
            |t| check_link("policy_uri", t),
        ),
        (
            "tos_uri",
            "Terms of service",
            "The terms end users accept by using the app.",
            current.tos_uri,
            |t| check_link("tos_uri", t),
        ),
    ];
    view! {
        <fieldset class="space-y-4">
            <legend class=LABEL>"Shown to end users"</legend>
            <p class=HINT>"Optional, each an https:// URL. The consent and confirmation pages show the logo and link the pages, so people can see who they are dealing with."</p>
            {fields.into_iter().map(|(field, label, hint, value, validate)| view! {
                <Field name=format!("form[{field}]") label hint value=value.unwrap_or_default()
                    autocomplete="off" error=error.field(field) validate check_as=field />
            }).collect_view()}
        </fieldset>
    }
}

fn check_link(field: &str, text: &str) -> Result<(), String> {
    InfoUri::parse_optional(text, link_label(field)).map(|_| ())
}

/// Editable rows of URIs: each checked when the person leaves it, with a
/// remove button, and one more empty row to add another (also without JS).
#[component]
fn UriRows(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    initial: Vec<String>,
    kind: RwSignal<ClientKind>,
    server_error: Signal<Option<String>>,
) -> impl IntoView {
    let mut start: Vec<(usize, String)> = initial.into_iter().enumerate().collect();
    start.push((start.len(), String::new()));
    let next = StoredValue::new(start.len());
    let rows = RwSignal::new(start);
    let hint_id = format!("{name}-hint");
    let row = move |(key, value): (usize, String)| {
        let error = RwSignal::new(None::<String>);
        // Checked when the row is left, then on every keystroke: an error
        // clears while typing, not on the blur that a click on "Register"
        // causes (which would move the button away from the pointer).
        let touched = RwSignal::new(false);
        let id = format!("field-{name}-{key}");
        let error_id = format!("{id}-error");
        let row_label = format!("{label} {}", key + 1);
        let check = move |text: String| {
            let text = text.trim();
            error.set(
                (!text.is_empty())
                    .then(|| RedirectUri::parse(text, kind.get_untracked()).err())
                    .flatten(),
            );
        };
        view! {
            <li class="space-y-1">
                <label for=id.clone() class="sr-only">{row_label.clone()}</label>
                <div class="flex gap-2">
                    <input id=id name=format!("form[{name}][{key}]") value=value autocomplete="off"
                        // Without the bundle `light_page.js` asks the server.
                        data-check="redirect_uri" data-check-with="form[kind]"
                        on:blur=move |ev| { touched.set(true); check(event_target_value(&ev)); }
                        on:input=move |ev| if touched.get_untracked() { check(event_target_value(&ev)); } spellcheck="false"
                        aria-describedby=hint_id_for(name) aria-invalid=move || error.get().is_some().to_string()
                        class=format!("{INPUT} font-mono aria-[invalid=true]:border-red-600") />
                    <button type="button" aria-label=format!("Remove {row_label}") data-remove-row
                        on:click=move |_| rows.update(|r| r.retain(|(k, _)| *k != key))
                        class="rounded-md border border-gray-400 px-2 text-sm text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
                        "Remove"
                    </button>
                </div>
                <p id=error_id class=ERROR aria-live="polite">{move || error.get()}</p>
            </li>
        }
    };
    // "Add" sits above the rows: a row's error, shown on the blur that
    // pressing the button causes, cannot move the button from under the
    // pointer and swallow the click.
    view! {
        <fieldset class="space-y-2">
            <legend class=LABEL>{format!("{label}s")}</legend>
            <p id=hint_id class=HINT>{hint}</p>
            <button type="button" data-add-row
                on:click=move |_| {
                    let key = next.get_value();
                    next.set_value(key + 1);
                    rows.update(|r| r.push((key, String::new())));
                }
                class="rounded-md border border-gray-400 px-3 py-1 text-sm text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
                {format!("Add {}{}", label[..1].to_lowercase(), &label[1..])}
            </button>
            // Without the bundle `light_page.js` adds and removes the rows.
            <ul class="space-y-2" data-rows=format!("form[{name}]")>
                <For each=move || rows.get() key=|(k, _)| *k children=row />
            </ul>
            <p class=ERROR aria-live="polite">{move || server_error.get()}</p>
        </fieldset>
    }
}

fn hint_id_for(name: &str) -> String {
    format!("{name}-hint")
}
