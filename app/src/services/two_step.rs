//! Two-step sign-in: an authenticator app's codes after the password, and
//! recovery codes for a lost phone.

use std::net::IpAddr;

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult, SessionToken};
use crate::model::{AuthenticatorSetup, SignInPolicy, TwoStepStatus, Viewer};

/// How long a correct password waits for its code, in seconds.
pub const CHALLENGE_TTL_SECS: i64 = 5 * 60;
/// How long a correct password waits for the authenticator the policy
/// requires to be set up, in seconds.
pub const SET_UP_TTL_SECS: i64 = 15 * 60;

/// A correct password waiting for its code: the browser keeps it in a
/// short-lived cookie; `Debug` is redacted.
pub struct ChallengeToken(pub String);

impl std::fmt::Debug for ChallengeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChallengeToken(<hidden>)")
    }
}

/// Where a correct password leads.
#[derive(Debug)]
pub enum SignedIn {
    /// Signed in: a new session.
    Session(SessionToken, Viewer),
    /// The account asks for a code from its authenticator first.
    CodeNeeded(ChallengeToken),
    /// The sign-in policy requires an authenticator the account lacks, and
    /// its grace period is over: it is set up first (`/set-up-two-step`).
    SetUpNeeded(ChallengeToken),
}

impl SignedIn {
    /// A session, or the challenge of the step that comes first and the
    /// page that asks for it.
    pub fn into_step(self) -> Result<(SessionToken, Viewer), (ChallengeToken, &'static str)> {
        match self {
            Self::Session(token, viewer) => Ok((token, viewer)),
            Self::CodeNeeded(challenge) => Err((challenge, "/login/code")),
            Self::SetUpNeeded(challenge) => Err((challenge, "/set-up-two-step")),
        }
    }
}

#[async_trait]
pub trait TwoStepService: Send + Sync {
    async fn status(&self, session: &CurrentSession) -> ServiceResult<TwoStepStatus>;
    /// A new secret to scan; replaces one being set up, refused while an
    /// authenticator is on.
    async fn start(&self, session: &CurrentSession) -> ServiceResult<AuthenticatorSetup>;
    /// Turns the authenticator being set up on once `code` is one of its
    /// codes; the recovery codes, shown once.
    async fn confirm(&self, session: &CurrentSession, code: &str) -> ServiceResult<Vec<String>>;
    /// Turns two-step sign-in off, proved by a current code or a recovery
    /// code.
    async fn turn_off(&self, session: &CurrentSession, code: &str) -> ServiceResult<()>;
    /// Ten new recovery codes (the old ones stop working), proved by a
    /// current code.
    async fn new_recovery_codes(
        &self,
        session: &CurrentSession,
        code: &str,
    ) -> ServiceResult<Vec<String>>;
    /// "Confirm it is you": a code from the authenticator app (or a
    /// recovery code) that vouches for this session's next changes for
    /// `STEP_UP_SECS`.
    async fn step_up(&self, session: &CurrentSession, code: &str) -> ServiceResult<()>;
    /// The second step of a sign-in: a code from the authenticator, or a
    /// recovery code, for the challenge the password started.
    async fn second_step(
        &self,
        challenge: &str,
        code: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)>;
    /// The secret to scan for a sign-in that must set up an authenticator
    /// first (a new one each time, until one is confirmed).
    async fn begin_set_up(&self, challenge: &str) -> ServiceResult<AuthenticatorSetup>;
    /// Turns that authenticator on with its first code and signs in: the
    /// session and the recovery codes, shown once.
    async fn finish_set_up(
        &self,
        challenge: &str,
        code: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer, Vec<String>)>;
    /// Whom two-step sign-in is required of (admins only).
    async fn policy(&self, session: &CurrentSession) -> ServiceResult<SignInPolicy>;
    /// Changes it (admins only); people newly required get the grace
    /// period from now.
    async fn set_policy(
        &self,
        session: &CurrentSession,
        policy: SignInPolicy,
    ) -> ServiceResult<SignInPolicy>;
}
