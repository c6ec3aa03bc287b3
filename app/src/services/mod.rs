//! The services that server functions call, declared here and implemented
//! by the `server` crate (which depends on `app`, never the reverse).
//! Server-only: compiled with the `ssr` feature.

use std::net::IpAddr;
use std::sync::Arc;

use async_trait::async_trait;
use leptos::prelude::*;

mod clients;
mod consents;
mod cookies;
mod error;
mod keys;
mod orgs;
mod passkeys;
mod systems;
mod two_step;
mod upstream;
mod webhooks;
pub use clients::*;
pub use consents::*;
pub use cookies::*;
pub use error::*;
pub use keys::*;
pub use orgs::*;
pub use passkeys::*;
pub use systems::*;
pub use two_step::*;
pub use upstream::*;
pub use webhooks::*;

use crate::domain::{DisplayName, Email, Password};
use crate::error::AppError;
use crate::model::{
    AccountOrder, AccountPage, AccountSummary, ApiReference, NotificationPref, OutboxMessage,
    SessionSummary, Viewer,
};

/// A new session's cookie value; `Debug` is redacted.
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(<hidden>)")
    }
}

/// The session a request arrived with, resolved by the server's session
/// middleware and stored in the request's extensions.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    /// Database key of the session (a hash of the cookie value).
    pub session_key: String,
    pub viewer: Viewer,
    /// When the session began (the `auth_time` of ID tokens issued
    /// under it).
    pub signed_in_at: i64,
    /// How the person proved who they are (`pwd`, `pwd otp`; RFC 8176).
    pub amr: String,
    /// The account has an authenticator app turned on.
    pub has_app: bool,
    /// The account has at least one passkey.
    pub has_passkey: bool,
    /// When this session last took a second factor (a code, a passkey).
    pub second_factor_at: Option<i64>,
}

/// How long a second factor (a code, a passkey) vouches for the changes
/// that hand out keys (secrets, API keys, signing keys, roles).
pub const STEP_UP_SECS: i64 = 10 * 60;

impl CurrentSession {
    /// The account has a second factor to confirm it is the person: an
    /// authenticator app or a passkey.
    pub fn has_second_factor(&self) -> bool {
        self.has_app || self.has_passkey
    }

    /// What "confirm it is you" may take: a code, a passkey.
    pub fn second_factor_ways(&self) -> crate::model::SecondFactorWays {
        crate::model::SecondFactorWays {
            code: self.has_app,
            passkey: self.has_passkey,
        }
    }

    /// For the changes that hand out keys: an account with a second
    /// factor must have given it (a code or a passkey) in this session
    /// within `STEP_UP_SECS` (an account without one passes).
    pub fn require_fresh_second_factor(&self) -> Result<(), AppError> {
        let fresh = self
            .second_factor_at
            .is_some_and(|at| unix_now().saturating_sub(at) <= STEP_UP_SECS);
        if self.has_second_factor() && !fresh {
            return Err(AppError::SecondFactorRequired);
        }
        Ok(())
    }
}

/// Response header by which a page asks the security-header layer to allow
/// one more origin in `form-action` (the consent page: its answer redirects
/// to the client). The layer checks the value and removes the header.
pub const FORM_ACTION_HEADER: &str = "x-portico-form-action";

/// The per-request CSP nonce, set by the server's security-header layer.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

pub struct NewAccount {
    pub email: Email,
    pub display_name: DisplayName,
    pub password: Password,
}

#[async_trait]
pub trait AccountService: Send + Sync {
    async fn sign_up(
        &self,
        account: NewAccount,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)>;
    /// A session, or a challenge when the account asks for a code from
    /// its authenticator app too.
    async fn sign_in(
        &self,
        email: Email,
        password: Password,
        ip: IpAddr,
    ) -> ServiceResult<SignedIn>;
    async fn sign_out(&self, session_key: &str) -> ServiceResult<()>;
    async fn update_profile(
        &self,
        session: &CurrentSession,
        name: DisplayName,
    ) -> ServiceResult<Viewer>;
    /// Checks the current password, stores the new one and ends every other
    /// session of the account.
    async fn change_password(
        &self,
        session: &CurrentSession,
        current: Password,
        new: Password,
        ip: IpAddr,
    ) -> ServiceResult<()>;
    /// Emails a one-time reset link when `email` has an account; the same
    /// answer either way.
    async fn request_password_reset(&self, email: Email, ip: IpAddr) -> ServiceResult<()>;
    async fn password_reset_valid(&self, token: &str) -> ServiceResult<bool>;
    /// Spends the link, stores the new password, ends every session of the
    /// account and starts a new one (or, with two-step sign-in on, asks
    /// for a code first).
    async fn reset_password(
        &self,
        token: &str,
        new: Password,
        ip: IpAddr,
    ) -> ServiceResult<SignedIn>;
    async fn setup_link_valid(&self, token: &str) -> ServiceResult<bool>;
    /// Spends an email verification link.
    async fn verify_email(&self, token: &str) -> ServiceResult<bool>;
    /// Makes the signed-in person a developer, with a personal organisation
    /// and its client-id prefix, once they accept the developer terms
    /// (where this Portico lets people do that themselves).
    async fn become_developer(
        &self,
        session: &CurrentSession,
        accept_terms: bool,
    ) -> ServiceResult<Viewer>;
    /// Sends the signed-in person a new verification link.
    async fn resend_verification(&self, session: &CurrentSession) -> ServiceResult<()>;
    /// The viewer's live sessions, the most recently used first, the
    /// current one marked.
    async fn my_sessions(&self, session: &CurrentSession) -> ServiceResult<Vec<SessionSummary>>;
    /// Ends one of the viewer's other sessions (`reference` from the
    /// list; not found when it is no longer live).
    async fn end_session(&self, session: &CurrentSession, reference: &str) -> ServiceResult<()>;
    /// Ends every session of the viewer but this one; how many ended.
    async fn end_other_sessions(&self, session: &CurrentSession) -> ServiceResult<u64>;
    /// Which notification emails the viewer gets.
    async fn notification_prefs(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<NotificationPref>>;
    async fn set_notification_pref(
        &self,
        session: &CurrentSession,
        kind: &str,
        enabled: bool,
    ) -> ServiceResult<Vec<NotificationPref>>;
    /// Spends a one-time setup link to create the first admin.
    async fn complete_setup(
        &self,
        token: &str,
        account: NewAccount,
    ) -> ServiceResult<(SessionToken, Viewer)>;
    /// A page of accounts (`PAGE_SIZE`) in `order`, after `after`, whose
    /// email or name contains `search`.
    async fn list_accounts(
        &self,
        admin: &CurrentSession,
        search: &str,
        order: AccountOrder,
        after: Option<&str>,
    ) -> ServiceResult<AccountPage>;
    /// Admins: the newest outbox messages, failed ones first.
    async fn outbox(&self, admin: &CurrentSession) -> ServiceResult<Vec<OutboxMessage>>;
    async fn set_roles(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        developer: bool,
        admin_role: bool,
    ) -> ServiceResult<AccountSummary>;
    /// Admins: disables an account (it cannot sign in; its sessions and
    /// refresh tokens end at once) or enables it again. Never one's own.
    async fn set_disabled(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        disabled: bool,
    ) -> ServiceResult<AccountSummary>;
    /// Admins: ends every session of another account (it must sign in
    /// again; the apps it allowed keep their tokens); how many ended.
    async fn end_account_sessions(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<u64>;
    /// Admins: removes another account's authenticator and recovery codes
    /// (a lost phone and lost codes); its next sign-in asks for the
    /// password only. Never one's own (use `/account`).
    async fn reset_two_step(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<AccountSummary>;
}

/// Everything server functions can reach, provided as context per request.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn AccountService>,
    pub clients: Arc<dyn ClientService>,
    pub client_admin: Arc<dyn ClientAdminService>,
    pub consents: Arc<dyn ConsentService>,
    pub keys: Arc<dyn KeyService>,
    pub systems: Arc<dyn SystemService>,
    pub orgs: Arc<dyn OrgService>,
    pub webhooks: Arc<dyn WebhookService>,
    pub two_step: Arc<dyn TwoStepService>,
    pub federation: Arc<dyn FederationService>,
    pub passkeys: Arc<dyn PasskeyService>,
    pub cookies: CookiePolicy,
    /// The public URL without a trailing slash (the issuer), for snippets.
    pub public_url: Arc<str>,
    /// The `/api/v1` reference, read from its OpenAPI document at start.
    pub api_reference: Arc<ApiReference>,
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("services missing from context");
        AppError::Internal {
            request_id: request_id(),
        }
    })
}

pub(crate) fn parts() -> Option<axum::http::request::Parts> {
    use_context::<axum::http::request::Parts>()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub fn request_id() -> String {
    parts()
        .and_then(|p| {
            p.headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".into())
}

pub fn current_session() -> Option<CurrentSession> {
    parts().and_then(|p| p.extensions.get::<CurrentSession>().cloned())
}

pub fn require_session() -> Result<CurrentSession, AppError> {
    current_session().ok_or(AppError::Unauthenticated)
}

/// The session, for a change that hands out keys: with an authenticator,
/// one that gave a code within `STEP_UP_SECS`.
pub fn require_session_with_fresh_code() -> Result<CurrentSession, AppError> {
    let session = require_session()?;
    session.require_fresh_second_factor()?;
    Ok(session)
}

/// The address a request came from, as the server's client-address layer
/// worked it out (the peer, or what a trusted proxy says the peer was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub fn client_ip() -> IpAddr {
    parts()
        .and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0))
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

/// Turns a service failure into the error the browser sees, logging
/// internal causes with the request id, and sets the response status for
/// API callers. (A plain form post from a browser without JavaScript must
/// keep the redirect status leptos sets, so it is left alone.)
pub fn to_app_error(err: ServiceError) -> AppError {
    let err = match err {
        ServiceError::Public(e) => e,
        ServiceError::Unavailable(cause) => {
            let request_id = request_id();
            tracing::warn!(%request_id, error = %cause, "unavailable");
            AppError::Unavailable { request_id }
        }
        ServiceError::Internal(cause) => {
            let request_id = request_id();
            tracing::error!(%request_id, error = %cause, "internal error");
            AppError::Internal { request_id }
        }
    };
    set_error_status(&err);
    err
}

/// A plain HTML form post to a server function (no JavaScript), which
/// expects a redirect rather than data.
pub fn is_plain_form_post() -> bool {
    parts().is_some_and(|p| is_plain_form_post_to(&p.uri, &p.headers))
}

/// Whether a request to `uri` with `headers` is a plain HTML form post to
/// a server function (also read by the server's `http::form_posts`).
pub fn is_plain_form_post_to(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> bool {
    uri.path().starts_with("/api/ui/")
        && headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

pub fn set_error_status(err: &AppError) {
    if is_plain_form_post() {
        return;
    }
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(err.status()),
    ) {
        res.set_status(status);
    }
}
