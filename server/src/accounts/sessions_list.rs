//! A person's own sessions (`/account/security`: where they are signed in, ending
//! one or all others) and an admin ending every session of an account.

use app::error::AppError;
use app::model::{SessionSummary, describe_browser};
use app::services::{CurrentSession, ServiceResult};

use super::Accounts;
use crate::audit::{self, Actor};
use crate::oidc::tokens::{ACR_MFA, acr_of};
use crate::store::accounts as account_store;
use crate::store::{commit, now, sessions};

/// More sessions than anyone keeps; the list stops here.
const LIST_LIMIT: i64 = 100;

impl Accounts {
    pub(super) async fn sessions_of(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<SessionSummary>> {
        let rows = sessions::list_for(
            self.db.pool(),
            &session.viewer.account_id,
            now(),
            LIST_LIMIT,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| SessionSummary {
                reference: reference(&row.id_hash),
                browser: describe_browser(row.user_agent.as_deref()),
                ip: row.ip,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                current: row.id_hash == session.session_key,
                with_code: acr_of(&row.amr) == ACR_MFA,
            })
            .collect())
    }

    pub(super) async fn end_one(
        &self,
        session: &CurrentSession,
        reference_given: &str,
    ) -> ServiceResult<()> {
        if reference_given == reference(&session.session_key) {
            return Err(
                AppError::invalid("reference", "That is this session: sign out instead.").into(),
            );
        }
        let account_id = &session.viewer.account_id;
        if !sessions::delete_by_reference(self.db.pool(), account_id, reference_given).await? {
            return Err(AppError::NotFound.into());
        }
        tracing::info!(account_id = %account_id, "another session ended by its owner");
        Ok(())
    }

    pub(super) async fn end_others(&self, session: &CurrentSession) -> ServiceResult<u64> {
        let account_id = &session.viewer.account_id;
        let ended =
            sessions::delete_others(self.db.pool(), account_id, &session.session_key).await?;
        tracing::info!(account_id = %account_id, ended, "other sessions ended by their owner");
        Ok(ended)
    }

    pub(super) async fn end_all_of(
        &self,
        admin: &CurrentSession,
        account_id: &str,
    ) -> ServiceResult<u64> {
        let me = self.admin_of(admin).await?;
        if me.id == account_id {
            return Err(AppError::invalid(
                "form",
                "To end your own other sessions, use your account page.",
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let target = account_store::find_by_id(&mut *tx, account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ended = sessions::delete_all(&mut *tx, &target.id).await?;
        let subject = serde_json::json!({ "account_id": target.id, "email": target.email, "sessions": ended });
        let actor = Actor::Account {
            id: &me.id,
            email: &me.email,
        };
        audit::other(&mut tx, actor, "account.signed_out", None, Some(&subject)).await?;
        commit(tx).await?;
        tracing::info!(by = %me.id, account_id = %target.id, ended, "every session of an account ended by an admin");
        Ok(ended)
    }
}

/// What names a session on the page: the start of its key's hash.
fn reference(id_hash: &str) -> String {
    id_hash.chars().take(sessions::REFERENCE_LEN).collect()
}
