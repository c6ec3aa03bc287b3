//! Operator tasks outside the web UI: the first admin and setup links.

use std::time::Duration;

use app::domain::{DisplayName, Email, Password};
use app::services::{NewAccount, ServiceError};

use super::Accounts;
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::{Lock, accounts as account_store, commit, now, setup_links};

/// How long a printed setup link works.
pub const SETUP_LINK_TTL: Duration = Duration::from_secs(60 * 60);

pub enum AdminOutcome {
    Created,
    Promoted,
}

/// What start-up does about the first admin.
pub enum SetupLink {
    /// An admin exists.
    NotNeeded,
    /// Another instance printed a link that still works.
    AlreadyIssued,
    /// A new link with this token, to print.
    Issued(String),
}

impl Accounts {
    /// `portico admin create`: creates an admin, or promotes an existing
    /// account (whose password is then left unchanged).
    pub async fn create_or_promote_admin(
        &self,
        email: &str,
        name: Option<&str>,
        password: impl FnOnce() -> anyhow::Result<String>,
    ) -> anyhow::Result<AdminOutcome> {
        let email = Email::parse(email).map_err(anyhow::Error::msg)?;
        if let Some(row) = account_store::find_by_email(self.db.pool(), email.as_ref()).await? {
            self.store_roles(&row, true, true).await?;
            return Ok(AdminOutcome::Promoted);
        }
        let local = email
            .as_ref()
            .split('@')
            .next()
            .unwrap_or("admin")
            .to_owned();
        let display_name =
            DisplayName::parse(name.unwrap_or(&local)).map_err(anyhow::Error::msg)?;
        let password = Password::parse(&password()?).map_err(anyhow::Error::msg)?;
        let account = NewAccount {
            email,
            display_name,
            password,
        };
        let hash = self.hasher.hash(account.password.expose()).await?;
        let row = self.new_row(&account, hash, true, true);
        self.insert_account(&row).await.map_err(|e| match e {
            ServiceError::Public(e) => anyhow::anyhow!("{e}"),
            ServiceError::Internal(e) | ServiceError::Unavailable(e) => anyhow::anyhow!(e),
        })?;
        Ok(AdminOutcome::Created)
    }

    /// At start-up with no admin: a fresh one-time link (the token; only its
    /// hash is stored) — unless one is already waiting: replicas started
    /// together print one link between them, whichever gets the lock.
    pub async fn issue_setup_link_if_needed(&self) -> anyhow::Result<SetupLink> {
        let mut tx = self.db.begin_locked(Lock::SetupLink).await?;
        if account_store::admin_exists(&mut *tx).await? {
            return Ok(SetupLink::NotNeeded);
        }
        let now = now();
        if setup_links::live_exists(&mut *tx, now).await? {
            return Ok(SetupLink::AlreadyIssued);
        }
        let token = random_token();
        let ttl = i64::try_from(SETUP_LINK_TTL.as_secs()).unwrap_or(3600);
        setup_links::insert(&mut *tx, &hash_token(&token), now, now + ttl).await?;
        commit(tx).await?;
        Ok(SetupLink::Issued(token))
    }
}
