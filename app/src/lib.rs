//! Portico's shared crate: domain types, server functions, pages and
//! components. Compiled for the server (`ssr`) and for the browser
//! (`hydrate`); server-only code sits behind `ssr`.
// Denied, not forbidden: `routes` lets the bundle-splitting macros
// declare their chunk loaders.
#![deny(unsafe_code)]
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod ids;
pub mod model;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod services;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::Router;

use crate::components::{Layout, LightPageScript, Session, rendering_light_page};
use crate::routes::PageRoutes;

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
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Portico".to_owned() } else { format!("{text} · Portico") } />
        <Router>
            <Layout>
                <PageRoutes />
            </Layout>
        </Router>
    }
}
