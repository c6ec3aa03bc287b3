//! Portico's shared crate: domain types, server functions, pages and
//! components. Compiled for the server (`ssr`) and for the browser
//! (`hydrate`); server-only code sits behind `ssr`.
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod ids;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod services;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::{Layout, LightPageScript, Session, rendering_light_page};
use crate::pages::*;

/// The HTML document around the app, rendered on the server.
/// End users' pages (sign-in, consent…) go without the WebAssembly bundle
/// (see `components::light_page`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let light = rendering_light_page();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%234338ca'/%3E%3C/svg%3E" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {(!light).then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body class="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
                <App />
                {light.then(|| view! { <LightPageScript /> })}
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Session::provide();
    // Marks the page as interactive; browser tests wait for it before clicking.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Portico".to_owned() } else { format!("{text} · Portico") } />
        <Router>
            <Layout>
                // Async everywhere: the page arrives complete, so it works
                // without JavaScript, and status codes (403, 404, redirects)
                // that depend on the viewer are known before the body.
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/logout") view=LogoutPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password/:token") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/verify-email/:token") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/accounts") view=AdminAccountsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/approvals") view=AdminApprovalsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/clients") view=AdminClientsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/scopes") view=AdminScopesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/keys") view=AdminKeysPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organisations") view=AdminOrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/email") view=AdminOutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organisations/:id") view=AdminOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs") view=OrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/new") view=NewOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id") view=OrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/webhooks/:endpoint") view=WebhookPage ssr=SsrMode::Async />
                    <Route path=path!("/invitations/:token") view=InvitationPage ssr=SsrMode::Async />
                    <Route path=path!("/clients") view=ClientsPage ssr=SsrMode::Async />
                    <Route path=path!("/clients/new") view=NewClientPage ssr=SsrMode::Async />
                    <Route path=path!("/clients/:id") view=ClientPage ssr=SsrMode::Async />
                    <Route path=path!("/systems") view=SystemsPage ssr=SsrMode::Async />
                    <Route path=path!("/api-docs") view=ApiDocsPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/new") view=NewSystemPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/:id") view=SystemPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm-client/:client_id") view=ConfirmClientPage ssr=SsrMode::Async />
                    <Route path=path!("/consent") view=ConsentPage ssr=SsrMode::Async />
                    <Route path=path!("/authorize-error") view=AuthorizeErrorPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
