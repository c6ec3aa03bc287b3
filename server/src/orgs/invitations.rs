//! Invitations: an owner invites an email address with a role; the link
//! (256 random bits, only its hash stored) works once, for 7 days, for
//! the person signed in with that address, unless it is revoked first.

use app::domain::{Email, Role};
use app::error::AppError;
use app::model::{Invitation, InvitationOffer, NewInvitation};
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use super::Orgs;
use super::personal;
use crate::audit;
use crate::authz;
use crate::crypto::tokens::{hash_token, random_token};
use crate::mail::Mail;
use crate::store::accounts as account_store;
use crate::store::invitations::{self as invitation_store, InvitationRow, NewInvitation as Row};
use crate::store::orgs as org_store;
use crate::store::{Lock, commit, now, sessions};

/// How long an invitation link works.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

/// What the audit log keeps of an invitation: never its link.
#[derive(Serialize)]
struct InvitationRecord<'a> {
    invitation_id: &'a str,
    email: &'a str,
    role: Role,
    expires_at: i64,
}

impl<'a> InvitationRecord<'a> {
    fn of(row: &'a InvitationRow) -> Self {
        Self {
            invitation_id: &row.id,
            email: &row.email,
            role: row.role,
            expires_at: row.expires_at,
        }
    }
}

fn invitation(row: InvitationRow) -> Invitation {
    Invitation {
        invitation_id: row.id,
        email: row.email,
        role: row.role,
        invited_by: row.invited_by_email,
        created_at: row.created_at,
        expires_at: row.expires_at,
    }
}

/// Why a link cannot be used, in the words its holder needs.
fn unusable(row: &InvitationRow, now: i64) -> Option<&'static str> {
    if row.accepted_at.is_some() {
        Some("This invitation was already used. Ask an owner of the organisation for a new one.")
    } else if row.revoked_at.is_some() {
        Some("This invitation was withdrawn. Ask an owner of the organisation for a new one.")
    } else if row.expires_at <= now {
        Some("This invitation has expired. Ask an owner of the organisation for a new one.")
    } else {
        None
    }
}

fn not_valid() -> AppError {
    AppError::invalid(
        "form",
        "This invitation link is not valid. Check that you opened the whole link.",
    )
}

/// The email that carries an invitation link.
fn invitation_mail(
    row: &InvitationRow,
    org_name: &str,
    inviter: &str,
    link: &str,
    public_url: &str,
) -> Mail {
    Mail {
        to: row.email.clone(),
        subject: format!("{inviter} invites you to {org_name} on Portico"),
        paragraphs: vec![
            format!(
                "{inviter} ({}) invites you to join {org_name} on Portico as {} — {}.",
                row.invited_by_email,
                row.role,
                row.role.explain().to_lowercase()
            ),
            format!(
                "Open this link and sign in (or sign up) as {} to accept. It works once, until {}.",
                row.email,
                crate::time::rfc3339(row.expires_at)
            ),
            link.to_owned(),
        ],
        footer: format!(
            "You receive this because an owner of {org_name} invited {} on {public_url}. \
             If you do not want to join, ignore it: nothing happens, and the link expires.",
            row.email
        ),
    }
}

impl Orgs {
    pub(super) async fn pending(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<Invitation>> {
        authz::member(session, org_id, Role::Owner)?;
        Ok(invitation_store::pending(self.db.pool(), org_id, now())
            .await?
            .into_iter()
            .map(invitation)
            .collect())
    }

    pub(super) async fn create_invitation(
        &self,
        session: &CurrentSession,
        org_id: &str,
        email: Email,
        role: Role,
    ) -> ServiceResult<NewInvitation> {
        let org_name = authz::member(session, org_id, Role::Owner)?.name.clone();
        let members = org_store::members(self.db.pool(), org_id).await?;
        if members.iter().any(|m| m.email == email.as_ref()) {
            return Err(AppError::invalid(
                "email",
                format!("{email} is a member already; change their role on the members page."),
            )
            .into());
        }
        let token = random_token();
        let created_at = now();
        let row = InvitationRow {
            id: uuid::Uuid::new_v4().to_string(),
            org_id: org_id.to_owned(),
            email: email.as_ref().to_owned(),
            role,
            invited_by_email: session.viewer.email.clone(),
            created_at,
            expires_at: created_at + INVITATION_TTL_SECS,
            accepted_at: None,
            revoked_at: None,
        };
        let mut tx = self.db.begin().await?;
        let token_hash = hash_token(&token);
        let new = Row {
            id: &row.id,
            org_id,
            email: &row.email,
            role,
            token_hash: &token_hash,
            invited_by: &session.viewer.account_id,
            created_at,
            expires_at: row.expires_at,
        };
        invitation_store::insert(&mut *tx, &new).await?;
        let record = InvitationRecord::of(&row);
        audit::org(
            &mut tx,
            session,
            "invitation.created",
            org_id,
            None,
            Some(&record),
        )
        .await?;
        let link = format!("{}/invitations/{token}", self.public_url);
        let mail = invitation_mail(
            &row,
            &org_name,
            &session.viewer.display_name,
            &link,
            &self.public_url,
        );
        self.outbox.queue(&mut *tx, &mail).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(NewInvitation {
            link,
            invitation: invitation(row),
        })
    }

    pub(super) async fn revoke(
        &self,
        session: &CurrentSession,
        org_id: &str,
        invitation_id: &str,
    ) -> ServiceResult<()> {
        authz::member(session, org_id, Role::Owner)?;
        let mut tx = self.db.begin().await?;
        let row = invitation_store::revoke(&mut *tx, org_id, invitation_id, now())
            .await?
            .ok_or(AppError::NotFound)?;
        let record = InvitationRecord::of(&row);
        audit::org(
            &mut tx,
            session,
            "invitation.revoked",
            org_id,
            Some(&record),
            None,
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }

    pub(super) async fn offer(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<InvitationOffer> {
        let row = invitation_store::find_by_hash(self.db.pool(), &hash_token(token))
            .await?
            .ok_or_else(not_valid)?;
        if let Some(why) = unusable(&row, now()) {
            return Err(AppError::invalid("form", why).into());
        }
        let org = org_store::find(self.db.pool(), &row.org_id)
            .await?
            .ok_or_else(not_valid)?;
        let already_member =
            org_store::role_of(self.db.pool(), &org.id, &session.viewer.account_id)
                .await?
                .is_some();
        Ok(InvitationOffer {
            org_name: org.name,
            org_number: org.org_number,
            role: row.role,
            for_viewer: row.email == session.viewer.email,
            email: row.email,
            invited_by: row.invited_by_email,
            expires_at: row.expires_at,
            already_member,
        })
    }

    pub(super) async fn accept(
        &self,
        session: &CurrentSession,
        token: &str,
    ) -> ServiceResult<String> {
        let viewer = &session.viewer;
        let row = invitation_store::find_by_hash(self.db.pool(), &hash_token(token))
            .await?
            .ok_or_else(not_valid)?;
        if let Some(why) = unusable(&row, now()) {
            return Err(AppError::invalid("form", why).into());
        }
        if row.email != viewer.email {
            return Err(AppError::invalid(
                "form",
                format!(
                    "This invitation is for {}, and you are signed in as {}. \
                     Sign out and sign in (or sign up) with {} to accept it.",
                    row.email, viewer.email, row.email
                ),
            )
            .into());
        }
        let account = account_store::find_by_id(self.db.pool(), &viewer.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if viewer.verification_required && !account.verified() {
            return Err(AppError::invalid(
                "form",
                format!(
                    "Confirm your email address first: open the link we sent to {} (or ask for a new one on your account page), then open this invitation again.",
                    account.email
                ),
            )
            .into());
        }
        let mut tx = self.db.begin_locked(Lock::Memberships).await?;
        let org = org_store::find(&mut *tx, &row.org_id)
            .await?
            .ok_or_else(not_valid)?;
        if let Some(role) = org_store::role_of(&mut *tx, &org.id, &account.id).await? {
            return Err(AppError::invalid(
                "form",
                format!("You are a member of {} already (as {role}).", org.name),
            )
            .into());
        }
        let now = now();
        if !invitation_store::accept(&mut *tx, &row.id, &account.id, now).await? {
            return Err(AppError::invalid(
                "form",
                "This invitation was already used. Ask an owner of the organisation for a new one.",
            )
            .into());
        }
        // Joining a team makes a developer (with a personal organisation).
        if !account.developer() {
            account_store::set_roles(&mut *tx, &account.id, true, account.admin(), now).await?;
            personal::ensure(&mut tx, &account, now).await?;
        }
        org_store::add_member(&mut *tx, &org.id, &account.id, row.role, now).await?;
        let record = InvitationRecord::of(&row);
        audit::org(
            &mut tx,
            session,
            "invitation.accepted",
            &org.id,
            None,
            Some(&record),
        )
        .await?;
        sessions::set_org(&mut *tx, &session.session_key, &org.id).await?;
        commit(tx).await?;
        tracing::info!(org_id = %org.id, account_id = %account.id, role = %row.role, "invitation accepted");
        Ok(org.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(accepted: Option<i64>, revoked: Option<i64>, expires_at: i64) -> InvitationRow {
        InvitationRow {
            id: "i".into(),
            org_id: "o".into(),
            email: "a@example.com".into(),
            role: Role::Developer,
            invited_by_email: "b@example.com".into(),
            created_at: 0,
            expires_at,
            accepted_at: accepted,
            revoked_at: revoked,
        }
    }

    #[test]
    fn a_link_is_usable_once_until_it_expires_or_is_withdrawn() {
        assert_eq!(unusable(&row(None, None, 100), 99), None);
        assert!(
            unusable(&row(None, None, 100), 100)
                .unwrap()
                .contains("expired")
        );
        assert!(
            unusable(&row(Some(1), None, 100), 50)
                .unwrap()
                .contains("already used")
        );
        assert!(
            unusable(&row(None, Some(1), 100), 50)
                .unwrap()
                .contains("withdrawn")
        );
    }
}
