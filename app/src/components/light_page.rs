//! Pages sent without the portal's WebAssembly. Sign-in, sign-up, consent,
//! confirming a client and the other pages an end user meets inside someone
//! else's app already work as plain forms, so they skip the 500 KB bundle;
//! a small inline script keeps typed values after an error and stops double
//! submits. A page reached by a link inside the portal is still rendered by
//! the hydrated app, as before.

use leptos::prelude::*;

/// Where the pages for end users live (path prefixes).
const LIGHT_PATHS: &[&str] = &[
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password/",
    "/verify-email/",
    "/consent",
    "/confirm-client/",
    "/authorize-error",
    "/logout",
];

/// Whether the page at `path` is sent without the WebAssembly bundle.
pub fn is_light_path(path: &str) -> bool {
    LIGHT_PATHS.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| p.ends_with('/') || rest.is_empty() || rest.starts_with('/'))
    })
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
    fn end_user_pages_are_light_and_the_portal_is_not() {
        for path in [
            "/login",
            "/signup",
            "/consent",
            "/confirm-client/acme.app",
            "/reset-password/abc",
            "/authorize-error",
            "/logout",
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
        ] {
            assert!(!is_light_path(path), "{path}");
        }
    }
}
