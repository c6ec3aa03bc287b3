//! The OpenID provider: discovery, keys, the token endpoint, introspection
//! and revocation, as plain axum handlers over the same database as the
//! portal.

mod admin_keys;
mod authorize;
mod bearer;
mod client;
mod client_assertion;
mod client_auth;
mod code_grant;
mod consent;
mod discovery;
mod error;
mod id_token;
mod introspect;
mod issue;
mod jwt;
pub mod keys;
pub mod logout;
mod redirect;
pub mod signing_key;
pub mod token;
pub mod tokens;
mod userinfo;
pub mod verified;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};

use crate::crypto::passwords::Hasher;
use crate::rate_limit::Limiter;
use crate::store::Db;
pub use client::ProviderClient;
pub use error::{OAuthError, no_store};
pub use keys::KeyRing;
use signing_key::Alg;
pub use verified::Verified;

/// Failed client authentications allowed per client id and minute before
/// the endpoint stops verifying secrets for it.
const MAX_AUTH_FAILURES: u32 = 10;

pub struct Provider {
    db: Db,
    keys: Arc<KeyRing>,
    /// The public URL without a trailing slash; `iss` of every token.
    issuer: Arc<str>,
    verified: Arc<Verified>,
    hasher: Hasher,
    failures: Limiter,
    /// Signs access tokens; ID tokens are RS256 (the OIDC default).
    access_alg: Alg,
}

impl Provider {
    pub fn new(
        db: Db,
        keys: Arc<KeyRing>,
        issuer: Arc<str>,
        verified: Arc<Verified>,
        hasher: Hasher,
        access_alg: &str,
    ) -> Arc<Self> {
        Arc::new(Self {
            db,
            keys,
            issuer,
            verified,
            hasher,
            failures: Limiter::new(MAX_AUTH_FAILURES, Duration::from_secs(60)),
            access_alg: Alg::parse(access_alg).unwrap_or(Alg::Es256),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn keys(&self) -> &Arc<KeyRing> {
        &self.keys
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// Logs an internal failure (the request span carries the request id)
    /// and turns it into a `server_error` without its text.
    pub fn internal(&self, err: impl std::fmt::Display) -> OAuthError {
        tracing::error!(error = %err, "provider request failed");
        OAuthError::server_error()
    }
}

/// The provider's routes. All but `/oauth2/authorize` authenticate with
/// explicit credentials, not cookies.
pub fn routes() -> Router<Arc<Provider>> {
    Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(discovery::configuration),
        )
        .route(
            "/.well-known/oauth-authorization-server",
            get(discovery::configuration),
        )
        .route("/oauth2/jwks", get(discovery::jwks))
        .route(
            "/oauth2/authorize",
            get(authorize::authorize_get).post(authorize::authorize_post),
        )
        .route(
            "/oauth2/userinfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/oauth2/token", post(token::token))
        .route("/oauth2/introspect", post(introspect::introspect))
        .route("/oauth2/revoke", post(introspect::revoke))
}
