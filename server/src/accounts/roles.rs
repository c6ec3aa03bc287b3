//! Roles: the admins' paged account list, role changes, and giving an
//! account the developer role (with its personal organisation).

use app::error::AppError;
use app::model::{AccountOrder, AccountPage, AccountSummary, PAGE_READ, Viewer, split_page};
use app::services::{CurrentSession, ServiceResult};

use super::Accounts;
use crate::config::DeveloperPolicy;
use crate::orgs::personal;
use crate::paging::after_key;
use crate::store::accounts::{self as account_store, AccountRow, AccountsFrom};
use crate::store::{PageKey, StoreResult, commit, now, sessions};

impl Accounts {
    /// Sets an account's roles; one that becomes a developer gets its
    /// personal organisation (once: it keeps it, and its prefix, if the
    /// role is taken away and given back).
    pub(super) async fn store_roles(
        &self,
        account: &AccountRow,
        developer: bool,
        admin: bool,
    ) -> StoreResult<()> {
        let mut tx = self.db.begin().await?;
        account_store::set_roles(&mut *tx, &account.id, developer, admin, now()).await?;
        // A role the sign-in policy requires two-step sign-in of starts
        // the grace period.
        self.sync_grace_of(&mut tx, &account.id).await?;
        if developer {
            personal::ensure(&mut tx, account, now()).await?;
        }
        commit(tx).await
    }

    pub(super) async fn admin_of(&self, session: &CurrentSession) -> ServiceResult<AccountRow> {
        match account_store::find_by_id(self.db.pool(), &session.viewer.account_id).await? {
            Some(row) if row.admin() => Ok(row),
            Some(_) => Err(AppError::Forbidden.into()),
            None => Err(AppError::Unauthenticated.into()),
        }
    }

    pub(super) async fn account_page(
        &self,
        admin: &CurrentSession,
        search: &str,
        order: AccountOrder,
        after: Option<&str>,
    ) -> ServiceResult<AccountPage> {
        self.admin_of(admin).await?;
        let (rows, next_after) = match order {
            AccountOrder::Email => {
                let from = AccountsFrom::Email(after);
                let rows = account_store::page(&self.db, search, from, PAGE_READ).await?;
                split_page(rows, |r| r.email.clone())
            }
            AccountOrder::Newest => {
                let key = after_key(after)?;
                let from = AccountsFrom::Newest(key.as_ref());
                let rows = account_store::page(&self.db, search, from, PAGE_READ).await?;
                split_page(rows, |r| PageKey::new(r.created_at, r.id.clone()).text())
            }
        };
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let live = sessions::live_counts(self.db.pool(), &ids, now()).await?;
        let two_step = crate::store::two_step::with_authenticator(self.db.pool(), &ids).await?;
        let accounts = rows
            .iter()
            .map(|row| {
                let mut summary = row.summary();
                summary.live_sessions = live
                    .iter()
                    .find(|(id, _)| *id == row.id)
                    .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
                summary.two_step = two_step.contains(&row.id);
                summary
            })
            .collect();
        Ok(AccountPage {
            next_after,
            accounts,
        })
    }

    pub(super) async fn change_roles(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        developer: bool,
        admin_role: bool,
    ) -> ServiceResult<AccountSummary> {
        let me = self.admin_of(admin).await?;
        if me.id == account_id && !admin_role {
            return Err(AppError::invalid(
                "form",
                "You cannot remove your own admin role. Ask another admin.",
            )
            .into());
        }
        let target = account_store::find_by_id(self.db.pool(), account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Every admin is a developer.
        let developer = developer || admin_role;
        if developer && !target.developer() {
            self.may_become_developer(&target)?;
        }
        self.store_roles(&target, developer, admin_role).await?;
        tracing::info!(by = %me.id, account_id = %target.id, developer, admin = admin_role, "roles changed");
        let updated = account_store::find_by_id(self.db.pool(), &target.id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(updated.summary())
    }

    /// Self-service: the signed-in person accepts the developer terms and
    /// gets the developer role with a personal organisation.
    pub(super) async fn make_self_developer(
        &self,
        session: &CurrentSession,
        accept_terms: bool,
    ) -> ServiceResult<Viewer> {
        if self.signup.developers != DeveloperPolicy::SelfService {
            return Err(AppError::invalid(
                "form",
                "On this Portico an admin gives the developer role: ask one.",
            )
            .into());
        }
        let account = account_store::find_by_id(self.db.pool(), &session.viewer.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if account.developer() {
            return Ok(self.viewer(&account).await?);
        }
        if !accept_terms {
            return Err(AppError::invalid(
                "accept_terms",
                "Accept the developer terms to register applications.",
            )
            .into());
        }
        if self.signup.require_verified && !account.verified() {
            return Err(AppError::invalid(
                "form",
                "Confirm your email address first: open the link we emailed you, or ask for a new one on your account page.",
            )
            .into());
        }
        self.store_roles(&account, true, account.admin()).await?;
        tracing::info!(account_id = %account.id, "became a developer (accepted the developer terms)");
        let updated = account_store::find_by_id(self.db.pool(), &account.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(self.viewer(&updated).await?)
    }
}
