//! Making an account: its row, and storing it with what a new account
//! needs (a personal organisation for a developer, a verification link
//! for an unverified address).

use app::error::AppError;
use app::services::{NewAccount, ServiceResult};

use super::Accounts;
use crate::orgs::personal;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::{Conn, StoreError, commit, now};

impl Accounts {
    pub(super) fn new_row(
        &self,
        account: &NewAccount,
        password_hash: String,
        developer: bool,
        admin: bool,
    ) -> AccountRow {
        let now = now();
        AccountRow {
            id: uuid::Uuid::new_v4().to_string(),
            email: account.email.as_ref().to_owned(),
            display_name: account.display_name.as_ref().to_owned(),
            password_hash,
            is_developer: i64::from(developer || admin),
            is_admin: i64::from(admin),
            created_at: now,
            // Admins are made by the operator, who vouches for the address;
            // everyone else opens the link sent at sign-up.
            email_verified_at: admin.then_some(now),
            disabled_at: None,
            // Recorded by the session that follows (`start_session`).
            last_sign_in_at: None,
        }
    }

    /// Stores a new account, with its personal organisation when it is a
    /// developer and a verification link unless it is verified, in one
    /// transaction.
    pub(super) async fn insert_account(&self, row: &AccountRow) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        self.insert_account_in(&mut tx, row).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(())
    }

    /// `insert_account` inside a transaction of the caller's (which wakes
    /// the outbox after its commit).
    pub(super) async fn insert_account_in(
        &self,
        conn: &mut Conn,
        row: &AccountRow,
    ) -> ServiceResult<()> {
        match account_store::insert(&mut *conn, row).await {
            Err(StoreError::Unique(what)) if what.contains("email") => {
                return Err(AppError::conflict(
                    "email",
                    "An account with this email already exists. Sign in instead.",
                )
                .into());
            }
            other => other?,
        }
        if row.developer() {
            personal::ensure(conn, row, row.created_at).await?;
        }
        if !row.verified() {
            self.queue_verification(conn, row).await?;
        }
        Ok(())
    }
}
