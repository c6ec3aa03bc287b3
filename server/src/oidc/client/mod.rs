//! The provider's view of a registered client: what it may do right now,
//! and how it proves itself (`auth.rs`, `assertion.rs`).

pub mod assertion;
pub mod auth;
pub mod consents;
pub mod presented;

use app::domain::{AuthMethod, ClientKind, GrantType, ScopeName, Scopes, SigningAlg};
use app::model::ClientStatus;

use crate::oidc::OAuthError;
use crate::store::client_auth::{self as store, AuthClientRow, GrantedScope};
use crate::store::{Db, StoreResult};

#[derive(Debug, Clone)]
pub struct ProviderClient {
    pub id: String,
    pub name: String,
    pub kind: ClientKind,
    pub status: ClientStatus,
    pub grant_types: Vec<GrantType>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// Every granted scope that is enabled in the catalog, with its
    /// resource.
    pub granted: Vec<GrantedScope>,
    pub id_token_alg: SigningAlg,
    pub auth_method: AuthMethod,
    /// Public keys (a JWK Set) of a `private_key_jwt` client.
    pub jwks: Option<String>,
    /// The organisation that owns it.
    pub org: ClientOrg,
}

/// The organisation behind a client: its tokens carry `org_id` (and
/// `org_number` when it has one), and end users see its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOrg {
    pub id: String,
    pub name: String,
    pub number: Option<String>,
}

impl ProviderClient {
    pub async fn load(db: &Db, id: &str) -> StoreResult<Option<Self>> {
        let Some(row) = store::client(db.pool(), id).await? else {
            return Ok(None);
        };
        let granted = store::granted_scopes(db.pool(), id).await?;
        Ok(Some(Self::from_row(row, granted)))
    }

    fn from_row(row: AuthClientRow, granted: Vec<GrantedScope>) -> Self {
        Self {
            kind: row.kind,
            grant_types: row.grant_types.into_vec(),
            redirect_uris: row.redirect_uris.into_vec(),
            post_logout_redirect_uris: row.post_logout_redirect_uris.into_vec(),
            id_token_alg: row.id_token_signed_response_alg,
            auth_method: row.token_endpoint_auth_method,
            jwks: row.jwks,
            org: ClientOrg {
                id: row.org_id,
                name: row.org_name,
                number: row.org_number,
            },
            id: row.id,
            name: row.display_name,
            status: row.status,
            granted,
        }
    }

    pub fn is_public(&self) -> bool {
        self.kind == ClientKind::Public
    }

    pub fn has_grant(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    pub fn is_granted(&self, scope: &ScopeName) -> bool {
        self.granted.iter().any(|g| &g.scope == scope)
    }

    /// The requested scopes the client has no granted access to.
    pub fn ungranted<'a>(&self, scopes: &'a Scopes) -> Option<&'a ScopeName> {
        scopes.iter().find(|s| !self.is_granted(s))
    }

    /// Every granted scope.
    pub fn granted_scopes(&self) -> Scopes {
        self.granted.iter().map(|g| g.scope.clone()).collect()
    }

    /// The audiences of a token carrying `scopes`: the resources they belong
    /// to, or the issuer itself when they are all OpenID scopes.
    pub fn audiences(&self, scopes: &Scopes, issuer: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for granted in &self.granted {
            let resource = &granted.resource;
            if !resource.is_empty()
                && scopes.contains(granted.scope.as_ref())
                && !out.contains(resource)
            {
                out.push(resource.clone());
            }
        }
        if out.is_empty() {
            out.push(issuer.to_owned());
        }
        out
    }

    /// Whether this client may get tokens with `grant` (or one of the
    /// grants that stand for it) now: registered for it, and active.
    pub fn ready_for(&self, grants: &[GrantType]) -> Result<(), OAuthError> {
        if !grants.iter().any(|g| self.has_grant(*g)) {
            return Err(OAuthError::unauthorized_client(format!(
                "This client is not registered for the {} grant; add it in the client's settings.",
                grants.first().map_or("", |g| g.as_str())
            )));
        }
        match self.standing_problem() {
            Some(problem) => Err(OAuthError::invalid_client(problem)),
            None => Ok(()),
        }
    }

    /// Why this client cannot get tokens, or `None` when it can.
    pub fn standing_problem(&self) -> Option<&'static str> {
        match self.status {
            ClientStatus::Active => None,
            ClientStatus::Pending => {
                Some("The client is waiting for an admin to approve its access.")
            }
            ClientStatus::Suspended => Some("The client is suspended."),
            ClientStatus::Rejected => Some(
                "The client was rejected by an admin, or declined by the person asked to confirm it.",
            ),
            ClientStatus::Draft => Some("The client has not been confirmed yet."),
        }
    }
}
