//! Pages sent without the portal's WebAssembly. Sign-in, sign-up, consent,
//! confirming a client and the other pages an end user meets inside someone
//! else's app already work as plain forms, so they skip the bundle; so do
//! the portal's pages that only show things (the dashboard, lists, a
//! client's overview, histories, the audit log, the API reference), where
//! there is nothing to hydrate, and the pages whose forms all work as
//! plain ones (one's account and its sign-in and security, the two-step
//! set-up a sign-in may require, a new organisation or client system, an
//! organisation's settings, members, invitations and webhooks, a client's
//! settings and secrets, a client system, the admins' accounts, approvals,
//! clients, scopes, keys and sign-in providers, the first admin's set-up).
//! A value shown once (a new secret) comes back to its page sealed in a
//! cookie (`KeptAnswer`). A small inline script keeps typed values after
//! an error, stops double submits, adds and removes rows of addresses,
//! makes a confirmation modal and opens the menu on a phone. Only the
//! server draws these pages: their code is not in the bundle
//! (`crate::routes`), and a link to one inside the hydrated portal is
//! followed by the browser (`follow_light_links`).

use std::sync::LazyLock;

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
    "/setup/**",
    "/invitations/**",
    // The portal's pages that only show things: links, a search (a GET
    // form), pages of rows and copy buttons (the script copies), nothing
    // that needs the bundle.
    "/",
    "/clients",
    "/orgs",
    "/orgs/*",
    "/orgs/*/history",
    "/systems",
    "/clients/*",
    "/clients/*/access",
    "/clients/*/history",
    "/admin/audit",
    "/admin/organisations",
    "/admin/organisations/*",
    "/admin/email",
    "/api-docs",
    // Pages whose every form works as a plain one: it posts, and the page
    // comes back with the change, its note (`?done=`) or its error; a
    // confirmation lives in the address (`?confirm=`), and "confirm it is
    // you" before a change that hands out keys is `server_steps.js` (or a
    // plain post too). A value shown once (a client's new secret, an
    // invitation link, a system's API key, a webhook's signing secret)
    // reaches the page it comes back to sealed in a cookie (`KeptAnswer`);
    // rows of addresses are added and removed by the script (`data-rows`).
    // Adding a passkey is the script too (the browser's prompt needs one).
    "/account/**",
    "/set-up-two-step/**",
    "/orgs/new",
    "/orgs/*/settings",
    "/orgs/*/members",
    "/orgs/*/invitations",
    "/orgs/*/webhooks",
    "/orgs/*/webhooks/*",
    "/clients/new",
    "/clients/*/secrets",
    "/clients/*/settings",
    "/systems/new",
    "/systems/*",
    "/admin/accounts",
    "/admin/keys",
    "/admin/identity-providers",
    "/admin/approvals",
    "/admin/clients",
    "/admin/clients/*",
    "/admin/scopes",
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
    static SCRIPT: LazyLock<String> = LazyLock::new(|| sent(include_str!("light_page.js")));
    view! { <script nonce=use_nonce() inner_html=SCRIPT.as_str()></script> }
}

/// The script of a light page's passkey buttons and "confirm it is you"
/// (nothing on a hydrated page, whose app does the same); a page may
/// carry it more than once, it runs once.
#[component]
pub fn ServerStepsScript() -> impl IntoView {
    static SCRIPT: LazyLock<String> = LazyLock::new(|| sent(include_str!("server_steps.js")));
    rendering_light_page()
        .then(|| view! { <script nonce=use_nonce() inner_html=SCRIPT.as_str()></script> })
}

/// A script as every page carries it: without its comment lines and
/// indentation, which are for its readers (a third of its bytes). The
/// scripts hold no text that spans lines.
fn sent(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// In the browser, a route of a page sent without the bundle (see
/// `routes`): its code is not in the bundle, so the address is loaded
/// whole, as a link to it from outside would be.
#[component]
pub fn LoadWhole() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let search = location.search.get_untracked();
            let query = if search.is_empty() { "" } else { "?" };
            let to = format!(
                "{}{query}{search}{}",
                location.pathname.get_untracked(),
                location.hash.get_untracked()
            );
            let _ = window().location().replace(&to);
        });
    }
}

/// Loads the address a server function redirects to (after signing out,
/// deleting a client…) whole, instead of drawing it in the app: it is
/// often a light page, whose code is not in the bundle, and a change that
/// sends the person elsewhere keeps nothing of the page before. Set before
/// the router would set its own (the first one set stays).
#[cfg(feature = "hydrate")]
pub fn load_redirects_whole() {
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = window().location().assign(to);
    });
}

/// Leaves the links to light pages to the browser: the app's router would
/// otherwise draw them, and their code is not in the bundle. Runs before
/// the router's own click handler (in the capture phase), which follows a
/// link marked `rel="external"` the browser's way.
#[cfg(feature = "hydrate")]
pub fn follow_light_links() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Element, HtmlAnchorElement, MouseEvent};

    let on_click = Closure::<dyn Fn(MouseEvent)>::new(|ev: MouseEvent| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok());
        let Some(link) = link else {
            return;
        };
        let here = window().location().origin().unwrap_or_default();
        let rel = link.rel();
        if link.origin() == here
            && is_light_path(&link.pathname())
            && !rel.split_whitespace().any(|r| r == "external")
        {
            link.set_rel(format!("{rel} external").trim());
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    on_click.forget();
}

#[cfg(test)]
mod tests {
    use super::{is_light_path, sent};

    #[test]
    fn scripts_are_sent_without_comment_lines_and_indentation() {
        let script = "// What it does.\n(() => {\n  // Why.\n  go('https://x');\n\n})();\n";
        assert_eq!(sent(script), "(() => {\ngo('https://x');\n})();");
        for source in [
            include_str!("light_page.js"),
            include_str!("server_steps.js"),
        ] {
            let sent = sent(source);
            assert!(sent.len() < source.len() * 3 / 4, "{}", sent.len());
            assert!(!sent.contains("\n//") && !sent.contains("`\n"));
        }
    }

    #[test]
    fn end_user_reading_and_plain_form_pages_are_light_and_the_rest_of_the_portal_is_not() {
        for path in [
            "/",
            "/clients",
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
            "/account",
            "/admin/accounts",
            "/admin/keys",
            "/admin/approvals",
            "/admin/clients/acme.app",
            "/clients/acme.app",
            "/orgs/new",
            "/orgs/o1/settings",
            "/systems/new",
            "/systems/s1",
            "/orgs/o1/members",
            "/orgs/o1/invitations",
            "/orgs/o1/webhooks",
            "/orgs/o1/webhooks/w1",
            "/clients/acme.app/secrets",
            "/clients/acme.app/settings",
            "/admin/identity-providers",
            "/setup/t0",
            "/account/security",
            "/set-up-two-step",
            "/clients/new",
        ] {
            assert!(is_light_path(path), "{path}");
        }
        for path in [
            "/loginx",
            "/consents",
            "/accounts",
            // A test's result is drawn by the app.
            "/clients/acme.app/test",
            "/orgs//history",
            "/orgs//settings",
            "/systems/s1/x",
            "/clients/new/history/x",
            "/admin/organisations/o1/x",
            "/api-docs/",
        ] {
            assert!(!is_light_path(path), "{path}");
        }
    }
}
