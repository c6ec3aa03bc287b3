//! The client-registration service: clients, secrets, scope catalog, audit.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::domain::{
    ClientId, ClientKind, DisplayName, GrantTypes, PublicJwks, RedirectUri, ScopeName,
    SecretExpiry, Suffix,
};
use crate::model::{
    AdminClient, AuditEntry, ClientDetail, ClientSummary, NewSecret, PendingClient, ScopeInfo,
    SecretInfo, TestRun,
};

/// A client secret pasted by its developer for a test run; used once,
/// never stored, and redacted in `Debug`.
pub struct PastedSecret(pub String);

impl std::fmt::Debug for PastedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PastedSecret(<hidden>)")
    }
}

/// Everything about a client that its developer can set, validated.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    pub display_name: DisplayName,
    pub description: String,
    pub kind: ClientKind,
    pub grant_types: GrantTypes,
    pub scopes: Vec<ScopeName>,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    /// `client_secret_basic`, `client_secret_post` or `private_key_jwt`;
    /// `none` for public clients.
    pub token_endpoint_auth_method: &'static str,
    /// The public keys of a `private_key_jwt` client; `None` otherwise.
    pub jwks: Option<PublicJwks>,
    /// `RS256` or `ES256`.
    pub id_token_signed_response_alg: &'static str,
}

/// A catalog entry as an admin submits it, validated.
#[derive(Clone, Debug)]
pub struct ScopeDefinition {
    pub name: ScopeName,
    pub description: String,
    pub resource: String,
    pub requires_approval: bool,
    pub enabled: bool,
}

#[async_trait]
pub trait ClientService: Send + Sync {
    /// The catalog; disabled scopes only when `include_disabled`.
    async fn scope_catalog(&self, include_disabled: bool) -> ServiceResult<Vec<ScopeInfo>>;
    async fn list_clients(&self, session: &CurrentSession) -> ServiceResult<Vec<ClientSummary>>;
    async fn create_client(
        &self,
        session: &CurrentSession,
        suffix: Suffix,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail>;
    async fn client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<ClientDetail>;
    async fn update_client(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail>;
    async fn delete_client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<()>;
    async fn secrets(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<SecretInfo>>;
    async fn create_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewSecret>;
    async fn revoke_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret_id: &str,
    ) -> ServiceResult<()>;
    /// Audit entries of one client, for its owner.
    async fn history(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<AuditEntry>>;
    async fn save_scope(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo>;
    /// Every change, newest first, optionally filtered (admins only).
    async fn audit(
        &self,
        admin: &CurrentSession,
        client_id: Option<String>,
        actor: Option<String>,
    ) -> ServiceResult<Vec<AuditEntry>>;
    /// Clients with scopes waiting for approval, oldest first (admins only).
    async fn pending_clients(&self, admin: &CurrentSession) -> ServiceResult<Vec<PendingClient>>;
    /// An admin grants or rejects one requested scope; rejecting needs a
    /// reason, which the developer sees. A client with nothing left pending
    /// becomes active.
    async fn decide_scope(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()>;
    /// An admin approves the whole client (every pending scope granted) or
    /// rejects it with a reason (admins only).
    async fn decide_client(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        approve: bool,
        reason: String,
    ) -> ServiceResult<()>;
    /// Every live client with its standing (admins only).
    async fn all_clients(&self, admin: &CurrentSession) -> ServiceResult<Vec<AdminClient>>;
    /// Suspends (with a reason) or reinstates a client; the token endpoint
    /// honours it at once.
    async fn set_suspended(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()>;
    /// The longest a new secret may live, in months (admin-set).
    fn max_secret_months(&self) -> u32;
    /// Runs client_credentials with `secret` against the provider, then
    /// calls `GET /api/v1/consents` with the token, step by step.
    async fn run_test(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret: PastedSecret,
    ) -> ServiceResult<TestRun>;
}
