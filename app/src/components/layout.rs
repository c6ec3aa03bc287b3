use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::auth::SignOut;
use crate::components::{OrgSwitcher, Session, TwoStepDue};
use crate::domain::ReturnPath;
use crate::ids;
use crate::model::Viewer;

const LINK: &str = "rounded-md px-3 py-2 text-sm font-medium text-gray-800 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[current=page]:bg-gray-200 dark:text-gray-100 dark:hover:bg-gray-800 dark:aria-[current=page]:bg-gray-700";

/// Whether the page at `path` (with the sign-in page's `next`) is part of
/// someone else's app — an authorization or a confirmation — and so shows
/// no portal navigation.
pub fn is_focused(path: &str, next: Option<&str>) -> bool {
    let in_flow = || {
        next.and_then(|n| ReturnPath::parse(n).ok())
            .is_some_and(|n| n.in_a_flow())
    };
    match path {
        "/consent" | "/authorize-error" => true,
        _ if path.starts_with("/confirm-client/") => true,
        "/login" | "/signup" | "/forgot-password" | "/set-up-two-step" => in_flow(),
        _ => false,
    }
}

/// Page frame: skip link, header with role-aware navigation, main, footer.
/// Pages inside an authorization or confirmation get a focused frame: the
/// name only, no navigation.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    let focused = move || {
        let path = location.pathname.get();
        let next = location.query.with(|q| q.get("next"));
        is_focused(&path, next.as_deref())
    };
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-gray-900">
            "Skip to content"
        </a>
        <header class="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-950">
            <nav aria-label="Main" data-testid=ids::NAV class="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-3">
                <Show when=move || !focused() fallback=|| view! {
                    <span class="mr-4 text-lg font-bold text-gray-900 dark:text-white">"Portico"</span>
                }>
                    <a href="/" class="mr-4 text-lg font-bold text-gray-900 dark:text-white">"Portico"</a>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match Session::get().viewer.await {
                                Ok(Some(viewer)) => view! { <SignedInLinks viewer /> }.into_any(),
                                _ => view! { <SignedOutLinks /> }.into_any(),
                            }
                        })}
                    </Transition>
                </Show>
            </nav>
        </header>
        <Show when=move || !focused()>
            <TwoStepDue />
        </Show>
        <main id="main" class="mx-auto max-w-5xl px-4 py-8">{children()}</main>
        <footer class="mx-auto max-w-5xl px-4 pb-8 text-sm text-gray-600 dark:text-gray-300">
            "Portico — developer portal and OpenID provider"
        </footer>
    }
}

#[component]
fn SignedOutLinks() -> impl IntoView {
    view! {
        <div class="ml-auto flex gap-2">
            <A href="/login" attr:class=LINK attr:data-testid=ids::NAV_SIGN_IN>"Sign in"</A>
            <A href="/signup" attr:class=LINK attr:data-testid=ids::NAV_SIGN_UP>"Sign up"</A>
        </div>
    }
}

#[component]
fn SignedInLinks(viewer: Viewer) -> impl IntoView {
    // Signing out loads the sign-in page whole (a server function's
    // redirect: see `components::load_redirects_whole`), which reads the
    // session afresh.
    let sign_out = ServerAction::<SignOut>::new();
    // On a phone the links fold into a menu, closed again after each move.
    let open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let menu_class = move || {
        let shown = if open.get() { "flex" } else { "hidden" };
        format!(
            "{shown} w-full flex-col gap-1 sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:flex-wrap sm:items-center sm:gap-2"
        )
    };
    view! {
        <button type="button" data-testid=ids::NAV_MENU aria-controls="main-menu"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
            class="ml-auto rounded-md border border-gray-400 px-3 py-2 text-sm font-medium text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 sm:hidden dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
            <span aria-hidden="true">"☰ "</span>"Menu"
        </button>
        <div id="main-menu" class=menu_class>
        <A href="/" attr:class=LINK>"Dashboard"</A>
        {(!viewer.orgs.is_empty()).then(|| view! {
            <A href="/clients" attr:class=LINK attr:data-testid=ids::NAV_CLIENTS>"Clients"</A>
            <A href="/systems" attr:class=LINK attr:data-testid=ids::NAV_SYSTEMS>"Systems"</A>
            <A href="/orgs" attr:class=LINK attr:data-testid=ids::NAV_ORGS>"Organisations"</A>
            <A href="/api-docs" attr:class=LINK attr:data-testid=ids::NAV_API_DOCS>"API"</A>
        })}
        {viewer.is_admin.then(|| view! {
            <A href="/admin/accounts" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_ACCOUNTS>"Accounts"</A>
            <A href="/admin/approvals" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_APPROVALS>
                "Approvals"
                {(viewer.waiting_approvals > 0).then(|| view! {
                    <span data-testid=ids::NAV_APPROVALS_WAITING
                        class="relative ml-1 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-200 px-1.5 text-xs font-semibold text-amber-950 no-underline dark:bg-amber-400 dark:text-gray-950">
                        {viewer.waiting_approvals}
                        <span class="sr-only">" waiting"</span>
                    </span>
                })}
            </A>
            <A href="/admin/clients" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_CLIENTS>"All clients"</A>
            <A href="/admin/organisations" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_ORGS>"All organisations"</A>
            <A href="/admin/scopes" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_SCOPES>"Scopes"</A>
            <A href="/admin/audit" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_AUDIT>"Audit log"</A>
            <A href="/admin/email" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_OUTBOX>"Email"</A>
            <A href="/admin/keys" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_KEYS>"Keys"</A>
            <A href="/admin/identity-providers" attr:class=LINK attr:data-testid=ids::NAV_ADMIN_PROVIDERS>"Sign-in providers"</A>
        })}
        <div class="flex flex-wrap items-center gap-2 sm:ml-auto">
            // With only their personal organisation there is nothing to pick.
            {(viewer.orgs.len() > 1).then(|| view! { <OrgSwitcher viewer=viewer.clone() /> })}
            <A href="/account" attr:class=LINK attr:data-testid=ids::NAV_ACCOUNT>
                <span data-testid=ids::NAV_VIEWER>{viewer.display_name.clone()}</span>
            </A>
            <ActionForm action=sign_out>
                <button type="submit" data-testid=ids::NAV_SIGN_OUT class=LINK>"Sign out"</button>
            </ActionForm>
        </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::is_focused;

    #[test]
    fn pages_inside_a_flow_are_focused() {
        let authorize = Some("/oauth2/authorize?client_id=a.b&response_type=code");
        assert!(is_focused("/login", authorize));
        assert!(is_focused("/signup", Some("/confirm-client/a.b")));
        assert!(is_focused("/consent", None));
        assert!(is_focused("/confirm-client/a.b", None));
        assert!(!is_focused("/login", None));
        assert!(!is_focused("/login", Some("/clients")));
        assert!(!is_focused("/clients", authorize));
    }
}
