//! The OpenID provider: plain axum handlers over the same database as the
//! portal.
//!
//! - `client/`: which client is asking and whether it proved it (secrets,
//!   `private_key_jwt`, public clients), and what it may do.
//! - `authorize/`: the authorization endpoint, the consent page's service
//!   and the redirect back to the client.
//! - `grants/`: the token endpoint and its grants (`client_credentials`,
//!   `authorization_code`, `refresh_token`).
//! - `tokens/`: access and ID tokens, and the endpoints that read them
//!   (introspection, revocation, userinfo, bearer checks).
//! - `keys/`: the signing keys, JWS, and their admin page's service.
//! - `verified/`: what this replica has verified and trusts for a while.

mod authorize;
mod client;
mod discovery;
mod error;
pub mod grants;
pub mod keys;
pub mod logout;
pub mod tokens;
pub mod verified;

use std::sync::Arc;
use std::time::Duration;

use app::domain::SigningAlg;
use axum::Router;
use axum::routing::{get, post};

use crate::crypto::passwords::Hasher;
use crate::rate_limit::Limiter;
use crate::store::Db;
pub use client::ProviderClient;
pub use client::auth::Authenticated;
pub use client::consents::ClientConsent;
pub use client::presented::{FormCredentials, Presented};
pub use error::{OAuthError, no_store};
pub use keys::KeyRing;
pub use verified::Verified;

/// Failed client authentications allowed per client id and address in a
/// minute; more are answered with 429.
const MAX_AUTH_FAILURES: u32 = 10;

pub struct Provider {
    db: Db,
    keys: Arc<KeyRing>,
    /// The public URL without a trailing slash; `iss` of every token.
    issuer: Arc<str>,
    verified: Arc<Verified>,
    hasher: Hasher,
    failures: Limiter,
    /// Signs access tokens; ID tokens use each client's own choice.
    access_alg: SigningAlg,
}

impl Provider {
    pub fn new(
        db: Db,
        keys: Arc<KeyRing>,
        issuer: Arc<str>,
        verified: Arc<Verified>,
        hasher: Hasher,
        access_alg: SigningAlg,
    ) -> Arc<Self> {
        let failures = Limiter::new(
            db.clone(),
            "client authentication",
            MAX_AUTH_FAILURES,
            Duration::from_secs(60),
        );
        Arc::new(Self {
            db,
            keys,
            issuer,
            verified,
            hasher,
            failures,
            access_alg,
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn keys(&self) -> &Arc<KeyRing> {
        &self.keys
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// Logs a failure with what was being done (the request span carries
    /// the request id) and turns it into an answer without its text:
    /// `temporarily_unavailable` (503) when the database cannot be reached,
    /// else `server_error`.
    pub fn internal(&self, doing: &str, err: impl std::fmt::Display + 'static) -> OAuthError {
        let unavailable = (&err as &dyn std::any::Any)
            .downcast_ref::<crate::store::StoreError>()
            .is_some_and(crate::store::StoreError::is_unavailable);
        if unavailable {
            tracing::warn!(error = %err, "provider unavailable while {doing}");
            OAuthError::temporarily_unavailable()
        } else {
            tracing::error!(error = %err, "provider failed while {doing}");
            OAuthError::server_error()
        }
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
            get(tokens::userinfo::userinfo).post(tokens::userinfo::userinfo),
        )
        .route("/oauth2/token", post(grants::token))
        .route("/oauth2/introspect", post(tokens::introspect::introspect))
        .route("/oauth2/revoke", post(tokens::introspect::revoke))
}
