//! Admins decide on requested scopes and suspend or reinstate clients.
//! Each decision is one change (see `change.rs`): audited, and the
//! provider stops trusting what it had verified for the client at once.

use app::domain::{ClientId, ScopeName};
use app::error::AppError;
use app::model::{ClientStatus, ScopeAccess};
use app::services::{CurrentSession, ServiceResult};

use crate::clients::Clients;
use crate::clients::change::Access;
use crate::clients::notify::Decision;
use crate::store::clients as client_store;
use crate::store::now;

const REASON_MAX: usize = 300;

/// A reason as an admin typed it: required when `required`, at most 300
/// characters.
fn reason_of(text: &str, required: bool) -> ServiceResult<Option<String>> {
    let text = text.trim();
    if text.chars().count() > REASON_MAX {
        return Err(AppError::invalid(
            "reason",
            format!("A reason has at most {REASON_MAX} characters."),
        )
        .into());
    }
    if text.is_empty() {
        if required {
            return Err(AppError::invalid(
                "reason",
                "Say why, so the developer knows what to change.",
            )
            .into());
        }
        return Ok(None);
    }
    Ok(Some(text.to_owned()))
}

impl Clients {
    pub(super) async fn decide(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()> {
        let reason = reason_of(&reason, !grant)?;
        let mut change = self.begin_change(&id.to_string(), Access::Checked).await?;
        let client_id = change.id().to_owned();
        let access = if grant {
            ScopeAccess::Granted
        } else {
            ScopeAccess::Rejected
        };
        let requested = client_store::set_scope_status(
            change.conn(),
            &client_id,
            scope,
            access,
            reason.as_deref(),
        )
        .await?;
        if !requested {
            return Err(AppError::invalid(
                "scope",
                format!("The client does not request {scope}."),
            )
            .into());
        }
        // Nothing left to decide: a pending client becomes active (limited
        // to its granted scopes when some were rejected).
        let still_pending = client_store::scopes(change.conn(), &client_id)
            .await?
            .iter()
            .any(|s| s.status == ScopeAccess::Pending);
        if change.before.status == ClientStatus::Pending && !still_pending {
            client_store::set_status(change.conn(), &client_id, ClientStatus::Active, None, now())
                .await?;
        }
        let (action, decision) = if grant {
            ("scope.granted", Decision::ScopeGranted(scope.as_ref()))
        } else {
            ("scope.rejected", Decision::ScopeRejected(scope.as_ref()))
        };
        self.notify_decision(&mut change, decision, reason.as_deref())
            .await?;
        self.finish_change(change, admin.into(), action).await?;
        self.outbox.wake();
        Ok(())
    }

    /// An admin's decision on the whole client: approve grants every scope
    /// still pending (and a pending client becomes active); reject stops
    /// the client for good, with a reason the developer sees.
    pub(super) async fn decide_whole(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        approve: bool,
        reason: String,
    ) -> ServiceResult<()> {
        let reason = reason_of(&reason, !approve)?;
        let mut change = self.begin_change(&id.to_string(), Access::Checked).await?;
        let current = change.before.status;
        if matches!(current, ClientStatus::Draft | ClientStatus::Rejected) {
            return Err(AppError::invalid(
                "client",
                format!("A {} client cannot be decided on.", current.as_str()),
            )
            .into());
        }
        let client_id = change.id().to_owned();
        let action = if approve {
            client_store::grant_pending_scopes(change.conn(), &client_id, reason.as_deref())
                .await?;
            if current == ClientStatus::Pending {
                client_store::set_status(
                    change.conn(),
                    &client_id,
                    ClientStatus::Active,
                    None,
                    now(),
                )
                .await?;
            }
            ("client.approved", Decision::Approved)
        } else {
            client_store::set_status(
                change.conn(),
                &client_id,
                ClientStatus::Rejected,
                reason.as_deref(),
                now(),
            )
            .await?;
            ("client.rejected", Decision::Rejected)
        };
        let (action, decision) = action;
        self.notify_decision(&mut change, decision, reason.as_deref())
            .await?;
        self.finish_change(change, admin.into(), action).await?;
        self.outbox.wake();
        Ok(())
    }

    pub(super) async fn suspend(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()> {
        let reason = reason_of(&reason, suspended)?;
        let mut change = self.begin_change(&id.to_string(), Access::Checked).await?;
        let current = change.before.status;
        let (next, action, decision) = match (suspended, current) {
            (true, ClientStatus::Suspended)
            | (false, ClientStatus::Active | ClientStatus::Pending) => {
                // Already so: nothing to change or record.
                return Ok(());
            }
            (true, _) => (
                ClientStatus::Suspended,
                "client.suspended",
                Decision::Suspended,
            ),
            (false, ClientStatus::Suspended) => {
                let pending = change
                    .requests
                    .iter()
                    .any(|s| s.access == ScopeAccess::Pending);
                let next = if pending {
                    ClientStatus::Pending
                } else {
                    ClientStatus::Active
                };
                (next, "client.reinstated", Decision::Reinstated)
            }
            (false, other) => {
                return Err(AppError::invalid(
                    "client",
                    format!(
                        "A {} client cannot be reinstated; only a suspended one.",
                        other.as_str()
                    ),
                )
                .into());
            }
        };
        let client_id = change.id().to_owned();
        client_store::set_status(change.conn(), &client_id, next, reason.as_deref(), now()).await?;
        self.notify_decision(&mut change, decision, reason.as_deref())
            .await?;
        self.finish_change(change, admin.into(), action).await?;
        self.outbox.wake();
        Ok(())
    }
}
