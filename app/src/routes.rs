//! The route table. The pages a developer opens first (the dashboard and
//! the client list) are in the main WebAssembly file; the others come in
//! six groups, each a lazily loaded piece of the bundle: a release build
//! (`cargo leptos build --split`) cuts a group's code out into chunks
//! fetched when one of its pages is first shown. Splitting every page on
//! its own made over a hundred chunks fetched one after another (slower to
//! usable than one bigger file; figures in docs/figures.md). A build
//! without `--split` (debug, tests) keeps one file and the same behaviour.
//! Check the main file's size after a change to a group's shared code: a
//! `&dyn Fn` drawn by a shared shell (or a `to_lowercase`, whose tables
//! are static data) once pulled 42 KB of page code back into it
//! (`docs/figures.md`).
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

// A client's page as it is first opened from a link (an email, a chat):
// its overview, access and history, without the forms.
lazy_group!(client_pages, __preload_client_pages, ClientPages {
    Client => ClientPage,
    ClientAccess => ClientAccessPage,
    ClientHistory => ClientHistoryPage,
});

// What changes a client: registering one, its settings, secrets and test.
lazy_group!(client_tools, __preload_client_tools, ClientTools {
    NewClient => NewClientPage,
    ClientSettings => ClientSettingsPage,
    ClientSecrets => ClientSecretsPage,
    ClientTest => ClientTestPage,
});

// Teams and the systems that create drafts for them. Splitting these
// finer made fewer bytes but many more chunks (dozens of requests, slower
// to usable on slow networks: docs/figures.md).
lazy_group!(team_pages, __preload_team_pages, TeamPages {
    Orgs => OrgsPage,
    NewOrg => NewOrgPage,
    Invitation => InvitationPage,
    Org => OrgPage,
    OrgMembers => OrgMembersPage,
    OrgHistory => OrgHistoryPage,
    OrgInvitations => OrgInvitationsPage,
    OrgWebhooks => OrgWebhooksPage,
    OrgSettings => OrgSettingsPage,
    Webhook => WebhookPage,
    Systems => SystemsPage,
    NewSystem => NewSystemPage,
    System => SystemPage,
});

// The person's own account (both its pages) and the API reference.
lazy_group!(account_pages, __preload_account_pages, AccountPages {
    Account => AccountPage,
    AccountSecurity => AccountSecurityPage,
    SetUpTwoStep => SetUpTwoStepPage,
    ApiDocs => ApiDocsPage,
});

// Admins' pages.
lazy_group!(admin_pages, __preload_admin_pages, AdminPages {
    AdminAccounts => AdminAccountsPage,
    AdminApprovals => AdminApprovalsPage,
    AdminClients => AdminClientsPage,
    AdminClient => AdminClientPage,
    AdminScopes => AdminScopesPage,
    AdminAudit => AdminAuditPage,
    AdminKeys => AdminKeysPage,
    AdminIdentityProviders => AdminIdentityProvidersPage,
    AdminOrgs => AdminOrgsPage,
    AdminOutbox => AdminOutboxPage,
    AdminOrg => AdminOrgPage,
});

// End users' pages. Opened from outside they are sent without the bundle
// (see `components::light_page`); these chunks serve a link followed
// inside the portal.
lazy_group!(end_user_pages, __preload_end_user_pages, EndUserPages {
    Login => LoginPage,
    SignInCode => SignInCodePage,
    LinkAccount => LinkAccountPage,
    SignUp => SignUpPage,
    Logout => LogoutPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    VerifyEmail => VerifyEmailPage,
    Setup => SetupPage,
    ConfirmClient => ConfirmClientPage,
    Consent => ConsentPage,
    AuthorizeError => AuthorizeErrorPage,
});

/// Every page's address. Async everywhere: the page arrives complete, so it
/// works without JavaScript, and status codes (403, 404, redirects) that
/// depend on the viewer are known before the body.
#[component]
pub fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <pages::NotFound /> }>
            <Route path=path!("/") view=pages::HomePage ssr=SsrMode::Async />
            <Route path=path!("/login") view={Lazy::<Login>::new()} ssr=SsrMode::Async />
            <Route path=path!("/login/code") view={Lazy::<SignInCode>::new()} ssr=SsrMode::Async />
            <Route path=path!("/login/link") view={Lazy::<LinkAccount>::new()} ssr=SsrMode::Async />
            <Route path=path!("/signup") view={Lazy::<SignUp>::new()} ssr=SsrMode::Async />
            <Route path=path!("/logout") view={Lazy::<Logout>::new()} ssr=SsrMode::Async />
            <Route path=path!("/forgot-password") view={Lazy::<ForgotPassword>::new()} ssr=SsrMode::Async />
            <Route path=path!("/reset-password/:token") view={Lazy::<ResetPassword>::new()} ssr=SsrMode::Async />
            <Route path=path!("/verify-email/:token") view={Lazy::<VerifyEmail>::new()} ssr=SsrMode::Async />
            <Route path=path!("/account") view={Lazy::<Account>::new()} ssr=SsrMode::Async />
            <Route path=path!("/account/security") view={Lazy::<AccountSecurity>::new()} ssr=SsrMode::Async />
            <Route path=path!("/set-up-two-step") view={Lazy::<SetUpTwoStep>::new()} ssr=SsrMode::Async />
            <Route path=path!("/setup/:token") view={Lazy::<Setup>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/accounts") view={Lazy::<AdminAccounts>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/approvals") view={Lazy::<AdminApprovals>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/clients") view={Lazy::<AdminClients>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/clients/:id") view={Lazy::<AdminClient>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/scopes") view={Lazy::<AdminScopes>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/audit") view={Lazy::<AdminAudit>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/keys") view={Lazy::<AdminKeys>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/identity-providers") view={Lazy::<AdminIdentityProviders>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/organisations") view={Lazy::<AdminOrgs>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/email") view={Lazy::<AdminOutbox>::new()} ssr=SsrMode::Async />
            <Route path=path!("/admin/organisations/:id") view={Lazy::<AdminOrg>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs") view={Lazy::<Orgs>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/new") view={Lazy::<NewOrg>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id") view={Lazy::<Org>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/members") view={Lazy::<OrgMembers>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/invitations") view={Lazy::<OrgInvitations>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/webhooks") view={Lazy::<OrgWebhooks>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/settings") view={Lazy::<OrgSettings>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/history") view={Lazy::<OrgHistory>::new()} ssr=SsrMode::Async />
            <Route path=path!("/orgs/:id/webhooks/:endpoint") view={Lazy::<Webhook>::new()} ssr=SsrMode::Async />
            <Route path=path!("/invitations/:token") view={Lazy::<Invitation>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients") view=pages::ClientsPage ssr=SsrMode::Async />
            <Route path=path!("/clients/new") view={Lazy::<NewClient>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id") view={Lazy::<Client>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/settings") view={Lazy::<ClientSettings>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/secrets") view={Lazy::<ClientSecrets>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/access") view={Lazy::<ClientAccess>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/test") view={Lazy::<ClientTest>::new()} ssr=SsrMode::Async />
            <Route path=path!("/clients/:id/history") view={Lazy::<ClientHistory>::new()} ssr=SsrMode::Async />
            <Route path=path!("/systems") view={Lazy::<Systems>::new()} ssr=SsrMode::Async />
            <Route path=path!("/api-docs") view={Lazy::<ApiDocs>::new()} ssr=SsrMode::Async />
            <Route path=path!("/systems/new") view={Lazy::<NewSystem>::new()} ssr=SsrMode::Async />
            <Route path=path!("/systems/:id") view={Lazy::<System>::new()} ssr=SsrMode::Async />
            <Route path=path!("/confirm-client/:client_id") view={Lazy::<ConfirmClient>::new()} ssr=SsrMode::Async />
            <Route path=path!("/consent") view={Lazy::<Consent>::new()} ssr=SsrMode::Async />
            <Route path=path!("/authorize-error") view={Lazy::<AuthorizeError>::new()} ssr=SsrMode::Async />
        </Routes>
    }
}
