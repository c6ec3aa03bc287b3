//! Tells a client's organisation (its owners and developers) what an admin
//! or the end user of a draft decided, with the reason, in the transaction
//! of the decision.

use app::services::ServiceResult;

use crate::clients::Clients;
use crate::clients::change::ClientChange;
use crate::mail::Mail;
use crate::store::notices as notice_store;

/// What happened, as a sentence about the client.
pub(crate) enum Decision<'a> {
    ScopeGranted(&'a str),
    ScopeRejected(&'a str),
    Approved,
    Rejected,
    Suspended,
    Reinstated,
    /// An end user confirmed or declined a draft of the organisation's
    /// client system.
    DraftConfirmed(&'a str),
    DraftDeclined(&'a str),
}

impl Decision<'_> {
    fn headline(&self) -> String {
        match self {
            Self::ScopeGranted(scope) => format!("was granted {scope}"),
            Self::ScopeRejected(scope) => format!("was refused {scope}"),
            Self::Approved => "was approved".into(),
            Self::Rejected => "was rejected".into(),
            Self::Suspended => "was suspended".into(),
            Self::Reinstated => "was reinstated".into(),
            Self::DraftConfirmed(by) => format!("was confirmed by {by}"),
            Self::DraftDeclined(by) => format!("was declined by {by}"),
        }
    }

    fn consequence(&self) -> &'static str {
        match self {
            Self::ScopeGranted(_) => "Tokens for it can carry this scope from now on.",
            Self::ScopeRejected(_) => {
                "Its tokens never carry this scope; the rest of the client works as before."
            }
            Self::Approved => "It gets tokens for every scope it asked for.",
            Self::Rejected => {
                "It gets no tokens. Register a new client if the reason can be fixed."
            }
            Self::Suspended => {
                "It gets no tokens, and its tokens are refused, until an admin reinstates it."
            }
            Self::Reinstated => "It gets tokens again.",
            Self::DraftConfirmed(_) => {
                "Scopes that need an admin's approval wait for it; with none, it gets tokens now."
            }
            Self::DraftDeclined(_) => {
                "It gets no tokens; the installation must create a new draft."
            }
        }
    }
}

impl Clients {
    /// Queues the emails inside `change`; the caller wakes the outbox
    /// after the commit.
    pub(crate) async fn notify_decision(
        &self,
        change: &mut ClientChange,
        decision: Decision<'_>,
        reason: Option<&str>,
    ) -> ServiceResult<()> {
        let client = change.before.clone();
        let recipients = notice_store::managers(change.conn(), &client.org_id, "decisions").await?;
        let page = format!(
            "{}/clients/{}/access",
            self.outbox.public_url(),
            client.client_id
        );
        for person in recipients {
            let mut paragraphs = vec![
                format!("Hello {},", person.display_name),
                format!(
                    "the client {} ({}, in {}) {}. {}",
                    client.display_name,
                    client.client_id,
                    client.org_name,
                    decision.headline(),
                    decision.consequence()
                ),
            ];
            if let Some(reason) = reason {
                paragraphs.push(format!("The admin's reason: {reason}"));
            }
            paragraphs.push(page.clone());
            let mail = Mail {
                to: person.email,
                subject: format!("{} {}", client.display_name, decision.headline()),
                paragraphs,
                footer: format!(
                    "You receive this because you are an owner or developer of {} on {}. Turn these emails off under Email notifications on {}/account.",
                    client.org_name,
                    self.outbox.public_url(),
                    self.outbox.public_url()
                ),
            };
            self.outbox.queue(change.conn(), &mail).await?;
        }
        Ok(())
    }
}
