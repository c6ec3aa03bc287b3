//! Passkeys: adding (named) and removing them, signing in with one, and
//! one in place of the code after a password.

use std::net::IpAddr;

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult, SessionToken};
use crate::model::{PasskeyCeremony, PasskeyInfo, Viewer};

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
    /// Whether the sign-in behind `challenge` (waiting for its second
    /// step) may take one of the account's passkeys in place of a code.
    async fn second_step_possible(&self, challenge: &str, ip: IpAddr) -> ServiceResult<bool>;
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
}
