//! The HTTP surface: one router for pages, server functions and operations,
//! wrapped in the layers every request passes (request id, tracing,
//! metrics, security headers, cross-origin protection, session lookup).

pub mod assets;
mod audit_csv;
mod client_ip;
mod csrf;
mod form_posts;
mod kept_answers;
mod logout;
mod metrics;
mod old_tab_links;
mod ops;
mod security_headers;
mod server_fn_errors;
mod session;
mod upstream;

use std::sync::{Arc, OnceLock};

use app::model::ApiReference;
use app::services::{CookiePolicy, CspNonce, Services};
use axum::Router;
use axum::body::Body;
use axum::extract::FromRef;
use axum::http::{HeaderName, Request};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::accounts::Accounts;
use crate::clients::Clients;
use crate::config::Cidr;
use crate::notices::Notices;
use crate::oidc::Provider;
use crate::orgs::Orgs;
use crate::store::Db;
use crate::systems::Systems;
pub use metrics::Metrics;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub accounts: Arc<Accounts>,
    /// Sign-in through upstream OpenID providers.
    pub federation: Arc<crate::federation::Federation>,
    /// Passkeys: adding them, and signing in with one.
    pub passkeys: Arc<crate::passkeys::Passkeys>,
    pub clients: Arc<Clients>,
    pub systems: Arc<Systems>,
    pub orgs: Arc<Orgs>,
    pub webhooks: Arc<crate::webhooks::Webhooks>,
    pub cookies: CookiePolicy,
    pub metrics: Arc<Metrics>,
    /// `scheme://host[:port]` of the public URL, for the same-origin check.
    pub origin: Arc<str>,
    /// The public URL without a trailing slash.
    #[from_ref(skip)]
    pub public_url: Arc<str>,
    pub provider: Arc<Provider>,
    /// The `/api/v1` reference page's content, built once at start.
    #[from_ref(skip)]
    pub api_reference: Arc<ApiReference>,
    /// Load balancers whose reports of the client's address are believed.
    pub trusted_proxies: Arc<[Cidr]>,
    /// Set once the server is stopping: readiness answers 503.
    pub draining: Draining,
    /// Expiry notices (scanned in the background; tests drive the clock).
    #[from_ref(skip)]
    pub notices: Notices,
    /// Seals with the key-encryption key (every replica has the same);
    /// here, it signs the errors plain form posts come back with.
    pub sealer: Arc<crate::crypto::sealing::Sealer>,
}

/// Whether the server has begun to stop.
#[derive(Clone, Debug, Default)]
pub struct Draining(Arc<std::sync::atomic::AtomicBool>);

impl Draining {
    pub fn start(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
    }

    pub fn is_draining(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id `SetRequestIdLayer` gave this request (for answers that name it).
fn request_id_of(req: &Request<Body>) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .to_owned()
}

/// The largest request body accepted.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// The app's routes, listed once per process.
///
/// Listing them runs the app with resource loading switched off by a
/// process-wide flag (leptos_server's `SuppressResourceLoad`): a page that
/// another router in the same process renders meanwhile waits forever on a
/// resource that started under the flag (leptos-rs/leptos#4773). One
/// process serves one app, except in the tests, which start many apps and
/// replicas side by side; listing once, before any of them serves, keeps
/// every render clear of that window.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

pub fn router(state: AppState) -> Router {
    let services = Services {
        accounts: state.accounts.clone(),
        clients: state.clients.clone(),
        client_admin: state.clients.clone(),
        consents: state.provider.clone(),
        keys: state.provider.clone(),
        systems: state.systems.clone(),
        orgs: state.orgs.clone(),
        webhooks: state.webhooks.clone(),
        two_step: state.accounts.clone(),
        federation: state.federation.clone(),
        passkeys: state.passkeys.clone(),
        cookies: state.cookies,
        public_url: state.public_url.clone(),
        api_reference: state.api_reference.clone(),
    };
    let routes = route_list();
    let page_context = {
        let services = services.clone();
        move || {
            provide_context(services.clone());
            // Hydration scripts must carry the nonce that the CSP header names.
            if let Some(nonce) = use_context::<axum::http::request::Parts>()
                .and_then(|p| p.extensions.get::<CspNonce>().cloned())
            {
                provide_context(leptos::nonce::Nonce::from_value(nonce.0));
            }
        }
    };
    let server_fn_context = move || provide_context(services.clone());
    let options = state.leptos_options.clone();
    // Unknown paths render the app's 404 page with the same context (and so
    // the same CSP nonce) as every other page; `/pkg/*` is the compiled site.
    let not_found = {
        let options = options.clone();
        leptos_axum::render_app_async_with_context(page_context.clone(), move || {
            app::shell(options.clone())
        })
    };
    let site_root = options.site_root.clone();
    let fallback = move |req: Request<Body>| {
        let (site_root, not_found) = (site_root.clone(), not_found.clone());
        async move {
            if req.uri().path().starts_with("/pkg/") {
                assets::serve(&site_root, req).await.into_response()
            } else {
                not_found(req).await
            }
        }
    };

    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/admin/audit.csv", get(audit_csv::download))
        .route("/oauth2/logout", get(logout::logout).post(logout::confirmed))
        .route("/login/with/{provider}", get(upstream::start))
        .route(crate::federation::CALLBACK_PATH, get(upstream::callback))
        // Server functions are routed by `leptos_routes_with_context` below,
        // each at its own path; this answers names that do not exist.
        .route(
            "/api/ui/{*fn_name}",
            get({
                let ctx = server_fn_context.clone();
                move |req| leptos_axum::handle_server_fns_with_context(ctx, req)
            })
            .post(move |req| leptos_axum::handle_server_fns_with_context(server_fn_context, req)),
        )
        .merge(crate::oidc::routes().with_state(state.provider.clone()))
        .merge(crate::api_v1::routes())
        .merge(crate::registration::routes())
        .leptos_routes_with_context(&state, routes, page_context, move || app::shell(options.clone()))
        // After routing, so the route template (MatchedPath) is known.
        .route_layer(middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .fallback(fallback)
        .layer(middleware::from_fn(old_tab_links::redirect_old_links))
        .layer(middleware::from_fn(server_fn_errors::answer_with_status))
        .layer(middleware::from_fn_with_state(
            form_posts::PlainForms { sealer: state.sealer.clone(), cookies: state.cookies },
            form_posts::plain_forms,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), session::resolve))
        .layer(middleware::from_fn_with_state(state.origin.clone(), csrf::cross_origin_protection))
        .layer(middleware::from_fn_with_state(state.cookies, security_headers::apply))
        .layer(middleware::from_fn_with_state(state.trusted_proxies.clone(), client_ip::resolve))
        // Nothing Portico accepts is near this size (a client form with 50
        // redirect URIs is ~100 KB); larger bodies are refused with 413.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let request_id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            // `route` is filled in with the route template once the request
            // is routed (see `metrics::track`); the raw path is never
            // logged, since paths can carry one-time tokens (`/setup/{token}`).
            tracing::info_span!("request", method = %req.method(), route = tracing::field::Empty, request_id = %request_id)
        }))
        .layer(assets::compress_html())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}
