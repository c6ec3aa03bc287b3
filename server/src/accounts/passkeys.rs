//! What passkeys need of accounts: storing one (audited, with a notice
//! to the owner), renaming and removing one (never the last way in, nor
//! the second step the sign-in policy requires), the session a
//! passkey sign-in starts, and a passkey as the second step of a sign-in.

use std::net::IpAddr;

use app::domain::PasskeyName;
use app::error::AppError;
use app::model::Viewer;
use app::services::{ServiceResult, SessionToken};

use super::Accounts;
use super::two_step::EXPIRED;
use super::two_step_set_up::Waiting;
use crate::audit::{self, Actor};
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::passkeys::{self as store, PasskeyRow};
use crate::store::two_step::{self as challenges, Purpose};
use crate::store::{StoreError, commit, upstream};

const ADDED: &str =
    "A passkey was added to your Portico account. It signs you in without your password.";
const REMOVED: &str = "A passkey was removed from your Portico account. It no longer signs you in.";
const ALREADY_ADDED: &str = "This passkey is already registered with Portico.";
const LAST_PASSKEY: &str = "This passkey is the only way you can sign in. Set a password (\"Forgot your password?\" on the sign-in page) or add another passkey first.";

const REQUIRED_PASSKEY: &str = "The admins of this Portico require two-step sign-in for your account, and this passkey is how you meet it. Add another passkey or set up an authenticator app first.";

impl Accounts {
    /// Stores a new passkey of `row`'s owner, audited, with a notice.
    pub(crate) async fn add_passkey(
        &self,
        row: &AccountRow,
        passkey: &PasskeyRow,
    ) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        match store::insert(&mut *tx, passkey).await {
            Err(StoreError::Unique(_)) => {
                return Err(AppError::conflict("form", ALREADY_ADDED).into());
            }
            other => other?,
        }
        let subject = serde_json::json!({ "account_id": row.id, "passkey": passkey.name });
        audit::other(
            &mut tx,
            own(row),
            "account.passkey_added",
            None,
            Some(&subject),
        )
        .await?;
        let notice = self.change_notice(row, "A passkey was added", ADDED);
        self.outbox.queue(&mut *tx, &notice).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(())
    }

    /// Removes one of `row`'s passkeys, unless nothing else signs it in.
    pub(crate) async fn remove_passkey(
        &self,
        row: &AccountRow,
        credential_id: &str,
    ) -> ServiceResult<()> {
        let pool = self.db.pool();
        let Some(passkey) = store::find(pool, credential_id)
            .await?
            .filter(|p| p.account_id == row.id)
        else {
            return Err(AppError::NotFound.into());
        };
        let last = store::count_of(pool, &row.id).await? == 1;
        if last
            && row.password_hash.is_empty()
            && upstream::identities_of(pool, &row.id).await?.is_empty()
        {
            return Err(AppError::invalid("form", LAST_PASSKEY).into());
        }
        if last
            && self.passkeys_usable
            && !self.two_step_on(&row.id).await?
            && self.policy_requires(row).await?
        {
            return Err(AppError::invalid("form", REQUIRED_PASSKEY).into());
        }
        let mut tx = self.db.begin().await?;
        if !store::delete(&mut *tx, &row.id, credential_id).await? {
            return Err(AppError::NotFound.into());
        }
        let subject = serde_json::json!({ "account_id": row.id, "passkey": passkey.name });
        audit::other(
            &mut tx,
            own(row),
            "account.passkey_removed",
            None,
            Some(&subject),
        )
        .await?;
        let notice = self.change_notice(row, "A passkey was removed", REMOVED);
        self.outbox.queue(&mut *tx, &notice).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(())
    }

    /// Gives one of `row`'s passkeys a new name, audited.
    pub(crate) async fn rename_passkey(
        &self,
        row: &AccountRow,
        credential_id: &str,
        name: &PasskeyName,
    ) -> ServiceResult<PasskeyRow> {
        let mut tx = self.db.begin().await?;
        let Some(before) = store::find(&mut *tx, credential_id)
            .await?
            .filter(|p| p.account_id == row.id)
        else {
            return Err(AppError::NotFound.into());
        };
        store::rename(&mut *tx, &row.id, credential_id, name.as_ref()).await?;
        let subject = serde_json::json!({
            "account_id": row.id,
            "passkey": name.as_ref(),
            "was": before.name,
        });
        audit::other(
            &mut tx,
            own(row),
            "account.passkey_renamed",
            None,
            Some(&subject),
        )
        .await?;
        commit(tx).await?;
        Ok(PasskeyRow {
            name: name.as_ref().to_owned(),
            ..before
        })
    }

    /// The session of a passkey sign-in (`amr` e.g. `swk mfa`: the passkey
    /// checked the person too, so no code step follows).
    pub(crate) async fn passkey_session(
        &self,
        row: &AccountRow,
        amr: &str,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let token = self.start_session(row, amr).await?;
        tracing::info!(account_id = %row.id, "signed in with a passkey");
        Ok((token, self.viewer(row).await?))
    }
}

/// A sign-in waiting for its second step (after a password or a
/// provider), which one of the account's passkeys may give.
pub struct CodeStep(Waiting);

impl CodeStep {
    pub fn account_id(&self) -> &str {
        &self.0.account_id
    }
}

const PASSKEY_MISSED: &str = "That passkey did not confirm it is you. Try again.";

impl Accounts {
    /// The live code step behind `challenge` (limits checked as for codes).
    pub(crate) async fn code_step(&self, challenge: &str, ip: IpAddr) -> ServiceResult<CodeStep> {
        Ok(CodeStep(self.waiting(challenge, Purpose::Code, ip).await?))
    }

    /// A passkey answer that proved nothing: counted like a wrong code.
    pub(crate) async fn passkey_missed<T>(&self, step: &CodeStep) -> ServiceResult<T> {
        self.missed(&step.0, PASSKEY_MISSED).await
    }

    /// The second step given by a passkey (`key`: `hwk` or `swk`): the
    /// challenge is spent and the session begins (`amr` e.g. `pwd swk mfa`).
    pub(crate) async fn finish_code_step(
        &self,
        step: CodeStep,
        key: &str,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let Waiting {
            key: challenge_key,
            account_id,
            first_factor,
            ..
        } = step.0;
        // One request turns a challenge into a session.
        if !challenges::delete_challenge(self.db.pool(), &challenge_key).await? {
            return Err(AppError::invalid("code", EXPIRED).into());
        }
        let row = account_store::find_by_id(self.db.pool(), &account_id)
            .await?
            .ok_or_else(|| AppError::invalid("code", EXPIRED))?;
        let token = self
            .start_session(&row, &format!("{first_factor} {key} mfa"))
            .await?;
        tracing::info!(account_id = %row.id, "signed in with a passkey as the second step");
        Ok((token, self.viewer(&row).await?))
    }
}

fn own(row: &AccountRow) -> Actor<'_> {
    Actor::Account {
        id: &row.id,
        email: &row.email,
    }
}
