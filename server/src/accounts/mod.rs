//! Accounts and sessions: the `AccountService` that server functions call.

mod admin;
mod federated;
mod first_step;
mod new_account;
mod notifications;
mod passkeys;
mod reset;
mod roles;
mod session;
mod sessions_list;
mod settings;
mod standing;
mod two_step;
mod two_step_policy;
mod two_step_reset;
mod two_step_set_up;
mod verify;
pub use admin::{AdminOutcome, SETUP_LINK_TTL, SetupLink};
pub use federated::{FederatedAccount, LAST_WAY_IN};
pub use first_step::{AMR_FEDERATED, AMR_PASSWORD};
pub use passkeys::CodeStep;
pub use session::SeenFrom;
pub use settings::{Secrets, SignupPolicy};

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::domain::{DisplayName, Email, Password};
use app::error::AppError;
use app::model::{
    AccountOrder, AccountPage, AccountSummary, NotificationPref, OutboxMessage, SessionSummary,
    Viewer,
};
use app::services::{
    AccountService, CurrentSession, NewAccount, ServiceResult, SessionToken, SignedIn,
};
use async_trait::async_trait;

use crate::crypto::passwords::Hasher;
use crate::crypto::sealing::Sealer;
use crate::crypto::tokens::hash_token;
use crate::oidc::Verified;
use crate::outbox::Outbox;
use crate::rate_limit::Limiter;
use crate::store::accounts as account_store;
use crate::store::{Db, now, sessions, setup_links};

const WRONG_LOGIN: &str = "Email or password is wrong.";

pub struct Accounts {
    db: Db,
    /// Password reset links go out through it.
    outbox: Outbox,
    /// The public URL without a trailing slash, for links in emails.
    public_url: Arc<str>,
    /// Reset requests per address and per client IP.
    resets_by_email: Limiter,
    resets_by_ip: Limiter,
    hasher: Hasher,
    signup: SignupPolicy,
    /// Verification links asked for again, per account.
    verification_links: Limiter,
    session_ttl: Duration,
    /// Failed sign-ins per account (email) and per client IP.
    by_email: Limiter,
    by_ip: Limiter,
    /// Sign-ups per client IP (each costs an argon2 hash).
    signups: Limiter,
    /// This replica's token checks, forgotten when an account is disabled.
    verified: Arc<Verified>,
    /// Seals authenticator secrets at rest.
    sealer: Arc<Sealer>,
    /// Browsers offer passkeys here (the public URL names a domain).
    passkeys_usable: bool,
}

impl Accounts {
    pub fn new(
        db: Db,
        secrets: Secrets,
        signup: SignupPolicy,
        session_ttl: Duration,
        outbox: Outbox,
        public_url: Arc<str>,
        verified: Arc<Verified>,
    ) -> Arc<Self> {
        let quarter_hour = Duration::from_secs(15 * 60);
        let hour = Duration::from_secs(3600);
        let passkeys_usable = crate::passkeys::usable_at(&public_url);
        Arc::new(Self {
            outbox,
            public_url,
            passkeys_usable,
            resets_by_email: Limiter::new(db.clone(), "reset account", 3, hour),
            resets_by_ip: Limiter::new(db.clone(), "reset address", 20, hour),
            by_email: Limiter::new(db.clone(), "sign-in account", 5, quarter_hour),
            by_ip: Limiter::new(db.clone(), "sign-in address", 30, quarter_hour),
            signups: Limiter::new(db.clone(), "sign-up address", signup.per_address_hour, hour),
            verification_links: Limiter::new(db.clone(), "verification account", 5, hour),
            db,
            hasher: secrets.hasher,
            signup,
            session_ttl,
            verified,
            sealer: secrets.sealer,
        })
    }
}

fn limited(retry_after_secs: u64) -> app::services::ServiceError {
    AppError::RateLimited { retry_after_secs }.into()
}

#[async_trait]
impl AccountService for Accounts {
    async fn sign_up(
        &self,
        account: NewAccount,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let ip_key = ip.to_string();
        self.signups.check(&ip_key).await?.map_err(limited)?;
        self.signups.record(&ip_key).await?;
        let hash = self.hasher.hash(account.password.expose()).await?;
        // Where a verified address is required, the developer role comes
        // with the verification.
        let developer = self.signup.makes_developer() && !self.signup.require_verified;
        let row = self.new_row(&account, hash, developer, false);
        self.insert_account(&row).await?;
        tracing::info!(account_id = %row.id, developer = row.developer(), "account signed up");
        let token = self.start_session(&row, AMR_PASSWORD).await?;
        Ok((token, self.viewer(&row).await?))
    }

    async fn sign_in(
        &self,
        email: Email,
        password: Password,
        ip: IpAddr,
    ) -> ServiceResult<SignedIn> {
        let (email_key, ip_key) = (email.as_ref().to_owned(), ip.to_string());
        self.by_email.check(&email_key).await?.map_err(limited)?;
        self.by_ip.check(&ip_key).await?.map_err(limited)?;
        let row = account_store::find_by_email(self.db.pool(), email.as_ref()).await?;
        let ok = self
            .hasher
            .verify(
                password.expose(),
                row.as_ref().map(|r| r.password_hash.as_str()),
            )
            .await?;
        match row {
            Some(row) if ok => {
                self.by_email.reset(&email_key).await?;
                tracing::info!(account_id = %row.id, "password accepted");
                self.after_password(&row).await
            }
            _ => {
                self.by_email.record(&email_key).await?;
                self.by_ip.record(&ip_key).await?;
                tracing::info!(%ip, "failed sign-in");
                Err(AppError::invalid("form", WRONG_LOGIN).into())
            }
        }
    }

    async fn become_developer(
        &self,
        session: &CurrentSession,
        accept_terms: bool,
    ) -> ServiceResult<Viewer> {
        self.make_self_developer(session, accept_terms).await
    }

    async fn sign_out(&self, session_key: &str) -> ServiceResult<()> {
        sessions::delete(self.db.pool(), session_key).await?;
        Ok(())
    }

    async fn update_profile(
        &self,
        session: &CurrentSession,
        name: DisplayName,
    ) -> ServiceResult<Viewer> {
        let id = &session.viewer.account_id;
        account_store::set_display_name(self.db.pool(), id, name.as_ref(), now()).await?;
        let row = account_store::find_by_id(self.db.pool(), id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let active = session.viewer.active_org_id.as_deref();
        Ok(self.viewer_in(&row, active).await?)
    }

    async fn change_password(
        &self,
        session: &CurrentSession,
        current: Password,
        new: Password,
        ip: IpAddr,
    ) -> ServiceResult<()> {
        let id = &session.viewer.account_id;
        let key = format!("account:{id}");
        self.by_email.check(&key).await?.map_err(limited)?;
        let row = account_store::find_by_id(self.db.pool(), id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !self
            .hasher
            .verify(current.expose(), Some(&row.password_hash))
            .await?
        {
            self.by_email.record(&key).await?;
            tracing::info!(account_id = %id, %ip, "wrong current password on change");
            return Err(
                AppError::invalid("current_password", "The current password is wrong.").into(),
            );
        }
        let hash = self.hasher.hash(new.expose()).await?;
        account_store::set_password_hash(self.db.pool(), id, &hash, now()).await?;
        let ended = sessions::delete_others(self.db.pool(), id, &session.session_key).await?;
        tracing::info!(account_id = %id, other_sessions_ended = ended, "password changed");
        Ok(())
    }

    async fn my_sessions(&self, session: &CurrentSession) -> ServiceResult<Vec<SessionSummary>> {
        self.sessions_of(session).await
    }

    async fn end_session(&self, session: &CurrentSession, reference: &str) -> ServiceResult<()> {
        self.end_one(session, reference).await
    }

    async fn end_other_sessions(&self, session: &CurrentSession) -> ServiceResult<u64> {
        self.end_others(session).await
    }

    async fn request_password_reset(&self, email: Email, ip: IpAddr) -> ServiceResult<()> {
        self.request_reset(email, ip).await
    }

    async fn password_reset_valid(&self, token: &str) -> ServiceResult<bool> {
        self.reset_valid(token).await
    }

    async fn reset_password(
        &self,
        token: &str,
        new: Password,
        ip: IpAddr,
    ) -> ServiceResult<SignedIn> {
        self.reset(token, new, ip).await
    }

    async fn verify_email(&self, token: &str) -> ServiceResult<bool> {
        self.verify(token).await
    }

    async fn resend_verification(&self, session: &CurrentSession) -> ServiceResult<()> {
        self.resend(session).await
    }

    async fn notification_prefs(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<NotificationPref>> {
        self.prefs(session).await
    }

    async fn set_notification_pref(
        &self,
        session: &CurrentSession,
        kind: &str,
        enabled: bool,
    ) -> ServiceResult<Vec<NotificationPref>> {
        self.set_pref(session, kind, enabled).await
    }

    async fn setup_link_valid(&self, token: &str) -> ServiceResult<bool> {
        let valid = setup_links::is_valid(self.db.pool(), &hash_token(token), now()).await?;
        Ok(valid && !account_store::admin_exists(self.db.pool()).await?)
    }

    async fn complete_setup(
        &self,
        token: &str,
        account: NewAccount,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let token_hash = hash_token(token);
        let unusable =
            || AppError::invalid("form", "This setup link has expired or was already used.");
        if account_store::admin_exists(self.db.pool()).await?
            || !setup_links::spend(self.db.pool(), &token_hash, now()).await?
        {
            return Err(unusable().into());
        }
        let hash = self.hasher.hash(account.password.expose()).await?;
        let row = self.new_row(&account, hash, true, true);
        if let Err(err) = self.insert_account(&row).await {
            setup_links::unspend(self.db.pool(), &token_hash).await?;
            return Err(err);
        }
        tracing::info!(account_id = %row.id, "first admin created through the setup link");
        let token = self.start_session(&row, AMR_PASSWORD).await?;
        Ok((token, self.viewer(&row).await?))
    }

    async fn list_accounts(
        &self,
        admin: &CurrentSession,
        search: &str,
        order: AccountOrder,
        after: Option<&str>,
    ) -> ServiceResult<AccountPage> {
        self.account_page(admin, search, order, after).await
    }

    async fn outbox(&self, admin: &CurrentSession) -> ServiceResult<Vec<OutboxMessage>> {
        self.outbox_for(admin).await
    }

    async fn set_roles(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        developer: bool,
        admin_role: bool,
    ) -> ServiceResult<AccountSummary> {
        self.change_roles(admin, account_id, developer, admin_role)
            .await
    }

    async fn set_disabled(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        disabled: bool,
    ) -> ServiceResult<AccountSummary> {
        self.change_standing(admin, account_id, disabled).await
    }

    async fn end_account_sessions(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<u64> {
        self.end_all_of(admin, account_id).await
    }

    async fn reset_two_step(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<AccountSummary> {
        self.reset_two_step_of(admin, account_id).await
    }
}
