//! "Forgot your password?": a one-time link by email (256 random bits,
//! only its hash stored, 30 minutes, single use); the new password ends
//! every session of the account.

use std::net::IpAddr;

use app::domain::{Email, Password};
use app::error::AppError;
use app::services::{ServiceResult, SignedIn};

use super::{Accounts, limited};
use crate::audit::{self, Actor};
use crate::crypto::tokens::{hash_token, random_token};
use crate::mail::Mail;
use crate::store::accounts as account_store;
use crate::store::{commit, now, password_resets, sessions};

pub const RESET_TTL_SECS: i64 = 30 * 60;

fn unusable() -> AppError {
    AppError::invalid(
        "form",
        "This link has expired or was already used. Ask for a new one on the sign-in page.",
    )
}

impl Accounts {
    /// Queues a link when `email` has an account. The caller answers the
    /// same either way; the limits count every request, so they do not
    /// tell either.
    pub(super) async fn request_reset(&self, email: Email, ip: IpAddr) -> ServiceResult<()> {
        let by_email = format!("email:{email}");
        let by_ip = ip.to_string();
        self.resets_by_email
            .check(&by_email)
            .await?
            .map_err(limited)?;
        self.resets_by_ip.check(&by_ip).await?.map_err(limited)?;
        self.resets_by_email.record(&by_email).await?;
        self.resets_by_ip.record(&by_ip).await?;
        let Some(account) = account_store::find_by_email(self.db.pool(), email.as_ref()).await?
        else {
            tracing::info!(%ip, "password reset asked for an address without an account");
            return Ok(());
        };
        let token = random_token();
        let at = now();
        let link = format!("{}/reset-password/{token}", self.public_url);
        let mail = Mail {
            to: account.email.clone(),
            subject: "Reset your Portico password".into(),
            paragraphs: vec![
                format!("Hello {},", account.display_name),
                "someone (hopefully you) asked to reset the password of your Portico account. Open this link within 30 minutes to choose a new one:".into(),
                link,
                "Choosing a new password signs you out everywhere else. If you did not ask, ignore this email: your password stays as it is.".into(),
            ],
            footer: format!(
                "You receive this because a password reset was asked for {} on {}. It is sent only when someone asks.",
                account.email, self.public_url
            ),
        };
        let mut tx = self.db.begin().await?;
        password_resets::insert(
            &mut *tx,
            &hash_token(&token),
            &account.id,
            at,
            at + RESET_TTL_SECS,
        )
        .await?;
        self.outbox.queue(&mut *tx, &mail).await?;
        commit(tx).await?;
        self.outbox.wake();
        tracing::info!(account_id = %account.id, %ip, "password reset link queued");
        Ok(())
    }

    pub(super) async fn reset_valid(&self, token: &str) -> ServiceResult<bool> {
        Ok(password_resets::is_live(self.db.pool(), &hash_token(token), now()).await?)
    }

    /// Spends the link, stores the new password and ends every session;
    /// the person is then signed in afresh.
    pub(super) async fn reset(
        &self,
        token: &str,
        new: Password,
        ip: IpAddr,
    ) -> ServiceResult<SignedIn> {
        let token_hash = hash_token(token);
        if !password_resets::is_live(self.db.pool(), &token_hash, now()).await? {
            return Err(unusable().into());
        }
        let hash = self.hasher.hash(new.expose()).await?;
        let at = now();
        let mut tx = self.db.begin().await?;
        let account_id = password_resets::spend(&mut *tx, &token_hash, at)
            .await?
            .ok_or_else(unusable)?;
        account_store::set_password_hash(&mut *tx, &account_id, &hash, at).await?;
        // The link reached the address: it is verified.
        account_store::set_verified(&mut *tx, &account_id, at).await?;
        let ended = sessions::delete_others(&mut *tx, &account_id, "").await?;
        password_resets::spend_all(&mut *tx, &account_id, at).await?;
        let account = account_store::find_by_id(&mut *tx, &account_id)
            .await?
            .ok_or_else(unusable)?;
        audit::other::<()>(
            &mut tx,
            Actor::Account {
                id: &account.id,
                email: &account.email,
            },
            "account.password_reset",
            None,
            None,
        )
        .await?;
        commit(tx).await?;
        tracing::info!(account_id = %account.id, %ip, sessions_ended = ended, "password reset");
        // With two-step sign-in on, the new password is the first step.
        self.after_password(&account).await
    }
}
