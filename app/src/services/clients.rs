//! The client services: what developers do with their clients
//! (`ClientService`) and what admins decide about everyone's
//! (`ClientAdminService`).

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::domain::{
    AuthMethod, ClientId, ClientKind, DisplayName, GrantTypes, PublicJwks, RedirectUri, ScopeName,
    Scopes, SecretExpiry, SigningAlg, Suffix,
};
use crate::model::{
    AdminClient, AuditPage, AuditQuery, ClientDetail, ClientLinks, ClientOrder, ClientSummary,
    CredentialInfo, ExpiringCredential, ListPage, NewCredential, PendingClient, ScopeInfo, TestRun,
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
    pub scopes: Scopes,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    /// Its logo and pages for end users, checked (`domain::InfoUri`).
    pub links: ClientLinks,
    /// `none` exactly for public clients.
    pub token_endpoint_auth_method: AuthMethod,
    /// The public keys of a `private_key_jwt` client; `None` otherwise.
    pub jwks: Option<PublicJwks>,
    pub id_token_signed_response_alg: SigningAlg,
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

/// What a developer does with the clients they own. Another developer's
/// client is "not found", exactly like one that does not exist.
/// The audit log's filter, checked: every `None` matches all.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub client_id: Option<String>,
    /// Lower-cased.
    pub actor: Option<String>,
    pub org_id: Option<String>,
    pub action: Option<String>,
    /// Unix seconds: from (inclusive), until (exclusive).
    pub from: Option<i64>,
    pub until: Option<i64>,
}

impl AuditFilter {
    /// Checks a query from the page's address: the dates, and the range.
    pub fn parse(query: &AuditQuery) -> Result<Self, crate::error::AppError> {
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut checks = crate::error::Checks::default();
        let day = |checks: &mut crate::error::Checks, field: &'static str, v: &Option<String>| {
            clean(v).and_then(|text| checks.check(field, crate::domain::Date::parse(&text)))
        };
        let from = day(&mut checks, "from", &query.from).map(|d| d.unix_start());
        let until = day(&mut checks, "to", &query.to).map(|d| d.unix_start() + 86_400);
        if let (Some(from), Some(until)) = (from, until)
            && until <= from
        {
            checks.fail("to", "The last day comes before the first.");
        }
        checks.finish()?;
        Ok(Self {
            client_id: clean(&query.client_id),
            actor: clean(&query.actor).map(|a| a.to_lowercase()),
            org_id: clean(&query.org_id),
            action: clean(&query.action),
            from,
            until,
        })
    }
}

#[async_trait]
pub trait ClientService: Send + Sync {
    /// The enabled scopes of the catalog, for the client forms.
    async fn scope_catalog(&self) -> ServiceResult<Vec<ScopeInfo>>;
    /// A page of the active organisation's clients in `order`, whose id
    /// or name contains `search`, after the cursor `after`.
    async fn list_clients(
        &self,
        session: &CurrentSession,
        search: &str,
        order: ClientOrder,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<ClientSummary>>;
    /// Secrets and API keys of the active organisation expiring within 30
    /// days or expired in the last 7, soonest first.
    async fn expiring_credentials(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<ExpiringCredential>>;
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
    /// A page of a client's secrets, newest first (`after`: the cursor of
    /// the page before).
    async fn secrets(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<CredentialInfo>>;
    async fn create_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewCredential>;
    async fn revoke_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret_id: &str,
    ) -> ServiceResult<()>;
    /// A page of one client's audit entries (newest first, older than the
    /// entry `before`), for its organisation.
    async fn history(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        before: Option<i64>,
    ) -> ServiceResult<AuditPage>;
    /// The longest a new secret (or API key) may live, in months (admin-set).
    fn max_secret_months(&self) -> u32;
    /// Runs client_credentials with `secret` against the provider, then
    /// calls `GET /api/v1/consents` with the token, step by step.
    /// (`from`: the developer's address, which the provider's failure
    /// limit counts like any other.)
    async fn run_test(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret: PastedSecret,
        from: std::net::IpAddr,
    ) -> ServiceResult<TestRun>;
}

/// What admins decide about every client: the scope catalog, approvals,
/// suspensions, and the audit log. Every method refuses non-admins.
#[async_trait]
pub trait ClientAdminService: Send + Sync {
    /// The whole catalog, disabled scopes included.
    async fn full_catalog(&self, admin: &CurrentSession) -> ServiceResult<Vec<ScopeInfo>>;
    async fn save_scope(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo>;
    /// Every change, newest first, optionally filtered.
    async fn audit(
        &self,
        admin: &CurrentSession,
        filter: AuditFilter,
        before_id: Option<i64>,
    ) -> ServiceResult<AuditPage>;
    /// A page of the clients with scopes waiting for approval, oldest
    /// first, after the cursor `after`.
    async fn pending_clients(
        &self,
        admin: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<PendingClient>>;
    /// Grants or rejects one requested scope; rejecting needs a reason,
    /// which the developer sees. A client with nothing left pending
    /// becomes active.
    async fn decide_scope(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()>;
    /// Approves the whole client (every pending scope granted) or rejects
    /// it with a reason.
    async fn decide_client(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        approve: bool,
        reason: String,
    ) -> ServiceResult<()>;
    /// A page of every live client by id, with its standing, whose id,
    /// name or organisation contains `search`.
    async fn all_clients(
        &self,
        admin: &CurrentSession,
        search: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AdminClient>>;
    /// Any live client as its developers see it, read-only, for admins.
    async fn client(&self, admin: &CurrentSession, id: &ClientId) -> ServiceResult<ClientDetail>;
    /// Suspends (with a reason) or reinstates a client; the token endpoint
    /// honours it at once.
    async fn set_suspended(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()>;
}
