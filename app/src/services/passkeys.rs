//! Passkeys: adding (named) and removing them, signing in with one, and
//! one in place of the code after a password or to confirm it is the
//! person.

use std::net::IpAddr;

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult, SessionToken};
use crate::model::{PasskeyCeremony, PasskeyInfo, SecondFactorWays, Viewer};

#[async_trait]
pub trait PasskeyService: Send + Sync {
    /// Whether this Portico can use passkeys (its public URL names a
    /// host by a domain name, as browsers require).
    fn available(&self) -> bool;
    async fn list(&self, session: &CurrentSession) -> ServiceResult<Vec<PasskeyInfo>>;
    /// Starts adding a passkey to the viewer's account (a step-up change).
    async fn begin_registration(&self, session: &CurrentSession) -> ServiceResult<PasskeyCeremony>;
    /// The browser's answer (`credential`: `PublicKeyCredential.toJSON()`):
    /// the passkey, stored under `name`.
    async fn finish_registration(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        name: &str,
        credential: &str,
    ) -> ServiceResult<PasskeyInfo>;
    /// Gives one of the viewer's passkeys a new name.
    async fn rename(
        &self,
        session: &CurrentSession,
        id: &str,
        name: &str,
    ) -> ServiceResult<PasskeyInfo>;
    /// Removes one (not the last way in of an account without a password).
    async fn remove(&self, session: &CurrentSession, id: &str) -> ServiceResult<()>;
    /// Starts a sign-in with whichever passkey the person picks.
    async fn begin_sign_in(&self, ip: IpAddr) -> ServiceResult<PasskeyCeremony>;
    /// The browser's answer: a session for the passkey's account.
    async fn finish_sign_in(
        &self,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)>;
    /// What the sign-in behind `challenge` (waiting for its second step)
    /// may take: a code (the account has an authenticator app), one of
    /// its passkeys.
    async fn second_step_ways(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<SecondFactorWays>;
    async fn begin_second_step(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<PasskeyCeremony>;
    /// The authenticator's answer: the session of the waiting sign-in.
    async fn finish_second_step(
        &self,
        challenge: &str,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)>;
    /// Starts "Confirm it is you" with one of the account's passkeys.
    async fn begin_step_up(&self, session: &CurrentSession) -> ServiceResult<PasskeyCeremony>;
    /// The authenticator's answer: the session counts as having taken a
    /// second factor now.
    async fn finish_step_up(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        credential: &str,
    ) -> ServiceResult<()>;
}
