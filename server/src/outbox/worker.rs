//! Sends what is due: claim a batch with a lease, send each, mark it sent
//! or due again later (exponential backoff for 24 hours, then failed).
//! A replica killed mid-send leaves its lease to run out; another worker
//! then takes the message over, so nothing queued is lost.

use std::time::Duration;

use super::webhook::NotDelivered;
use super::{Outbox, context};
use crate::mail::Mail;
use crate::store::{StoreResult, now, outbox as store};

/// How long a message keeps being retried.
const GIVE_UP_AFTER_SECS: i64 = 24 * 3600;
/// Sent messages are kept this long (for the admins' list), then deleted.
const KEEP_SENT_SECS: i64 = 7 * 24 * 3600;

#[derive(Clone, Copy, Debug)]
pub struct WorkerSettings {
    /// How often to look for due messages when nothing wakes the worker.
    pub poll: Duration,
    /// How long a claimed message is this worker's.
    pub lease: Duration,
    pub batch: i64,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(2),
            lease: Duration::from_secs(60),
            batch: 10,
        }
    }
}

/// Seconds until attempt `attempts + 1`: 30 s, 1 min, 2 min, … at most 1 h.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (30_i64 << exponent).min(3600)
}

impl Outbox {
    /// Runs this replica's worker until the process ends.
    pub fn spawn_worker(&self, settings: WorkerSettings) {
        let this = self.clone();
        let worker = format!("worker-{}", uuid::Uuid::new_v4().simple());
        tokio::spawn(async move {
            let mut last_cleanup = 0;
            loop {
                match this.send_due(&worker, settings).await {
                    Ok(n) if n as i64 >= settings.batch => continue,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox: could not read due messages; trying again")
                    }
                }
                if now() - last_cleanup > 3600 {
                    last_cleanup = now();
                    if let Err(e) = this.clean_up().await {
                        tracing::warn!(error = %e, "outbox: could not delete old sent messages");
                    }
                }
                tokio::select! {
                    () = this.wake.notified() => {}
                    () = tokio::time::sleep(settings.poll) => {}
                }
            }
        });
    }

    /// Claims and sends one batch; returns how many were claimed.
    pub async fn send_due(&self, worker: &str, settings: WorkerSettings) -> StoreResult<usize> {
        let lease = i64::try_from(settings.lease.as_secs()).unwrap_or(60);
        let claimed = store::claim(&self.db, worker, now(), lease, settings.batch).await?;
        for message in &claimed {
            let result = match message.kind.as_str() {
                "webhook" => self.deliver_webhook(message).await,
                _ => match self.open(message) {
                    Ok(mail) => self.mailer.send(&message.id, &mail).await,
                    Err(e) => Err(e),
                }
                .map_err(|error| NotDelivered {
                    error,
                    give_up: false,
                }),
            };
            let at = now();
            match result {
                Ok(()) => {
                    if !store::sent(&self.db, &message.id, worker, at).await? {
                        tracing::warn!(id = %message.id, "outbox: sent, but the lease had passed to another worker");
                    }
                    tracing::info!(id = %message.id, attempt = message.attempts, "outbox: sent");
                }
                Err(NotDelivered { error, give_up }) => {
                    let next = at + backoff_secs(message.attempts);
                    let due = (!give_up && next <= message.created_at + GIVE_UP_AFTER_SECS)
                        .then_some(next);
                    match due {
                        Some(due) => {
                            tracing::warn!(id = %message.id, attempt = message.attempts, %error, retry_in_secs = due - at, "outbox: not sent; will retry")
                        }
                        None => {
                            tracing::error!(id = %message.id, attempt = message.attempts, %error, "outbox: not sent; given up")
                        }
                    }
                    store::retry_or_fail(&self.db, &message.id, worker, &error, due, at).await?;
                }
            }
        }
        Ok(claimed.len())
    }

    /// Forgets sent messages and webhook attempts older than a week.
    async fn clean_up(&self) -> StoreResult<()> {
        store::delete_sent_before(&self.db, now() - KEEP_SENT_SECS).await?;
        crate::store::webhooks::delete_attempts_before(self.db.pool(), now() - KEEP_SENT_SECS)
            .await?;
        Ok(())
    }

    fn open(&self, message: &store::Claimed) -> Result<Mail, String> {
        let plain = self
            .sealer
            .open(&message.sealed_body, &context(&message.id))
            .map_err(|e| e.to_string())?;
        serde_json::from_slice(&plain).map_err(|e| format!("unreadable message: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 30);
        assert_eq!(backoff_secs(2), 60);
        assert_eq!(backoff_secs(3), 120);
        assert_eq!(backoff_secs(8), 3600);
        assert_eq!(backoff_secs(1000), 3600);
        // Retried for a day: about 30 attempts, not thousands.
        let (mut t, mut n) = (0, 0);
        while t <= GIVE_UP_AFTER_SECS {
            n += 1;
            t += backoff_secs(n);
        }
        assert!((25..40).contains(&n), "{n}");
    }
}
