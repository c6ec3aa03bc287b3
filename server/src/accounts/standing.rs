//! Admins disable and enable accounts. A disabled account cannot sign in
//! (every way in ends in `start_session`, which refuses it), and disabling
//! ends its sessions and every grant it gave, so refresh tokens stop and
//! its access tokens are refused at once here and within a second on
//! other replicas (their token caches follow the counter bumped here).

use app::error::AppError;
use app::model::AccountSummary;
use app::services::{CurrentSession, ServiceResult};

use super::Accounts;
use crate::audit::{self, Actor};
use crate::store::accounts as account_store;
use crate::store::{commit, grants, now, sessions};

/// What sign-in says to a disabled account (only after its password was
/// right, so it tells nothing to someone guessing addresses).
pub(super) const DISABLED: &str =
    "This account is disabled. Ask an admin of this Portico to enable it.";

impl Accounts {
    pub(super) async fn change_standing(
        &self,
        admin: &CurrentSession,
        account_id: &str,
        disabled: bool,
    ) -> ServiceResult<AccountSummary> {
        let me = self.admin_of(admin).await?;
        if me.id == account_id && disabled {
            return Err(AppError::invalid(
                "form",
                "You cannot disable your own account. Ask another admin.",
            )
            .into());
        }
        let at = now();
        let mut tx = self.db.begin().await?;
        let target = account_store::find_by_id(&mut *tx, account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        account_store::set_disabled(&mut *tx, &target.id, disabled.then_some(at), at).await?;
        let (mut ended_sessions, mut ended_grants) = (0, 0);
        if disabled {
            ended_sessions = sessions::delete_all(&mut *tx, &target.id).await?;
            ended_grants = grants::revoke_all_of(&mut *tx, &target.id, at).await?;
            // Cached token checks are stale now: this replica forgets them
            // once committed, the others follow the counter.
            self.verified.tokens_revoked(&mut tx).await?;
        }
        let action = if disabled {
            "account.disabled"
        } else {
            "account.enabled"
        };
        let subject = serde_json::json!({ "account_id": target.id, "email": target.email });
        audit::other(
            &mut tx,
            Actor::Account {
                id: &me.id,
                email: &me.email,
            },
            action,
            None,
            Some(&subject),
        )
        .await?;
        commit(tx).await?;
        if disabled {
            self.verified.forget_tokens();
        }
        tracing::info!(by = %me.id, account_id = %target.id, disabled, ended_sessions, ended_grants, "account standing changed");
        let updated = account_store::find_by_id(self.db.pool(), &target.id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(updated.summary())
    }
}
