//! A person's notification settings, and the admins' view of the outbox.

use app::error::AppError;
use app::model::{NOTIFICATION_KINDS, NotificationPref, OutboxMessage};
use app::services::{CurrentSession, ServiceResult};

use super::Accounts;
use crate::store::notices as notice_store;

impl Accounts {
    pub(super) async fn prefs(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<NotificationPref>> {
        let off = notice_store::opted_out(self.db.pool(), &session.viewer.account_id).await?;
        Ok(NOTIFICATION_KINDS
            .iter()
            .map(|(kind, label, description)| NotificationPref {
                kind: (*kind).to_owned(),
                label: (*label).to_owned(),
                description: (*description).to_owned(),
                enabled: !off.iter().any(|k| k == kind),
            })
            .collect())
    }

    pub(super) async fn set_pref(
        &self,
        session: &CurrentSession,
        kind: &str,
        enabled: bool,
    ) -> ServiceResult<Vec<NotificationPref>> {
        if !NOTIFICATION_KINDS.iter().any(|(k, _, _)| *k == kind) {
            return Err(AppError::invalid("kind", "There is no such kind of notification.").into());
        }
        notice_store::set_opt_out(self.db.pool(), &session.viewer.account_id, kind, !enabled)
            .await?;
        self.prefs(session).await
    }

    pub(super) async fn outbox_for(
        &self,
        admin: &CurrentSession,
    ) -> ServiceResult<Vec<OutboxMessage>> {
        self.admin_of(admin).await?;
        Ok(crate::store::outbox::recent(&self.db, 200)
            .await?
            .into_iter()
            .map(|m| {
                let (state, done_at) = match (m.sent_at, m.failed_at) {
                    (Some(at), _) => ("sent", Some(at)),
                    (None, Some(at)) => ("failed", Some(at)),
                    (None, None) => ("waiting", None),
                };
                OutboxMessage {
                    id: m.id,
                    recipient: m.recipient,
                    subject: m.subject,
                    created_at: m.created_at,
                    attempts: m.attempts,
                    state: state.to_owned(),
                    done_at,
                    last_error: m.last_error,
                }
            })
            .collect())
    }
}
