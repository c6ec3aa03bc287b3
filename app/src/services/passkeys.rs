//! Passkeys: adding (named) and removing them, and signing in with one.

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
}
