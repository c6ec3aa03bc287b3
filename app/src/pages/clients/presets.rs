//! Where a new client starts: the kind of app it is fills in its kind,
//! grant types, authentication and usual scopes; the detailed form follows.

use leptos::prelude::*;

use crate::domain::{AuthMethod, ClientKind, GrantType};
use crate::ids;
use crate::pages::MUTED;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// `?preset=` in the address.
    pub key: &'static str,
    pub title: &'static str,
    pub note: &'static str,
    pub kind: ClientKind,
    pub grants: &'static [GrantType],
    pub auth_method: AuthMethod,
    pub scopes: &'static [&'static str],
}

pub const PRESETS: [Preset; 4] = [
    Preset {
        key: "web",
        title: "Web app with a server",
        note: "Signs users in; its server keeps a secret and refreshes tokens.",
        kind: ClientKind::Confidential,
        grants: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
        auth_method: AuthMethod::ClientSecretBasic,
        scopes: &["openid", "profile", "offline_access"],
    },
    Preset {
        key: "spa",
        title: "Single-page app",
        note: "Runs in the browser: no secret, PKCE instead.",
        kind: ClientKind::Public,
        grants: &[GrantType::AuthorizationCode],
        auth_method: AuthMethod::None,
        scopes: &["openid", "profile"],
    },
    Preset {
        key: "native",
        title: "Native or mobile app",
        note: "Installed on devices: PKCE, a loopback or app-scheme redirect, refresh tokens.",
        kind: ClientKind::Public,
        grants: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
        auth_method: AuthMethod::None,
        scopes: &["openid", "profile", "offline_access"],
    },
    Preset {
        key: "service",
        title: "Machine to machine",
        note: "A backend calling APIs as itself, with a secret; no user.",
        kind: ClientKind::Confidential,
        grants: &[GrantType::ClientCredentials],
        auth_method: AuthMethod::ClientSecretBasic,
        scopes: &[],
    },
];

/// The preset named by `key`, if any.
pub fn find(key: &str) -> Option<Preset> {
    PRESETS.into_iter().find(|p| p.key == key)
}

/// The presets as links (they work without JavaScript), the chosen one
/// marked.
#[component]
pub fn PresetChoice(chosen: Option<Preset>) -> impl IntoView {
    view! {
        <nav aria-labelledby="preset-heading" class="mt-6">
            <h2 id="preset-heading" class="text-base font-semibold text-gray-900 dark:text-white">"What are you building?"</h2>
            <p class=MUTED>"A starting point for the settings below; you can change each of them."</p>
            <ul data-testid=ids::CLIENT_PRESETS class="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
                {PRESETS.into_iter().map(|p| {
                    let current = chosen == Some(p);
                    view! {
                        <li>
                            <a href=format!("?preset={}", p.key) aria-current=current.then_some("true")
                                class="block h-full rounded-md border border-gray-300 p-3 hover:border-indigo-600 hover:bg-indigo-50 aria-[current=true]:border-indigo-700 aria-[current=true]:bg-indigo-50 aria-[current=true]:ring-2 aria-[current=true]:ring-indigo-600 dark:border-gray-700 dark:hover:bg-indigo-950 dark:aria-[current=true]:bg-indigo-950">
                                <span class="block font-medium text-gray-900 dark:text-gray-100">{p.title}</span>
                                <span class=format!("block {MUTED}")>{p.note}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::GrantTypes;

    /// Every preset is a combination the client rules accept (with one
    /// redirect URI where a grant needs it).
    #[test]
    fn presets_follow_the_client_rules() {
        for p in PRESETS {
            let uris = usize::from(p.grants.contains(&GrantType::AuthorizationCode));
            GrantTypes::parse(p.grants, p.kind, uris).unwrap_or_else(|e| panic!("{}: {e}", p.key));
            assert_eq!(
                p.kind == ClientKind::Public,
                p.auth_method == AuthMethod::None
            );
            assert_eq!(find(p.key), Some(p));
        }
        assert_eq!(find("device"), None);
    }
}
