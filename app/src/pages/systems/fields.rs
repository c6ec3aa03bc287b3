//! The client system fields, shared by "new system" and the settings tab.
//! Names follow `SystemForm` (`form[...]`); checkbox groups are indexed.

use leptos::prelude::*;

use crate::api::systems::SYSTEM_GRANTS;
use crate::components::{Field, FormErrors, ScopeCheckboxes};
use crate::model::{ScopeInfo, SystemSummary};

const LABEL: &str = "block text-sm font-medium text-gray-900 dark:text-gray-100";
const HINT: &str = "text-sm text-gray-600 dark:text-gray-300";
const ERROR: &str = "text-sm text-red-700 dark:text-red-300";

/// `current` fills the fields when editing; the authentication method is
/// then fixed (the system's clients already use it).
#[component]
pub(super) fn SystemFields(
    catalog: Vec<ScopeInfo>,
    current: Option<SystemSummary>,
    error: FormErrors,
) -> impl IntoView {
    let has_grant = {
        let current = current.clone();
        move |g: &str| match &current {
            Some(c) => c.grant_types.iter().any(|x| x.as_str() == g),
            None => g == "client_credentials",
        }
    };
    let checked_scopes = current
        .as_ref()
        .map(|c| c.scopes.clone())
        .unwrap_or_default();
    let allow_refresh = current.as_ref().is_some_and(|c| c.allow_refresh);
    let auth = match &current {
        None => view! {
            <div class="space-y-1">
                <label for="field-auth_method" class=LABEL>"How its clients authenticate"</label>
                <select id="field-auth_method" name="form[auth_method]" class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                    <option value="private_key_jwt" selected=true>"private_key_jwt: each installation sends its public key (recommended)"</option>
                    <option value="client_secret_basic">"client_secret_basic: the draft response carries a secret, shown once"</option>
                </select>
                <p class=ERROR aria-live="polite">{error.field("auth_method")}</p>
            </div>
        }
        .into_any(),
        Some(c) => view! {
            <div class="space-y-1">
                <p class=LABEL>"How its clients authenticate"</p>
                <p class="font-mono text-sm text-gray-900 dark:text-gray-100">{c.auth_method.as_str()}</p>
                <p class=HINT>"Fixed: the clients this system created already use it."</p>
                <input type="hidden" name="form[auth_method]" value=c.auth_method.as_str() />
            </div>
        }
        .into_any(),
    };
    view! {
        <Field name="form[name]" label="Name" value=current.as_ref().map(|c| c.name.clone()).unwrap_or_default()
            hint="Shown to the people who confirm its drafts, e.g. \"Acme Journal\"." required=true error=error.field("name") />
        <Field name="form[description]" label="Description" value=current.as_ref().map(|c| c.description.clone()).unwrap_or_default()
            error=error.field("description") />
        {auth}
        <fieldset class="space-y-2">
            <legend class=LABEL>"Grant types its drafts may use"</legend>
            {SYSTEM_GRANTS.into_iter().enumerate().map(|(i, g)| view! {
                <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                    <input type="checkbox" name=format!("form[grant_types][{i}]") value=g checked=has_grant(g) />
                    <code>{g}</code>
                </label>
            }).collect_view()}
            <p class=ERROR aria-live="polite">{error.field("grant_types")}</p>
        </fieldset>
        <div class="space-y-1">
            <label class="flex items-center gap-2 text-sm text-gray-900 dark:text-gray-100">
                <input type="checkbox" name="form[allow_refresh]" checked=allow_refresh />
                "Allow refresh tokens (with authorization_code)"
            </label>
            <p class=ERROR aria-live="polite">{error.field("allow_refresh")}</p>
        </div>
        <ScopeCheckboxes legend="Scopes its drafts may request" catalog checked=checked_scopes error=error.field("scopes") />
    }
}
