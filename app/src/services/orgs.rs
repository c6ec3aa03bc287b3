//! Organisations: their settings, members, invitations and history, the
//! organisation a person's pages act for, moves between organisations,
//! and the admins' view of them all.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::domain::{ClientId, Email, OrgName, OrgNumber, Role};
use crate::model::{
    AuditPage, Invitation, InvitationOffer, ListPage, Member, NewInvitation, OrgForAdmin,
    OrgSummary,
};

/// What an owner sets on an organisation, validated.
#[derive(Clone, Debug)]
pub struct OrgSettings {
    pub name: OrgName,
    pub description: String,
    pub org_number: Option<OrgNumber>,
}

#[async_trait]
pub trait OrgService: Send + Sync {
    /// A new organisation with a fresh prefix and the caller as its owner
    /// (developers only); the caller's pages then act for it.
    async fn create_org(
        &self,
        session: &CurrentSession,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary>;
    /// Any member.
    async fn org(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<OrgSummary>;
    /// Owners.
    async fn update_org(
        &self,
        session: &CurrentSession,
        org_id: &str,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary>;
    /// Owners, once `confirm_name` is the organisation's name and it owns
    /// no live client or system; a personal organisation stays.
    async fn delete_org(
        &self,
        session: &CurrentSession,
        org_id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()>;
    /// Any member.
    async fn members(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<Vec<Member>>;
    /// Owners; the last owner keeps the role.
    async fn set_role(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
        role: Role,
    ) -> ServiceResult<Member>;
    /// Owners remove anyone; any member may remove themselves (leave).
    /// The last owner stays.
    async fn remove_member(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
    ) -> ServiceResult<()>;
    /// Owners: the waiting invitations.
    async fn invitations(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<Invitation>>;
    /// Owners: a one-time link for `email` with `role`, shown once.
    async fn invite(
        &self,
        session: &CurrentSession,
        org_id: &str,
        email: Email,
        role: Role,
    ) -> ServiceResult<NewInvitation>;
    async fn revoke_invitation(
        &self,
        session: &CurrentSession,
        org_id: &str,
        invitation_id: &str,
    ) -> ServiceResult<()>;
    /// What a link offers, for the signed-in person who opened it.
    async fn invitation(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<InvitationOffer>;
    /// Joins the organisation with the invitation's role; only the invited
    /// address may. Returns the organisation's id.
    async fn accept_invitation(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<String>;
    /// Owners: a page of the organisation's audit log (newest first, older
    /// than the entry `before`).
    async fn history(
        &self,
        session: &CurrentSession,
        org_id: &str,
        before: Option<i64>,
    ) -> ServiceResult<AuditPage>;
    /// Makes the caller's pages act for `org_id` (a member's).
    async fn switch_org(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<()>;
    /// Moves a client to another organisation where the caller is also an
    /// owner; its id stays. `confirm` must be its suffix.
    async fn move_client(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()>;
    /// Moves a client system (and the clients it made) likewise; `confirm`
    /// must be its name.
    async fn move_system(
        &self,
        session: &CurrentSession,
        system_id: &str,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()>;
    /// Admins: organisations by name, number or prefix.
    async fn search_orgs(
        &self,
        admin: &CurrentSession,
        query: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<OrgSummary>>;
    /// Admins: one organisation with its members and clients.
    async fn org_for_admin(
        &self,
        admin: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<OrgForAdmin>;
}
