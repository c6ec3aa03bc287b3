//! `OrgService`: each method says what it was doing if it fails, and runs
//! the work in the file for its concern.

use app::domain::{ClientId, Email, Role};
use app::model::{
    AuditPage, Invitation, InvitationOffer, ListPage, Member, NewInvitation, OrgForAdmin,
    OrgSummary,
};
use app::services::{CurrentSession, OrgService, OrgSettings, ServiceResult, doing};
use async_trait::async_trait;

use super::Orgs;
use crate::authz;

#[async_trait]
impl OrgService for Orgs {
    async fn create_org(
        &self,
        session: &CurrentSession,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary> {
        doing("creating an organisation", self.create(session, settings)).await
    }

    async fn org(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<OrgSummary> {
        authz::member(session, org_id, Role::Viewer)?;
        doing("loading an organisation", self.summary(org_id)).await
    }

    async fn update_org(
        &self,
        session: &CurrentSession,
        org_id: &str,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary> {
        doing(
            "updating an organisation",
            self.update(session, org_id, settings),
        )
        .await
    }

    async fn delete_org(
        &self,
        session: &CurrentSession,
        org_id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()> {
        doing(
            "deleting an organisation",
            self.delete(session, org_id, confirm_name),
        )
        .await
    }

    async fn members(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<Vec<Member>> {
        doing("listing members", self.members_of(session, org_id)).await
    }

    async fn set_role(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
        role: Role,
    ) -> ServiceResult<Member> {
        doing(
            "changing a member's role",
            self.change_role(session, org_id, account_id, role),
        )
        .await
    }

    async fn remove_member(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
    ) -> ServiceResult<()> {
        doing(
            "removing a member",
            self.remove(session, org_id, account_id),
        )
        .await
    }

    async fn invitations(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<Invitation>> {
        doing("listing invitations", self.pending(session, org_id)).await
    }

    async fn invite(
        &self,
        session: &CurrentSession,
        org_id: &str,
        email: Email,
        role: Role,
    ) -> ServiceResult<NewInvitation> {
        doing(
            "inviting someone",
            self.create_invitation(session, org_id, email, role),
        )
        .await
    }

    async fn revoke_invitation(
        &self,
        session: &CurrentSession,
        org_id: &str,
        invitation_id: &str,
    ) -> ServiceResult<()> {
        doing(
            "revoking an invitation",
            self.revoke(session, org_id, invitation_id),
        )
        .await
    }

    async fn invitation(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<InvitationOffer> {
        doing("reading an invitation", self.offer(session, token)).await
    }

    async fn accept_invitation(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<String> {
        doing("accepting an invitation", self.accept(session, token)).await
    }

    async fn history(
        &self,
        session: &CurrentSession,
        org_id: &str,
        before: Option<i64>,
    ) -> ServiceResult<AuditPage> {
        doing(
            "reading an organisation's history",
            self.history_of(session, org_id, before),
        )
        .await
    }

    async fn switch_org(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<()> {
        doing("switching organisations", self.switch(session, org_id)).await
    }

    async fn move_client(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()> {
        doing(
            "moving a client",
            self.move_client_to(session, client_id, to_org, confirm),
        )
        .await
    }

    async fn move_system(
        &self,
        session: &CurrentSession,
        system_id: &str,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()> {
        doing(
            "moving a client system",
            self.move_system_to(session, system_id, to_org, confirm),
        )
        .await
    }

    async fn search_orgs(
        &self,
        admin: &CurrentSession,
        query: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<OrgSummary>> {
        doing("searching organisations", self.search(admin, query, after)).await
    }

    async fn org_for_admin(
        &self,
        admin: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<OrgForAdmin> {
        doing(
            "loading an organisation for an admin",
            self.for_admin(admin, org_id),
        )
        .await
    }
}
