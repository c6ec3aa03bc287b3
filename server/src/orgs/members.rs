//! Members and their roles. An organisation always keeps an owner, and
//! the person whose personal organisation it is stays its owner.

use app::domain::Role;
use app::error::AppError;
use app::model::Member;
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use super::Orgs;
use crate::audit;
use crate::authz;
use crate::store::orgs::{self as org_store, MemberRow, OrgRow};
use crate::store::{Conn, Lock, commit, now};

/// What the audit log keeps of a membership.
#[derive(Serialize)]
pub(super) struct MemberRecord<'a> {
    pub account_id: &'a str,
    pub email: &'a str,
    pub role: Role,
}

impl<'a> MemberRecord<'a> {
    pub fn of(row: &'a MemberRow) -> Self {
        Self {
            account_id: &row.account_id,
            email: &row.email,
            role: row.role,
        }
    }
}

pub(super) fn member(row: MemberRow) -> Member {
    Member {
        account_id: row.account_id,
        email: row.email,
        display_name: row.display_name,
        role: row.role,
        joined_at: row.created_at,
    }
}

/// A member and the organisation, read on the change's transaction.
async fn load(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
) -> ServiceResult<(OrgRow, MemberRow)> {
    let org = org_store::find(&mut *conn, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = org_store::members(&mut *conn, org_id)
        .await?
        .into_iter()
        .find(|m| m.account_id == account_id)
        .ok_or(AppError::NotFound)?;
    Ok((org, member))
}

/// Refuses to take the owner role from `member` when that would leave the
/// organisation without one, or its person without their personal one.
async fn keeps_an_owner(
    conn: &mut Conn,
    org: &OrgRow,
    member: &MemberRow,
    field: &str,
) -> ServiceResult<()> {
    if member.role != Role::Owner {
        return Ok(());
    }
    if org.personal_of.as_deref() == Some(member.account_id.as_str()) {
        return Err(AppError::invalid(
            field,
            format!(
                "This is {}'s personal organisation: they stay its owner.",
                member.email
            ),
        )
        .into());
    }
    if org_store::owner_count(&mut *conn, &org.id).await? <= 1 {
        return Err(AppError::invalid(
            field,
            format!(
                "{} is the last owner of {}. Make someone else an owner first.",
                member.email, org.name
            ),
        )
        .into());
    }
    Ok(())
}

impl Orgs {
    pub(super) async fn members_of(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<Member>> {
        authz::member(session, org_id, Role::Viewer)?;
        Ok(org_store::members(self.db.pool(), org_id)
            .await?
            .into_iter()
            .map(member)
            .collect())
    }

    pub(super) async fn change_role(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
        role: Role,
    ) -> ServiceResult<Member> {
        authz::member(session, org_id, Role::Owner)?;
        let mut tx = self.db.begin_locked(Lock::Memberships).await?;
        let (org, before) = load(&mut tx, org_id, account_id).await?;
        if before.role == role {
            return Ok(member(before));
        }
        if role != Role::Owner {
            keeps_an_owner(&mut tx, &org, &before, "role").await?;
        }
        org_store::set_role(&mut *tx, org_id, account_id, role, now()).await?;
        let after = MemberRow {
            role,
            ..before.clone()
        };
        audit::org(
            &mut tx,
            session,
            "member.role_changed",
            org_id,
            Some(&MemberRecord::of(&before)),
            Some(&MemberRecord::of(&after)),
        )
        .await?;
        commit(tx).await?;
        tracing::info!(%org_id, %account_id, role = %role, "member's role changed");
        Ok(member(after))
    }

    pub(super) async fn remove(
        &self,
        session: &CurrentSession,
        org_id: &str,
        account_id: &str,
    ) -> ServiceResult<()> {
        let leaving = account_id == session.viewer.account_id;
        let needed = if leaving { Role::Viewer } else { Role::Owner };
        authz::member(session, org_id, needed)?;
        let mut tx = self.db.begin_locked(Lock::Memberships).await?;
        let (org, before) = load(&mut tx, org_id, account_id).await?;
        keeps_an_owner(&mut tx, &org, &before, "form").await?;
        org_store::remove_member(&mut *tx, org_id, account_id).await?;
        let action = if leaving {
            "member.left"
        } else {
            "member.removed"
        };
        audit::org(
            &mut tx,
            session,
            action,
            org_id,
            Some(&MemberRecord::of(&before)),
            None,
        )
        .await?;
        commit(tx).await?;
        tracing::info!(%org_id, %account_id, action, "membership ended");
        Ok(())
    }
}
