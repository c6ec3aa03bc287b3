//! The route table. Pages sent without the bundle (`components::
//! light_page`: the end users' pages, the pages that only show things and
//! those whose forms work as plain ones) are drawn by the server only: in
//! the browser their routes hold no page code, and a link to one is
//! followed by the browser. The one page the app draws (trying a client)
//! comes in a group, a lazily loaded piece of the bundle
//! (the main WebAssembly file holds the runtime and the layout): a release
//! build (`cargo leptos build --split`) cuts a group's code out into
//! chunks fetched when one of its pages is first shown. Splitting every
//! page on its own made over a hundred chunks fetched one after another
//! (slower to usable than one bigger file; figures in docs/figures.md). A build without `--split` (debug, tests)
//! keeps one file and the same behaviour. Check the main file's size after
//! a change to a group's shared code: a `&dyn Fn` drawn by a shared shell
//! (or a `to_lowercase`, whose tables are static data) once pulled 42 KB
//! of page code back into it (`docs/figures.md`).
// The splitting macros declare the chunk loaders as foreign functions.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, path};

use crate::pages;

/// Declares a group of pages that share one lazily loaded piece of the
/// bundle: an enum naming the pages, one split function that renders any
/// of them, and a route type per page whose view calls it. Fewer split
/// points make fewer, larger chunks: one split point per page cut the
/// client page into 150 chunks fetched one after another.
macro_rules! lazy_group {
    ($group:ident, $preload:ident, $kind:ident { $($route:ident => $page:ident,)* }) => {
        #[derive(Clone, Copy)]
        pub enum $kind {
            $($route,)*
        }

        #[::leptos::lazy]
        fn $group(page: $kind) -> AnyView {
            match page {
                $($kind::$route => pages::$page().into_any(),)*
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                // The pages load their own data (resources inside the
                // component), so `data` has nothing to start.
                async fn view(_this: Self) -> AnyView {
                    $group($kind::$route).await
                }

                // Hydration waits for the chunks before it walks the page
                // (`#[lazy]` made `$preload` beside `$group`).
                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

/// Declares the routes of pages sent without the bundle, each with an
/// address it answers (for the test that checks they are all light). On
/// the server a route draws its page; in the browser it holds no page code
/// and loads its address whole, should the app's router ever be asked for
/// it (links to these pages are left to the browser:
/// `components::follow_light_links`). A page is light by its address
/// alone, so only a page whose every address is light may be here: the
/// browser would otherwise hydrate a page it cannot draw.
macro_rules! light_routes {
    ($($route:ident => $page:ident at $example:literal,)*) => {
        $(
            #[component]
            fn $route() -> impl IntoView {
                #[cfg(feature = "ssr")]
                {
                    pages::$page()
                }
                #[cfg(not(feature = "ssr"))]
                {
                    view! { <crate::components::LoadWhole /> }
                }
            }
        )*

        #[cfg(test)]
        const LIGHT_ROUTE_EXAMPLES: &[&str] = &[$($example,)*];
    };
}

light_routes! {
    Home => HomePage at "/",
    Clients => ClientsPage at "/clients",
    NewClient => NewClientPage at "/clients/new",
    Login => LoginPage at "/login",
    SignInCode => SignInCodePage at "/login/code",
    LinkAccount => LinkAccountPage at "/login/link",
    SignUp => SignUpPage at "/signup",
    Logout => LogoutPage at "/logout",
    ForgotPassword => ForgotPasswordPage at "/forgot-password",
    ResetPassword => ResetPasswordPage at "/reset-password/t0",
    VerifyEmail => VerifyEmailPage at "/verify-email/t0",
    ConfirmClient => ConfirmClientPage at "/confirm-client/acme.app",
    Consent => ConsentPage at "/consent",
    AuthorizeError => AuthorizeErrorPage at "/authorize-error",
    Invitation => InvitationPage at "/invitations/t0",
    Account => AccountPage at "/account",
    AccountSecurity => AccountSecurityPage at "/account/security",
    SetUpTwoStep => SetUpTwoStepPage at "/set-up-two-step",
    ApiDocs => ApiDocsPage at "/api-docs",
    Orgs => OrgsPage at "/orgs",
    NewOrg => NewOrgPage at "/orgs/new",
    Org => OrgPage at "/orgs/o1",
    OrgSettings => OrgSettingsPage at "/orgs/o1/settings",
    OrgMembers => OrgMembersPage at "/orgs/o1/members",
    OrgInvitations => OrgInvitationsPage at "/orgs/o1/invitations",
    OrgWebhooks => OrgWebhooksPage at "/orgs/o1/webhooks",
    Webhook => WebhookPage at "/orgs/o1/webhooks/w1",
    OrgHistory => OrgHistoryPage at "/orgs/o1/history",
    Systems => SystemsPage at "/systems",
    NewSystem => NewSystemPage at "/systems/new",
    System => SystemPage at "/systems/s1",
    Client => ClientPage at "/clients/acme.app",
    ClientAccess => ClientAccessPage at "/clients/acme.app/access",
    ClientSecrets => ClientSecretsPage at "/clients/acme.app/secrets",
    ClientSettings => ClientSettingsPage at "/clients/acme.app/settings",
    ClientHistory => ClientHistoryPage at "/clients/acme.app/history",
    AdminAccounts => AdminAccountsPage at "/admin/accounts",
    AdminKeys => AdminKeysPage at "/admin/keys",
    AdminIdentityProviders => AdminIdentityProvidersPage at "/admin/identity-providers",
    Setup => SetupPage at "/setup/t0",
    AdminApprovals => AdminApprovalsPage at "/admin/approvals",
    AdminClients => AdminClientsPage at "/admin/clients",
    AdminClient => AdminClientPage at "/admin/clients/acme.app",
    AdminScopes => AdminScopesPage at "/admin/scopes",
    AdminAudit => AdminAuditPage at "/admin/audit",
    AdminOrgs => AdminOrgsPage at "/admin/organisations",
    AdminOrg => AdminOrgPage at "/admin/organisations/o1",
    AdminOutbox => AdminOutboxPage at "/admin/email",
}

// Trying a client: its result is drawn by the app.
lazy_group!(client_tools, __preload_client_tools, ClientTools {
    ClientTest => ClientTestPage,
});

/// Every page's address. Async everywhere: the page arrives complete, so it
/// works without JavaScript, and status codes (403, 404, redirects) that
/// depend on the viewer are known before the body.
#[component]
pub fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <pages::NotFound /> }>
            <Route path=path!("/") view=Home ssr=SsrMode::Async />
            <Route path=path!("/login") view=Login ssr=SsrMode::Async />
            <Route path=path!("/login/code") view=SignInCode ssr=SsrMode::Async />
            <Route path=path!("/login/link") view=LinkAccount ssr=SsrMode::Async />
            <Route path=path!("/signup") view=SignUp ssr=SsrMode::Async />
            <Route path=path!("/logout") view=Logout ssr=SsrMode::Async />
            <Route path=path!("/forgot-password") view=ForgotPassword ssr=SsrMode::Async />
            <Route path=path!("/reset-password/:token") view=ResetPassword ssr=SsrMode::Async />
            <Route path=path!("/verify-email/:token") view=VerifyEmail ssr=SsrMode::Async />
            <Route path=path!("/account") view=Account ssr=SsrMode::Async />
            <Route path=path!("/account/security") view=AccountSecurity ssr=SsrMode::Async />
            <Route path=path!("/set-up-two-step") view=SetUpTwoStep ssr=SsrMode::Async />
            <Route path=path!("/setup/:token") view=Setup ssr=SsrMode::Async />
            <Route path=path!("/admin/accounts") view=AdminAccounts ssr=SsrMode::Async />
            <Route path=path!("/admin/approvals") view=AdminApprovals ssr=SsrMode::Async />
            <Route path=path!("/admin/clients") view=AdminClients ssr=SsrMode::Async />
            <Route path=path!("/admin/clients/:id") view=AdminClient ssr=SsrMode::Async />
            <Route path=path!("/admin/scopes") view=AdminScopes ssr=SsrMode::Async />
            <Route path=path!("/admin/audit") view=AdminAudit ssr=SsrMode::Async />
            <Route path=path!("/admin/keys") view=AdminKeys ssr=SsrMode::Async />
            <Route path=path!("/admin/identity-providers") view=AdminIdentityProviders ssr=SsrMode::Async />
            <Route path=path!("/admin/organisations") view=AdminOrgs ssr=SsrMode::Async />
            <Route path=path!("/admin/email") view=AdminOutbox ssr=SsrMode::Async />
            <Route path=path!("/admin/organisations/:id") view=AdminOrg ssr=SsrMode::Async />
            <Route path=path!("/orgs") view=Orgs ssr=SsrMode::Async />
            <Route path=path!("/orgs/new") view=NewOrg ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id") view=Org ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/members") view=OrgMembers ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/invitations") view=OrgInvitations ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/webhooks") view=OrgWebhooks ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/settings") view=OrgSettings ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/history") view=OrgHistory ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/webhooks/:endpoint") view=Webhook ssr=SsrMode::Async />
            <Route path=path!("/invitations/:token") view=Invitation ssr=SsrMode::Async />
            <Route path=path!("/clients") view=Clients ssr=SsrMode::Async />
            <Route path=path!("/clients/new") view=NewClient ssr=SsrMode::Async />
            <Route path=path!("/clients/:id") view=Client ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/settings") view=ClientSettings ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/secrets") view=ClientSecrets ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/access") view=ClientAccess ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/test") view={Lazy::<ClientTest>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/history") view=ClientHistory ssr=SsrMode::Async />
            <Route path=path!("/systems") view=Systems ssr=SsrMode::Async />
            <Route path=path!("/api-docs") view=ApiDocs ssr=SsrMode::Async />
            <Route path=path!("/systems/new") view=NewSystem ssr=SsrMode::Async />
            <Route path=path!("/systems/:id") view=System ssr=SsrMode::Async />
            <Route path=path!("/confirm-client/:client_id") view=ConfirmClient ssr=SsrMode::Async />
            <Route path=path!("/consent") view=Consent ssr=SsrMode::Async />
            <Route path=path!("/authorize-error") view=AuthorizeError ssr=SsrMode::Async />
        </Routes>
    }
}

#[cfg(test)]
mod tests {
    use super::LIGHT_ROUTE_EXAMPLES;
    use crate::components::is_light_path;

    #[test]
    fn the_routes_without_page_code_in_the_browser_are_all_light() {
        for path in LIGHT_ROUTE_EXAMPLES {
            assert!(is_light_path(path), "{path}");
        }
    }
}
