use app::services::ServiceResult;

use super::Notices;
use crate::mail::Mail;
use crate::store::commit;
use crate::store::notices::{self as store, Expiring, Recipient};
use crate::time::rfc3339;
use crate::webhooks;

const DAY: i64 = 24 * 3600;
/// Credentials that expired longer ago than this get no notice any more.
const EXPIRED_NOTICE_WINDOW: i64 = 7 * DAY;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Days30,
    Days7,
    Day1,
    Expired,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Days30 => "30d",
            Self::Days7 => "7d",
            Self::Day1 => "1d",
            Self::Expired => "expired",
        }
    }
}

/// The notice due for a credential expiring at `expires_at`, seen at
/// `now`: the nearest threshold already passed.
pub fn stage_of(expires_at: i64, now: i64) -> Option<Stage> {
    let left = expires_at - now;
    match left {
        l if l <= -EXPIRED_NOTICE_WINDOW => None,
        l if l <= 0 => Some(Stage::Expired),
        l if l <= DAY => Some(Stage::Day1),
        l if l <= 7 * DAY => Some(Stage::Days7),
        l if l <= 30 * DAY => Some(Stage::Days30),
        _ => None,
    }
}

impl Notices {
    /// Queues every notice due at `now` that was not sent before; returns
    /// how many notices (not emails) went out. `now` is a parameter so the
    /// tests can move the clock.
    pub async fn send_expiry_notices(&self, now: i64) -> ServiceResult<usize> {
        let due = store::expiring(
            self.db.pool(),
            now - EXPIRED_NOTICE_WINDOW,
            now + 30 * DAY,
            None,
        )
        .await?;
        let mut sent = 0;
        for credential in due {
            let Some(stage) = stage_of(credential.expires_at, now) else {
                continue;
            };
            let mut tx = self.db.begin().await?;
            if !store::mark_sent(&mut *tx, &credential.id, stage.as_str(), now).await? {
                continue;
            }
            for person in store::managers(&mut *tx, &credential.org_id, "expiry").await? {
                let mail = self.expiry_mail(&credential, stage, &person, now);
                self.outbox.queue(&mut *tx, &mail).await?;
            }
            let (event, data) = expiry_event(&credential, stage);
            webhooks::emit(&mut tx, &credential.org_id, event, &data).await?;
            commit(tx).await?;
            sent += 1;
        }
        if sent > 0 {
            self.outbox.wake();
            tracing::info!(notices = sent, "expiry notices queued");
        }
        Ok(sent)
    }

    fn expiry_mail(&self, c: &Expiring, stage: Stage, to: &Recipient, now: i64) -> Mail {
        let (kind, page, owner_kind) = match c.what.as_str() {
            "api_key" => (
                "API key",
                format!("{}/systems/{}?tab=automation", self.public_url, c.owner_id),
                "client system",
            ),
            _ => (
                "client secret",
                format!("{}/clients/{}/secrets", self.public_url, c.owner_id),
                "client",
            ),
        };
        let when = match stage {
            Stage::Expired => "has expired".to_owned(),
            _ => {
                let days = ((c.expires_at - now) as f64 / DAY as f64).ceil().max(1.0) as i64;
                format!("expires in {days} day{}", if days == 1 { "" } else { "s" })
            }
        };
        let used = match c.last_used_at {
            Some(at) => format!("It was last used {}.", rfc3339(at)),
            None => "It has never been used.".to_owned(),
        };
        let advice = match (stage, c.what.as_str()) {
            (Stage::Expired, _) => format!("Anything still using it is refused now. Create a new {kind} and put it where the old one was."),
            (_, "api_key") => "Create a new API key, give it to the system, then revoke the old one: several keys can be active at once.".to_owned(),
            _ => "Create a new secret, switch your app over, then revoke the old one: several secrets can be active at once.".to_owned(),
        };
        Mail {
            to: to.email.clone(),
            subject: format!(
                "The {kind} \"{}\" of {} {when}",
                c.description, c.owner_name
            ),
            paragraphs: vec![
                format!("Hello {},", to.display_name),
                format!(
                    "the {kind} \"{}\" of the {owner_kind} {} ({}, in {}) {when}: it expires {}. {used}",
                    c.description,
                    c.owner_name,
                    c.owner_id,
                    c.org_name,
                    rfc3339(c.expires_at)
                ),
                advice,
                page,
            ],
            footer: format!(
                "You receive this because you are an owner or developer of {} on {}. Turn these emails off under Email notifications on {}/account.",
                c.org_name, self.public_url, self.public_url
            ),
        }
    }
}

/// The webhook event of a notice: `secret.expiring`, `secret.expired` or
/// `api_key.expiring` (whose `stage` says when it has expired).
fn expiry_event(c: &Expiring, stage: Stage) -> (&'static str, webhooks::EventData<'_>) {
    let api_key = c.what == "api_key";
    let event = match (api_key, stage) {
        (true, _) => "api_key.expiring",
        (false, Stage::Expired) => "secret.expired",
        (false, _) => "secret.expiring",
    };
    let id_field = if api_key { "api_key_id" } else { "secret_id" };
    let object = serde_json::json!({
        id_field: c.id,
        "description": c.description,
        "expires_at": rfc3339(c.expires_at),
        "last_used_at": c.last_used_at.map(rfc3339),
        "stage": stage.as_str(),
    });
    let data = webhooks::EventData {
        organisation_id: &c.org_id,
        client_id: (!api_key).then_some(c.owner_id.as_str()),
        system_id: api_key.then_some(c.owner_id.as_str()),
        actor: "system portico",
        object: Some(object),
    };
    (event, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_threshold_passed_is_due() {
        let at = 100 * DAY;
        assert_eq!(stage_of(at, at - 31 * DAY), None);
        assert_eq!(stage_of(at, at - 30 * DAY), Some(Stage::Days30));
        assert_eq!(stage_of(at, at - 8 * DAY), Some(Stage::Days30));
        assert_eq!(stage_of(at, at - 7 * DAY), Some(Stage::Days7));
        assert_eq!(stage_of(at, at - DAY), Some(Stage::Day1));
        assert_eq!(stage_of(at, at - 1), Some(Stage::Day1));
        assert_eq!(stage_of(at, at), Some(Stage::Expired));
        assert_eq!(stage_of(at, at + 6 * DAY), Some(Stage::Expired));
        assert_eq!(stage_of(at, at + 7 * DAY), None);
    }
}
