//! What passkeys need of accounts: storing one (audited, with a notice
//! to the owner), removing one (never the last way in), and the session
//! a passkey sign-in starts.

use app::error::AppError;
use app::model::Viewer;
use app::services::{ServiceResult, SessionToken};

use super::Accounts;
use crate::audit::{self, Actor};
use crate::store::accounts::AccountRow;
use crate::store::passkeys::{self as store, PasskeyRow};
use crate::store::{StoreError, commit, upstream};

const ADDED: &str =
    "A passkey was added to your Portico account. It signs you in without your password.";
const REMOVED: &str = "A passkey was removed from your Portico account. It no longer signs you in.";
const ALREADY_ADDED: &str = "This passkey is already registered with Portico.";
const LAST_PASSKEY: &str = "This passkey is the only way you can sign in. Set a password (\"Forgot your password?\" on the sign-in page) or add another passkey first.";

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
        if row.password_hash.is_empty()
            && store::count_of(pool, &row.id).await? == 1
            && upstream::identities_of(pool, &row.id).await?.is_empty()
        {
            return Err(AppError::invalid("form", LAST_PASSKEY).into());
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

fn own(row: &AccountRow) -> Actor<'_> {
    Actor::Account {
        id: &row.id,
        email: &row.email,
    }
}
