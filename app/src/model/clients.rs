//! Clients, secrets, scopes and audit entries as pages see them.

use serde::{Deserialize, Serialize};

use super::{ScopeCounts, Standing};
use crate::domain::{AuthMethod, ClientKind, GrantType, SigningAlg};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    Draft,
    Pending,
    Active,
    Rejected,
    Suspended,
}

impl ClientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::Pending,
        Self::Active,
        Self::Rejected,
        Self::Suspended,
    ];

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("{s:?} is not a client status"))
    }

    /// Only an active client gets tokens (for its granted scopes).
    pub fn is_active(self) -> bool {
        self == Self::Active
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeAccess {
    Granted,
    Pending,
    Rejected,
}

impl ScopeAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        [Self::Granted, Self::Pending, Self::Rejected]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("{s:?} is not a scope access status"))
    }
}

crate::domain::text_type!(ClientStatus, ScopeAccess);

/// One entry of the scope catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInfo {
    pub name: String,
    pub description: String,
    pub resource: String,
    pub requires_approval: bool,
    pub enabled: bool,
}

/// A client's access to one requested scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeGrant {
    pub scope: String,
    pub description: String,
    pub status: ScopeAccess,
    pub reason: Option<String>,
}

/// A client secret or API key of the organisation that expires within 30
/// days or expired in the last 7 (the dashboard's "expiring soon").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringCredential {
    /// `secret` or `api_key`.
    pub kind: String,
    pub id: String,
    pub description: String,
    /// The client's id, or the client system's.
    pub owner_id: String,
    pub owner_name: String,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    /// Whole days left when the server answered (negative once expired),
    /// so the server's page and the browser's agree.
    pub days_left: i64,
    pub expired: bool,
}

/// A row of "my clients".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub client_id: String,
    pub display_name: String,
    pub kind: ClientKind,
    pub status: ClientStatus,
    /// Its requested scopes not (yet) granted.
    pub scopes: ScopeCounts,
    pub grant_types: Vec<GrantType>,
    pub active_secrets: u32,
    /// The soonest expiry among active secrets (Unix seconds).
    pub next_secret_expiry: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub client_id: String,
    pub suffix: String,
    pub display_name: String,
    pub description: String,
    pub kind: ClientKind,
    pub grant_types: Vec<GrantType>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// Its logo and pages, shown to end users.
    #[serde(default)]
    pub links: super::ClientLinks,
    pub token_endpoint_auth_method: AuthMethod,
    pub id_token_signed_response_alg: SigningAlg,
    /// The public keys of a `private_key_jwt` client (a JWK Set).
    pub jwks: Option<String>,
    pub status: ClientStatus,
    pub status_reason: Option<String>,
    /// The organisation that owns it.
    pub org_id: String,
    pub org_name: String,
    pub org_number: Option<String>,
    /// Who created it in the portal (their email); `None` for drafts.
    pub created_by: Option<String>,
    /// The client system that created it as a draft, if any.
    pub system_name: Option<String>,
    /// Who confirmed it: the owner for portal clients, an end user for
    /// drafts; `None` while a draft waits.
    pub confirmed_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub scopes: Vec<ScopeGrant>,
    /// Secrets neither revoked nor expired.
    pub active_secrets: u32,
    /// The soonest expiry among them (Unix seconds).
    pub next_secret_expiry: Option<i64>,
}

impl ClientDetail {
    pub fn standing(&self) -> Standing {
        Standing {
            status: self.status,
            scopes: ScopeCounts::of(self.scopes.iter().map(|s| s.status)),
        }
    }
}

impl ClientSummary {
    pub fn standing(&self) -> Standing {
        Standing {
            status: self.status,
            scopes: self.scopes,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretState {
    Active,
    /// Active, but expires within 30 days.
    ExpiringSoon,
    Expired,
    Revoked,
}

impl SecretState {
    pub const SOON_SECS: i64 = 30 * 24 * 3600;

    pub fn at(now: i64, expires_at: i64, revoked_at: Option<i64>) -> Self {
        match revoked_at {
            Some(_) => Self::Revoked,
            None if expires_at <= now => Self::Expired,
            None if expires_at - now <= Self::SOON_SECS => Self::ExpiringSoon,
            None => Self::Active,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::ExpiringSoon => "Expiring soon",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }
}

/// A client secret or a client system's API key, without its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialInfo {
    /// The Secret ID or API key id (a UUID).
    pub id: String,
    pub description: String,
    /// The first characters of the value, to tell credentials apart.
    pub hint: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub state: SecretState,
}

/// A credential just created: the only time its value leaves the server.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCredential {
    pub info: CredentialInfo,
    pub value: String,
}

impl std::fmt::Debug for NewCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewCredential")
            .field("info", &self.info)
            .field("value", &"<hidden>")
            .finish()
    }
}

/// A client as the admins' list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminClient {
    pub client_id: String,
    pub display_name: String,
    pub org_name: String,
    pub org_number: Option<String>,
    pub status: ClientStatus,
    pub scopes: ScopeCounts,
    pub status_reason: Option<String>,
}

impl AdminClient {
    pub fn standing(&self) -> Standing {
        Standing {
            status: self.status,
            scopes: self.scopes,
        }
    }
}

/// A client with scopes waiting for an admin, as admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingClient {
    pub client_id: String,
    pub display_name: String,
    pub org_name: String,
    pub org_number: Option<String>,
    pub pending_scopes: Vec<PendingScope>,
    /// Where it sends people back after sign-in.
    pub redirect_uris: Vec<String>,
    /// Who registered it in the portal (`None` for drafts).
    pub created_by: Option<String>,
    /// The client system that created it, for drafts.
    pub system_name: Option<String>,
    /// Who confirmed it (the owner, or an end user for drafts).
    pub confirmed_by: Option<String>,
    pub created_at: i64,
}

/// A scope waiting for an admin, with what the catalog says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingScope {
    pub scope: String,
    /// What end users are told it allows (empty once it left the catalog).
    pub description: String,
    /// The API (audience) it grants access to; empty for OpenID scopes.
    pub resource: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_email: Option<String>,
    pub action: String,
    pub client_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What the admins' audit log is filtered by, as the page's address
/// (and the CSV download's) carries it; empty values match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub client_id: Option<String>,
    /// An actor's email.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// `YYYY-MM-DD`, from the start of that day (UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, to the end of that day (UTC).
    #[serde(default)]
    pub to: Option<String>,
}

impl AuditQuery {
    /// The page (or download) at `path` with this query, and `extra`.
    pub fn href(&self, path: &str, extra: &[(&str, Option<&str>)]) -> String {
        let mut pairs = vec![
            ("client_id", self.client_id.as_deref()),
            ("actor", self.actor.as_deref()),
            ("org_id", self.org_id.as_deref()),
            ("action", self.action.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
        ];
        pairs.extend_from_slice(extra);
        crate::components::href_with(path, &pairs)
    }
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The id the next (older) page starts before, when there is one.
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_states() {
        let now = 1_000_000_000;
        assert_eq!(
            SecretState::at(now, now + 90 * 86_400, None),
            SecretState::Active
        );
        assert_eq!(
            SecretState::at(now, now + 86_400, None),
            SecretState::ExpiringSoon
        );
        assert_eq!(SecretState::at(now, now, None), SecretState::Expired);
        assert_eq!(
            SecretState::at(now, now + 90 * 86_400, Some(now)),
            SecretState::Revoked
        );
    }

    #[test]
    fn new_secret_debug_hides_the_value() {
        let s = NewCredential {
            info: CredentialInfo {
                id: "id".into(),
                description: "d".into(),
                hint: "abc".into(),
                created_at: 0,
                expires_at: 1,
                last_used_at: None,
                revoked_at: None,
                state: SecretState::Active,
            },
            value: "abcdefsecret".into(),
        };
        assert!(!format!("{s:?}").contains("abcdefsecret"));
    }
}
