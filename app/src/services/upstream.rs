//! Upstream OpenID providers: the sign-in page's buttons, the admins'
//! settings, linked identities, and linking one to an existing account.

use std::net::IpAddr;

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult, SignedIn};
use crate::model::{IdentityProvider, LinkOffer, LinkedIdentities, SignInOption};

/// What an admin saves for an upstream provider.
#[derive(Clone, Debug)]
pub struct ProviderSettings {
    pub id: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// Empty when editing: keep the stored one.
    pub client_secret: String,
    pub scopes: String,
    pub allowed_domains: String,
    pub new_accounts_developers: bool,
    pub enabled: bool,
}

#[async_trait]
pub trait FederationService: Send + Sync {
    /// The enabled providers, for "Sign in with …".
    async fn sign_in_options(&self) -> ServiceResult<Vec<SignInOption>>;
    async fn providers(&self, admin: &CurrentSession) -> ServiceResult<Vec<IdentityProvider>>;
    /// Adds (`creating`) or changes a provider, after reading its discovery
    /// document; a step-up change.
    async fn save_provider(
        &self,
        admin: &CurrentSession,
        settings: ProviderSettings,
        creating: bool,
    ) -> ServiceResult<IdentityProvider>;
    /// Removes a provider and every identity linked through it.
    async fn delete_provider(&self, admin: &CurrentSession, id: &str) -> ServiceResult<()>;
    async fn linked(&self, session: &CurrentSession) -> ServiceResult<LinkedIdentities>;
    /// Unlinks one of the viewer's identities (not the last way in).
    async fn unlink(
        &self,
        session: &CurrentSession,
        issuer: &str,
        subject: &str,
    ) -> ServiceResult<()>;
    async fn link_offer(&self, token: &str) -> ServiceResult<LinkOffer>;
    /// The existing account's password: the identity is linked and the
    /// person signed in (or sent to their second step); with where to go.
    async fn accept_link_offer(
        &self,
        token: &str,
        password: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SignedIn, String)>;
}
