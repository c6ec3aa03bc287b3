//! Signing in through upstream OpenID providers ("Sign in with …"): the
//! dance with the provider (`flow`), what its answer does to accounts
//! (`callback`), the admins' settings (`settings`), and the
//! `FederationService` the pages call.

mod callback;
mod discovery;
mod flow;
mod service;
mod settings;

pub use callback::{CallbackQuery, Failure, Finished, Outcome};
pub use settings::FileProvider;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use app::services::ServiceResult;

use crate::accounts::Accounts;
use crate::crypto::sealing::Sealer;
use crate::crypto::tokens::hash_token;
use crate::rate_limit::Limiter;
use crate::store::upstream::{self as store, ProviderRow, SignInRow};
use crate::store::{Db, now};

/// How long a sign-in sent to a provider may take to come back.
pub const SIGN_IN_TTL_SECS: i64 = 10 * 60;
/// The path the providers send the browser back to.
pub const CALLBACK_PATH: &str = "/login/upstream/callback";

pub struct Federation {
    db: Db,
    sealer: Arc<Sealer>,
    /// Providers' discovery documents, kept a few minutes.
    discovery: discovery::Discovery,
    /// The public URL without a trailing slash.
    public_url: Arc<str>,
    accounts: Arc<Accounts>,
    /// Sign-ins started per client address (each asks the provider for
    /// its discovery document and stores a row).
    starts: Limiter,
}

/// Sign-ins one address may start in `START_WINDOW`.
const STARTS_PER_ADDRESS: u32 = 60;
const START_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A sign-in sent to a provider: where the browser goes, and the `state`
/// it keeps in a cookie until it comes back.
pub struct Begun {
    pub url: String,
    pub state: String,
}

impl Federation {
    pub fn new(
        db: Db,
        sealer: Arc<Sealer>,
        public_url: Arc<str>,
        accounts: Arc<Accounts>,
    ) -> anyhow::Result<Arc<Self>> {
        Ok(Arc::new(Self {
            starts: Limiter::new(
                db.clone(),
                "upstream sign-in address",
                STARTS_PER_ADDRESS,
                START_WINDOW,
            ),
            db,
            sealer,
            discovery: discovery::Discovery::new(crate::outbox::http_client("Portico")?),
            public_url,
            accounts,
        }))
    }

    /// The redirect URI registered at every provider.
    pub fn redirect_uri(&self) -> String {
        format!("{}{CALLBACK_PATH}", self.public_url)
    }

    /// Starts a sign-in (or, with `link_account`, a signed-in person's
    /// linking) through provider `id`: `None` when there is no such
    /// enabled provider.
    pub async fn begin(
        &self,
        id: &str,
        next: &str,
        link_account: Option<&str>,
        ip: IpAddr,
    ) -> ServiceResult<Option<Result<Begun, Failure>>> {
        let Some(provider) = self.enabled(id).await? else {
            return Ok(None);
        };
        let ip_key = ip.to_string();
        if let Err(retry_after_secs) = self.starts.check(&ip_key).await? {
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        self.starts.record(&ip_key).await?;
        let request = match flow::request(&self.discovery, &provider, &self.redirect_uri()).await {
            Ok(request) => request,
            Err(err) => {
                tracing::warn!(provider = %provider.id, error = %err, "upstream provider unavailable");
                return Ok(Some(Err(Failure::Unavailable)));
            }
        };
        let row = SignInRow {
            provider_id: provider.id.clone(),
            nonce: request.nonce,
            sealed_verifier: self
                .sealer
                .seal(
                    request.verifier.as_bytes(),
                    &verifier_context(&request.state),
                )
                .map_err(|e| app::services::ServiceError::internal("sealing a PKCE verifier", e))?,
            next: next.to_owned(),
            link_account_id: link_account.map(str::to_owned),
        };
        let now = now();
        store::insert_sign_in(
            self.db.pool(),
            &hash_token(&request.state),
            &row,
            now,
            now + SIGN_IN_TTL_SECS,
        )
        .await?;
        Ok(Some(Ok(Begun {
            url: request.url,
            state: request.state,
        })))
    }

    async fn enabled(&self, id: &str) -> ServiceResult<Option<ProviderRow>> {
        Ok(store::provider(self.db.pool(), id)
            .await?
            .filter(|p| p.enabled != 0))
    }

    /// Forgets sign-ins and link offers nobody finished.
    pub async fn sweep(&self) -> ServiceResult<u64> {
        let mut conn = self.db.acquire().await?;
        Ok(store::delete_expired(&mut conn, now()).await?)
    }
}

/// The sealed PKCE verifier is bound to its sign-in's state.
fn verifier_context(state: &str) -> String {
    format!("upstream-sign-in:{}", hash_token(state))
}

/// The sealed client secret is bound to its provider.
fn secret_context(provider_id: &str) -> String {
    format!("identity-provider:{provider_id}")
}
