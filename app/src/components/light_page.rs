//! Pages sent without the portal's WebAssembly. Sign-in, sign-up, consent,
//! confirming a client and the other pages an end user meets inside someone
//! else's app already work as plain forms, so they skip the bundle; so do
//! the portal's pages that only show things (lists, histories, the audit
//! log, the API reference), where there is nothing to hydrate. A small
//! inline script keeps typed values after an error, stops double submits
//! and opens the menu on a phone. A page reached by a link inside the
//! hydrated portal is still rendered by the app, as before.

use leptos::prelude::*;

/// The pages sent light, as address patterns: `*` is one segment other
/// than `new` (`/orgs/new` is a form), a final `**` any number of segments
/// (none too).
const LIGHT_PAGES: &[&str] = &[
    // End users' pages, and what people open from an email before they
    // use the portal (an invitation: one button).
    "/login/**",
    "/signup/**",
    "/forgot-password/**",
    "/reset-password/**",
    "/verify-email/**",
    "/consent/**",
    "/confirm-client/**",
    "/authorize-error/**",
    "/logout/**",
    "/invitations/**",
    // The portal's pages that only show things: links, a search (a GET
    // form) and pages of rows, nothing that needs the bundle. A page with
    // a form, a dialog or a button stays out of this list.
    "/orgs",
    "/orgs/*",
    "/orgs/*/history",
    "/systems",
    "/clients/*/access",
    "/clients/*/history",
    "/admin/audit",
    "/admin/organisations",
    "/admin/organisations/*",
    "/admin/email",
    "/api-docs",
];

/// Whether the page at `path` is sent without the WebAssembly bundle.
pub fn is_light_path(path: &str) -> bool {
    LIGHT_PAGES.iter().any(|p| matches_pattern(p, path))
}

/// Whether `path` is `pattern`, segment by segment.
fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut got = path.split('/');
    for want in pattern.split('/') {
        match (want, got.next()) {
            ("**", _) => return true,
            ("*", Some(segment)) if !segment.is_empty() && segment != "new" => {}
            (want, Some(segment)) if want == segment => {}
            _ => return false,
        }
    }
    got.next().is_none()
}

/// Whether the page being rendered is a light one (server only).
pub fn rendering_light_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().is_some_and(|p| is_light_path(p.uri.path()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The script a light page carries instead of the bundle.
#[component]
pub fn LightPageScript() -> impl IntoView {
    view! { <script nonce=use_nonce() inner_html=include_str!("light_page.js")></script> }
}

#[cfg(test)]
mod tests {
    use super::is_light_path;

    #[test]
    fn end_user_and_reading_pages_are_light_and_the_rest_of_the_portal_is_not() {
        for path in [
            "/login",
            "/signup",
            "/consent",
            "/confirm-client/acme.app",
            "/reset-password/abc",
            "/authorize-error",
            "/logout",
            "/invitations/abc",
            "/orgs",
            "/orgs/o1",
            "/orgs/o1/history",
            "/systems",
            "/clients/acme.app/access",
            "/clients/acme.app/history",
            "/admin/audit",
            "/admin/organisations/o1",
            "/api-docs",
        ] {
            assert!(is_light_path(path), "{path}");
        }
        for path in [
            "/",
            "/clients",
            "/loginx",
            "/consents",
            "/account",
            "/admin/accounts",
            // Pages with forms, dialogs or buttons need the bundle.
            "/orgs/new",
            "/orgs/o1/members",
            "/orgs/o1/settings",
            "/orgs//history",
            "/systems/new",
            "/systems/s1",
            "/clients/acme.app",
            "/clients/acme.app/secrets",
            "/clients/new/history/x",
            "/admin/organisations/o1/x",
            "/api-docs/",
        ] {
            assert!(!is_light_path(path), "{path}");
        }
    }
}
