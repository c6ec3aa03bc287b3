//! Two-step sign-in changed by someone else than its owner (an admin's
//! reset), and the email that tells the owner of every change.

use app::error::AppError;
use app::model::AccountSummary;
use app::services::{CurrentSession, ServiceResult};

use super::Accounts;
use crate::audit::{self, Actor};
use crate::mail::Mail;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::{commit, two_step as store};

impl Accounts {
    /// Admins: removes another account's second factors (its
    /// authenticator app with its recovery codes, its passkeys) and its
    /// waiting sign-ins, as is done when a phone is lost; the owner is told
    /// by email.
    pub(super) async fn reset_two_step_of(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<AccountSummary> {
        let me = self.admin_of(admin).await?;
        if me.id == account_id {
            return Err(AppError::invalid(
                "form",
                "To turn off your own two-step sign-in, use your account page.",
            )
            .into());
        }
        let target = account_store::find_by_id(self.db.pool(), account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let passkeys = crate::store::passkeys::count_of(self.db.pool(), &target.id).await?;
        if !self.two_step_on(&target.id).await? && passkeys == 0 {
            return Err(AppError::invalid(
                "form",
                "This account has no two-step sign-in to reset.",
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        store::delete_factor(&mut tx, &target.id).await?;
        crate::store::passkeys::delete_all_of(&mut *tx, &target.id).await?;
        store::delete_challenges_of(&mut *tx, &target.id).await?;
        let subject = serde_json::json!({ "account_id": target.id, "email": target.email });
        let actor = Actor::Account {
            id: &me.id,
            email: &me.email,
        };
        audit::other(
            &mut tx,
            actor,
            "account.two_step_reset",
            None,
            Some(&subject),
        )
        .await?;
        let what = format!(
            "An admin of this Portico ({}) removed the authenticator app and the passkeys from your account, as is done when a phone and its recovery codes are lost. Signing in now asks for your password only; set up an app or add a passkey again on your account page.",
            me.email
        );
        let notice = self.change_notice(&target, "Two-step sign-in was reset", &what);
        self.outbox.queue(&mut *tx, &notice).await?;
        commit(tx).await?;
        self.outbox.wake();
        tracing::info!(by = %me.id, account_id = %target.id, "two-step sign-in reset by an admin");
        Ok(target.summary())
    }

    /// Tells the account's owner that two-step sign-in was turned on or
    /// off, so a change they did not make does not go unseen.
    pub(super) fn change_notice(&self, row: &AccountRow, subject: &str, what: &str) -> Mail {
        Mail {
            to: row.email.clone(),
            subject: subject.into(),
            paragraphs: vec![
                format!("Hello {},", row.display_name),
                what.into(),
                format!(
                    "If you did not do this, change your password at once on {}/account/security and sign out your other sessions there.",
                    self.public_url
                ),
            ],
            footer: format!(
                "You receive this because the sign-in of {} on {} changed. It is sent for every such change.",
                row.email, self.public_url
            ),
        }
    }
}
