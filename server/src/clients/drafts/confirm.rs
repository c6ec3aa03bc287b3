//! End users answering drafts: what the confirmation page shows, the
//! answer (once), and the expiry of drafts nobody answered.

use app::domain::ClientId;
use app::error::AppError;
use app::model::{
    AnsweredDraft, ClientLinks, ClientStatus, DraftAnswer, DraftToConfirm, ListPage, PAGE_READ,
    ScopeAccess, ScopeToConfirm, split_page,
};
use app::services::{CurrentSession, ServiceResult, doing};

use crate::audit::{self, Actor};
use crate::clients::Clients;
use crate::clients::change::Access;
use crate::clients::notify::Decision;
use crate::clients::settings::status_for;
use crate::paging::after_key;
use crate::store::clients::{self as client_store, ClientRow};
use crate::store::{PageKey, commit};
use crate::store::{now, systems as system_store};

/// How a draft was answered; `None` while it waits.
fn answer_of(status: ClientStatus, confirmed_by: Option<&str>) -> Option<DraftAnswer> {
    match status {
        ClientStatus::Draft => None,
        ClientStatus::Rejected if confirmed_by.is_some() => Some(DraftAnswer::Declined),
        _ => Some(DraftAnswer::Confirmed),
    }
}

/// The same answer again is harmless; another one is refused.
fn settled(earlier: DraftAnswer, answer: DraftAnswer) -> ServiceResult<DraftAnswer> {
    if earlier == answer {
        Ok(earlier)
    } else {
        Err(AppError::conflict(
            "answer",
            format!("This client was already {}.", earlier.as_str()),
        )
        .into())
    }
}

impl Clients {
    /// A client a system created, unless it is an expired draft.
    pub(super) async fn system_client(&self, client_id: &str) -> ServiceResult<ClientRow> {
        let row = client_store::find_live(self.db.pool(), client_id)
            .await?
            .filter(|row| row.system_id.is_some())
            .ok_or(AppError::NotFound)?;
        let expired =
            row.status == ClientStatus::Draft && row.draft_expires_at.is_some_and(|at| at <= now());
        if expired {
            Err(AppError::NotFound.into())
        } else {
            Ok(row)
        }
    }

    /// A draft as an end user sees it before answering.
    pub async fn draft_to_confirm(&self, id: &ClientId) -> ServiceResult<DraftToConfirm> {
        doing("loading a draft to confirm", async {
            let row = self.system_client(&id.to_string()).await?;
            let system = match row.system_id.as_deref() {
                Some(system_id) => system_store::find(self.db.pool(), system_id).await?,
                None => None,
            }
            .ok_or(AppError::NotFound)?;
            let scopes = client_store::scopes(self.db.pool(), &row.id).await?;
            Ok(DraftToConfirm {
                answered: answer_of(row.status, row.confirmed_by_email.as_deref()),
                redirect_uris: row.redirect_uris.into_vec(),
                scopes: scopes
                    .into_iter()
                    .map(|s| ScopeToConfirm {
                        needs_approval: s.status == ScopeAccess::Pending,
                        scope: s.scope.to_string(),
                        description: s.description,
                    })
                    .collect(),
                client_id: row.id,
                display_name: row.display_name,
                description: row.description,
                system_name: system.name,
                org_name: row.org_name,
                org_number: row.org_number,
                expires_at: row.draft_expires_at,
                links: ClientLinks::from_json(&row.links),
            })
        })
        .await
    }

    /// Records the end user's answer. Confirming makes the client pending
    /// (scopes that need approval) or active; declining rejects it for
    /// good. Answering again with the same answer changes nothing.
    pub async fn answer_draft(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        answer: DraftAnswer,
    ) -> ServiceResult<DraftAnswer> {
        doing("answering a draft", async {
            let row = self.system_client(&id.to_string()).await?;
            if let Some(earlier) = answer_of(row.status, row.confirmed_by_email.as_deref()) {
                return settled(earlier, answer);
            }
            let mut change = self.begin_change(&row.id, Access::Checked).await?;
            let (status, reason) = match answer {
                DraftAnswer::Confirmed => (status_for(None, &change.requests), None),
                DraftAnswer::Declined => (
                    ClientStatus::Rejected,
                    Some(format!(
                        "Declined by {} when asked to confirm it.",
                        session.viewer.email
                    )),
                ),
            };
            let recorded = client_store::answer_draft(
                change.conn(),
                &row.id,
                &session.viewer.account_id,
                status,
                reason.as_deref(),
                now(),
            )
            .await?;
            if !recorded {
                // Someone answered in the meantime: report what they said.
                drop(change);
                let now_row = self.live_row(&row.id).await?;
                return match answer_of(now_row.status, now_row.confirmed_by_email.as_deref()) {
                    Some(earlier) => settled(earlier, answer),
                    None => Err(AppError::NotFound.into()),
                };
            }
            let by = session.viewer.email.as_str();
            let (action, decision) = match answer {
                DraftAnswer::Confirmed => ("client.confirmed", Decision::DraftConfirmed(by)),
                DraftAnswer::Declined => ("client.declined", Decision::DraftDeclined(by)),
            };
            self.notify_decision(&mut change, decision, None).await?;
            self.finish_change(change, session.into(), action).await?;
            self.outbox.wake();
            Ok(answer)
        })
        .await
    }

    /// The drafts the person answered, newest first.
    pub async fn answered_drafts(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AnsweredDraft>> {
        let after = after_key(after)?;
        doing("listing the drafts a person answered", async {
            let rows = client_store::answered_by(
                self.db.pool(),
                &session.viewer.account_id,
                after.as_ref(),
                PAGE_READ,
            )
            .await?;
            let (rows, next_after) =
                split_page(rows, |r| PageKey::new(r.confirmed_at, r.id.clone()).text());
            let rows = rows
                .into_iter()
                .map(|r| AnsweredDraft {
                    client_id: r.id,
                    client_name: r.display_name,
                    system_name: r.system_name,
                    org_name: r.org_name,
                    org_number: r.org_number,
                    answered_at: r.confirmed_at,
                    status: r.status,
                    status_reason: r.status_reason,
                })
                .collect();
            Ok(ListPage { rows, next_after })
        })
        .await
    }

    /// Takes back a confirmation: the client is rejected (a late
    /// "decline": its developers and webhooks hear `draft.declined`), and
    /// its tokens stop.
    pub async fn withdraw_confirmation(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<()> {
        doing("withdrawing a confirmation", async {
            let mut change = self.begin_change(&id.to_string(), Access::Checked).await?;
            let by = session.viewer.email.as_str();
            let reason = format!("Confirmation withdrawn by {by}.");
            let client_id = change.id().to_owned();
            let withdrawn = client_store::withdraw_confirmation(
                change.conn(),
                &client_id,
                &session.viewer.account_id,
                &reason,
                now(),
            )
            .await?;
            if !withdrawn {
                return Err(AppError::NotFound.into());
            }
            // The headline says who; there is no admin's reason to quote.
            self.notify_decision(&mut change, Decision::DraftDeclined(by), None)
                .await?;
            self.finish_change(change, session.into(), "client.confirmation_withdrawn")
                .await?;
            self.outbox.wake();
            Ok(())
        })
        .await
    }

    /// Deletes the drafts nobody confirmed in time (audited), so their
    /// links and status calls answer "not found".
    pub async fn expire_drafts(&self) -> ServiceResult<usize> {
        doing("expiring client drafts", async {
            let mut tx = self.db.begin().await?;
            let expired = client_store::expire_drafts(&mut *tx, now()).await?;
            for id in &expired {
                audit::client(
                    &mut tx,
                    Actor::Portico,
                    "client.draft_expired",
                    id,
                    None::<&()>,
                    None,
                )
                .await?;
            }
            commit(tx).await?;
            Ok(expired.len())
        })
        .await
    }
}
