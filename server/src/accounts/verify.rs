//! Email verification: a link (256 random bits, only its hash stored,
//! 3 days) sent at sign-up and on request. Where the operator requires
//! it, an unverified account cannot become a developer or join an
//! organisation; opening the link gives the developer role that sign-up
//! would have given.

use app::error::AppError;
use app::services::{CurrentSession, ServiceResult};

use super::{Accounts, limited};
use crate::crypto::tokens::{hash_token, random_token};
use crate::mail::Mail;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::{Conn, commit, email_verifications, now};

pub const VERIFY_TTL_SECS: i64 = 3 * 24 * 3600;

fn unusable() -> AppError {
    AppError::invalid(
        "form",
        "This link has expired or was already used. Sign in and ask for a new one on your account page.",
    )
}

impl Accounts {
    /// Queues a verification link for `account` in the caller's transaction.
    pub(super) async fn queue_verification(
        &self,
        conn: &mut Conn,
        account: &AccountRow,
    ) -> ServiceResult<()> {
        let token = random_token();
        let at = now();
        email_verifications::insert(
            &mut *conn,
            &hash_token(&token),
            &account.id,
            at,
            at + VERIFY_TTL_SECS,
        )
        .await?;
        let why = if self.signup.require_verified {
            " Until you do, you cannot register applications or join an organisation."
        } else {
            ""
        };
        let mail = Mail {
            to: account.email.clone(),
            subject: "Confirm your email address for Portico".into(),
            paragraphs: vec![
                format!("Hello {},", account.display_name),
                format!(
                    "please confirm that {} is your address by opening this link within 3 days.{why}",
                    account.email
                ),
                format!("{}/verify-email/{token}", self.public_url),
                "If you did not sign up, ignore this email: the account stays unconfirmed.".into(),
            ],
            footer: format!(
                "You receive this because an account was created, or a new link asked for, with {} on {}.",
                account.email, self.public_url
            ),
        };
        self.outbox.queue(&mut *conn, &mail).await
    }

    /// Spends a link: the address is verified, and sign-up's developer
    /// role (held back until now) is given.
    pub(super) async fn verify(&self, token: &str) -> ServiceResult<bool> {
        let at = now();
        let mut tx = self.db.begin().await?;
        let account_id = email_verifications::spend(&mut tx, &hash_token(token), at)
            .await?
            .ok_or_else(unusable)?;
        account_store::set_verified(&mut *tx, &account_id, at).await?;
        let account = account_store::find_by_id(&mut *tx, &account_id)
            .await?
            .ok_or_else(unusable)?;
        commit(tx).await?;
        if self.signup.makes_developer() && !account.developer() {
            self.store_roles(&account, true, account.admin()).await?;
        }
        tracing::info!(account_id = %account.id, "email address verified");
        Ok(true)
    }

    /// A new link for the signed-in person (at most 5 an hour).
    pub(super) async fn resend(&self, session: &CurrentSession) -> ServiceResult<()> {
        let id = &session.viewer.account_id;
        let account = account_store::find_by_id(self.db.pool(), id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if account.verified() {
            return Err(
                AppError::invalid("form", "Your email address is already verified.").into(),
            );
        }
        self.verification_links.check(id).await?.map_err(limited)?;
        self.verification_links.record(id).await?;
        let mut tx = self.db.begin().await?;
        self.queue_verification(&mut tx, &account).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(())
    }

    /// Refuses the developer role to an unverified account where a
    /// verified address is required.
    pub(super) fn may_become_developer(&self, account: &AccountRow) -> ServiceResult<()> {
        if self.signup.require_verified && !account.verified() {
            return Err(AppError::invalid(
                "form",
                format!(
                    "{} has not verified their email address yet. They can ask for a new link on their account page.",
                    account.email
                ),
            )
            .into());
        }
        Ok(())
    }
}
