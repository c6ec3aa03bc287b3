//! Client systems, their API keys, and the drafts they create.

use serde::{Deserialize, Serialize};

use super::{ClientStatus, ScopeCounts, Standing};
use crate::domain::{AuthMethod, GrantType};

/// A client system as its developer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSummary {
    pub system_id: String,
    /// The organisation it belongs to.
    pub org_id: String,
    pub name: String,
    pub description: String,
    /// The scopes its drafts may request.
    pub scopes: Vec<String>,
    /// The grant types its drafts may use (refresh_token only when allowed).
    pub grant_types: Vec<GrantType>,
    pub allow_refresh: bool,
    /// `client_secret_basic` or `private_key_jwt`.
    pub auth_method: AuthMethod,
    pub created_at: i64,
    pub active_keys: u32,
    pub clients: u32,
}

/// A client a system created, on the system's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemClient {
    pub client_id: String,
    pub display_name: String,
    pub status: ClientStatus,
    pub scopes: ScopeCounts,
    pub created_at: i64,
    /// Who confirmed the draft; `None` while it waits.
    pub confirmed_by: Option<String>,
    /// When an unconfirmed draft expires.
    pub draft_expires_at: Option<i64>,
}

impl SystemClient {
    pub fn standing(&self) -> Standing {
        Standing {
            status: self.status,
            scopes: self.scopes,
        }
    }
}

/// A requested scope as the end user sees it on the confirmation page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeToConfirm {
    pub scope: String,
    pub description: String,
    pub needs_approval: bool,
}

/// How an end user answered a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftAnswer {
    Confirmed,
    Declined,
}

impl DraftAnswer {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Declined => "declined",
        }
    }
}

/// A draft a person answered, on their account page: the program's
/// system and organisation, and where the client stands now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredDraft {
    pub client_id: String,
    pub client_name: String,
    pub system_name: String,
    /// The organisation whose system made it.
    pub org_name: String,
    pub org_number: Option<String>,
    pub answered_at: i64,
    pub status: super::ClientStatus,
    pub status_reason: Option<String>,
}

impl AnsweredDraft {
    /// Whether the person's confirmation still stands and can be taken
    /// back (a declined, withdrawn or rejected client cannot).
    pub fn withdrawable(&self) -> bool {
        self.status != super::ClientStatus::Rejected
    }
}

/// What the confirmation page shows about a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftToConfirm {
    pub client_id: String,
    pub display_name: String,
    pub description: String,
    pub system_name: String,
    /// The organisation asking (the system's).
    pub org_name: String,
    pub org_number: Option<String>,
    pub scopes: Vec<ScopeToConfirm>,
    pub redirect_uris: Vec<String>,
    /// Set once someone answered; the page then says so instead of asking.
    pub answered: Option<DraftAnswer>,
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub links: super::ClientLinks,
}
