//! The sign-in policy: admins require two-step sign-in of admins and of
//! developers. Someone newly required gets a grace period (a banner, and
//! sign-in lands on their account page); after it their sessions end and
//! signing in sets up an authenticator before anything else, as
//! Keycloak's "Configure OTP" required action does. A passkey meets the
//! policy as well: a password sign-in of such an account then asks for
//! the passkey as its second step.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{AuthenticatorSetup, MAX_GRACE_DAYS, SignInPolicy, Viewer};
use app::services::{CurrentSession, ServiceResult, SessionToken};

use super::Accounts;
use super::first_step::with_code;
use super::two_step::EXPIRED;
use super::two_step_set_up::TurnOn;
use crate::audit::{self, Actor};
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::sign_in_policy::{self as store, PolicyRow};
use crate::store::two_step::{self as challenges, Purpose};
use crate::store::{StoreResult, commit, now};

/// A wrong first code while setting up (there are no recovery codes yet).
const FIRST_CODE_WRONG: &str = "That code is not right. Check that the time on your phone is right, and type the code the app shows now.";

impl Accounts {
    /// Whether the policy requires two-step sign-in of the account.
    pub(super) async fn policy_requires(&self, row: &AccountRow) -> StoreResult<bool> {
        let policy = store::load(self.db.pool()).await?;
        Ok(policy.requires(row.admin(), row.developer()))
    }

    /// Whether a first step (password, provider) of the account must be
    /// followed by one of its passkeys: the policy requires two-step
    /// sign-in of it, and a passkey is how it meets that.
    pub(super) async fn passkey_step_required(&self, row: &AccountRow) -> StoreResult<bool> {
        Ok(self.passkeys_usable
            && self.policy_requires(row).await?
            && crate::store::passkeys::count_of(self.db.pool(), &row.id).await? > 0)
    }

    /// For an account without an authenticator that the policy requires
    /// one of: the end of its grace period, started now if it had none.
    pub(super) async fn grace_of(&self, row: &AccountRow) -> StoreResult<Option<i64>> {
        let policy = store::load(self.db.pool()).await?;
        if !policy.requires(row.admin(), row.developer()) {
            return Ok(None);
        }
        let due = now().saturating_add(policy.grace_secs());
        store::start_grace(self.db.pool(), &row.id, due).await?;
        store::due_at(self.db.pool(), &row.id).await
    }

    /// The account a set-up challenge is for.
    async fn setting_up(&self, challenge: &str) -> ServiceResult<AccountRow> {
        let key = crate::crypto::tokens::hash_token(challenge);
        let found = challenges::find_challenge(self.db.pool(), &key, Purpose::SetUp, now()).await?;
        let Some((account_id, _, _)) = found else {
            return Err(AppError::invalid("form", EXPIRED).into());
        };
        Ok(account_store::find_by_id(self.db.pool(), &account_id)
            .await?
            .ok_or_else(|| AppError::invalid("form", EXPIRED))?)
    }

    pub(super) async fn begin_required_set_up(
        &self,
        challenge: &str,
    ) -> ServiceResult<AuthenticatorSetup> {
        let row = self.setting_up(challenge).await?;
        match self.authenticator_being_set_up(&row.id, &row.email).await? {
            Some(setup) => Ok(setup),
            None => self.new_authenticator(&row.id, &row.email).await,
        }
    }

    pub(super) async fn finish_required_set_up(
        &self,
        challenge: &str,
        code: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer, Vec<String>)> {
        let waiting = self.waiting(challenge, Purpose::SetUp, ip).await?;
        let row = account_store::find_by_id(self.db.pool(), &waiting.account_id)
            .await?
            .ok_or_else(|| AppError::invalid("code", EXPIRED))?;
        let Some(step) = self.first_code(&row, code).await? else {
            return self.missed(&waiting, FIRST_CODE_WRONG).await;
        };
        // One request turns a challenge into a session.
        if !challenges::delete_challenge(self.db.pool(), &waiting.key).await? {
            return Err(AppError::invalid("code", EXPIRED).into());
        }
        let actor = Actor::Account {
            id: &row.id,
            email: &row.email,
        };
        let on = TurnOn {
            actor,
            session_key: None,
        };
        let codes = self.turn_on(&row, step, on).await?;
        let token = self
            .start_session(&row, &with_code(&waiting.first_factor))
            .await?;
        tracing::info!(account_id = %row.id, "signed in after setting up the required second step");
        Ok((token, self.viewer(&row).await?, codes))
    }

    pub(super) async fn sign_in_policy(
        &self,
        admin: &CurrentSession,
    ) -> ServiceResult<SignInPolicy> {
        self.admin_of(admin).await?;
        Ok(to_policy(store::load(self.db.pool()).await?))
    }

    pub(super) async fn set_sign_in_policy(
        &self,
        admin: &CurrentSession,
        policy: SignInPolicy,
    ) -> ServiceResult<SignInPolicy> {
        let me = self.admin_of(admin).await?;
        if policy.grace_days > MAX_GRACE_DAYS {
            return Err(AppError::invalid(
                "grace_days",
                format!("Enter whole days from 0 to {MAX_GRACE_DAYS}."),
            )
            .into());
        }
        let now = now();
        let row = PolicyRow {
            two_step_admins: i64::from(policy.two_step_for_admins),
            two_step_developers: i64::from(policy.two_step_for_developers),
            grace_days: i64::from(policy.grace_days),
            updated_at: Some(now),
        };
        let requires_me = row.requires(me.admin(), me.developer());
        if requires_me && policy.grace_days == 0 && !admin.has_second_factor() {
            return Err(AppError::invalid(
                "grace_days",
                "With no grace period this would sign you out now: set up two-step sign-in on your account page first, or give some days.",
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        store::save(&mut *tx, &row).await?;
        store::sync_deadlines(&mut tx, now.saturating_add(row.grace_secs()), None).await?;
        let actor = Actor::Account {
            id: &me.id,
            email: &me.email,
        };
        let subject = serde_json::json!({
            "two_step_for_admins": policy.two_step_for_admins,
            "two_step_for_developers": policy.two_step_for_developers,
            "grace_days": policy.grace_days,
        });
        audit::other(
            &mut tx,
            actor,
            "policy.sign_in_changed",
            None,
            Some(&subject),
        )
        .await?;
        commit(tx).await?;
        tracing::info!(admin = %me.id, "sign-in policy changed");
        Ok(to_policy(row))
    }

    /// After an account's roles changed: its grace period starts (or ends)
    /// as the policy says.
    pub(super) async fn sync_grace_of(
        &self,
        conn: &mut crate::store::Conn,
        account_id: &str,
    ) -> StoreResult<()> {
        let policy = store::load(&mut *conn).await?;
        let due = now().saturating_add(policy.grace_secs());
        store::sync_deadlines(conn, due, Some(account_id)).await
    }
}

fn to_policy(row: PolicyRow) -> SignInPolicy {
    SignInPolicy {
        two_step_for_admins: row.two_step_admins != 0,
        two_step_for_developers: row.two_step_developers != 0,
        grace_days: u32::try_from(row.grace_days).unwrap_or(0),
        updated_at: row.updated_at,
    }
}
