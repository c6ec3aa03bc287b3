//! Organisations, their members and invitations.

use serde::{Deserialize, Serialize};

use super::ClientSummary;
use crate::domain::Role;

/// An organisation the viewer belongs to, and their role in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgMembership {
    pub org_id: String,
    pub name: String,
    pub role: Role,
    /// The viewer's personal organisation.
    pub personal: bool,
    pub client_prefix: String,
    pub org_number: Option<String>,
}

/// An organisation as its overview and the admins' list show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub org_id: String,
    pub name: String,
    pub description: String,
    pub org_number: Option<String>,
    pub client_prefix: String,
    /// Whose personal organisation it is (their email), if it is one.
    pub personal_of: Option<String>,
    pub created_at: i64,
    pub members: u32,
    pub clients: u32,
    pub systems: u32,
}

/// One member, on the members page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
}

/// A waiting invitation, on the invitations page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub invitation_id: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// An invitation just made: the link, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvitation {
    pub invitation: Invitation,
    pub link: String,
}

/// What an invitation link offers, as the invited person sees it before
/// accepting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationOffer {
    pub org_name: String,
    pub org_number: Option<String>,
    pub role: Role,
    pub email: String,
    pub invited_by: String,
    pub expires_at: i64,
    /// Whether the signed-in person is the one invited.
    pub for_viewer: bool,
    /// Whether they are a member already.
    pub already_member: bool,
}

/// One organisation as admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgForAdmin {
    pub org: OrgSummary,
    pub members: Vec<Member>,
    pub clients: Vec<ClientSummary>,
}
