//! Admins decide on requested scopes and suspend or reinstate clients.
//! Every decision is audited, and the provider forgets what it had verified
//! for the client at once (here and, within a second, on every replica).

use app::domain::{ClientId, ScopeName};
use app::error::AppError;
use app::model::{AdminClient, ClientStatus, ScopeAccess};
use app::services::{CurrentSession, ServiceResult};

use super::Clients;
use super::convert::status;
use crate::store::clients::{self as client_store, ClientRow};
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
    async fn any_client(&self, id: &ClientId) -> ServiceResult<ClientRow> {
        client_store::find_live(&self.db, &id.to_string())
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }

    pub(super) async fn decide(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()> {
        let client = self.any_client(id).await?;
        let reason = reason_of(&reason, !grant)?;
        let before = self.load_detail(client.clone()).await?;
        let access = if grant {
            ScopeAccess::Granted
        } else {
            ScopeAccess::Rejected
        };
        if !client_store::set_scope_status(
            &self.db,
            &client.id,
            scope.as_ref(),
            access.as_str(),
            reason.as_deref(),
        )
        .await?
        {
            return Err(AppError::invalid(
                "scope",
                format!("The client does not request {scope}."),
            )
            .into());
        }
        // Nothing left to decide: a pending client becomes active (limited
        // to its granted scopes when some were rejected).
        let scopes = client_store::scopes(&self.db, &client.id).await?;
        if status(&client.status) == ClientStatus::Pending
            && !scopes
                .iter()
                .any(|s| s.status == ScopeAccess::Pending.as_str())
        {
            client_store::set_status(
                &self.db,
                &client.id,
                ClientStatus::Active.as_str(),
                None,
                now(),
            )
            .await?;
        }
        self.verified.client_changed(&self.db).await?;
        let after = self.load_detail(self.any_client(id).await?).await?;
        let action = if grant {
            "scope.granted"
        } else {
            "scope.rejected"
        };
        self.audit
            .client(admin, action, &client.id, Some(&before), Some(&after))
            .await
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
        let client = self.any_client(id).await?;
        let reason = reason_of(&reason, !approve)?;
        let current = status(&client.status);
        if matches!(current, ClientStatus::Draft | ClientStatus::Rejected) {
            return Err(AppError::invalid(
                "client",
                format!("A {} client cannot be decided on.", current.as_str()),
            )
            .into());
        }
        let before = self.load_detail(client.clone()).await?;
        let action = if approve {
            client_store::grant_pending_scopes(&self.db, &client.id, reason.as_deref()).await?;
            if current == ClientStatus::Pending {
                client_store::set_status(
                    &self.db,
                    &client.id,
                    ClientStatus::Active.as_str(),
                    None,
                    now(),
                )
                .await?;
            }
            "client.approved"
        } else {
            client_store::set_status(
                &self.db,
                &client.id,
                ClientStatus::Rejected.as_str(),
                reason.as_deref(),
                now(),
            )
            .await?;
            "client.rejected"
        };
        self.verified.client_changed(&self.db).await?;
        let after = self.load_detail(self.any_client(id).await?).await?;
        self.audit
            .client(admin, action, &client.id, Some(&before), Some(&after))
            .await
    }

    pub(super) async fn list_for_admin(&self) -> ServiceResult<Vec<AdminClient>> {
        Ok(client_store::list_live(&self.db)
            .await?
            .into_iter()
            .map(|row| AdminClient {
                status: status(&row.status),
                client_id: row.id,
                display_name: row.display_name,
                owner_email: row.owner_email,
                status_reason: row.status_reason,
            })
            .collect())
    }

    pub(super) async fn suspend(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()> {
        let client = self.any_client(id).await?;
        let current = status(&client.status);
        let reason = reason_of(&reason, suspended)?;
        let (next, action) = match (suspended, current) {
            (true, ClientStatus::Suspended)
            | (false, ClientStatus::Active | ClientStatus::Pending) => {
                return Ok(());
            }
            (true, _) => (ClientStatus::Suspended, "client.suspended"),
            (false, ClientStatus::Suspended) => {
                let scopes = client_store::scopes(&self.db, &client.id).await?;
                let pending = scopes
                    .iter()
                    .any(|s| s.status == ScopeAccess::Pending.as_str());
                let next = if pending {
                    ClientStatus::Pending
                } else {
                    ClientStatus::Active
                };
                (next, "client.reinstated")
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
        let before = self.load_detail(client.clone()).await?;
        client_store::set_status(
            &self.db,
            &client.id,
            next.as_str(),
            reason.as_deref(),
            now(),
        )
        .await?;
        self.verified.client_changed(&self.db).await?;
        let after = self.load_detail(self.any_client(id).await?).await?;
        self.audit
            .client(admin, action, &client.id, Some(&before), Some(&after))
            .await
    }
}
