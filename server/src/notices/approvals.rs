//! Admins hear that something waits in the approval queue: one email per
//! admin at most every 15 minutes (`PORTICO_APPROVAL_DIGEST_GAP_SECONDS`),
//! listing what waits and for how long, and only when something arrived
//! since their last one.

use app::services::ServiceResult;

use super::Notices;
use crate::mail::Mail;
use crate::store::clients as client_store;
use crate::store::commit;
use crate::store::notices as store;

/// "3 h", "2 days": how long something has waited.
fn waited(secs: i64) -> String {
    match secs.max(0) {
        s if s < 3600 => format!("{} min", (s / 60).max(1)),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

impl Notices {
    /// Emails every admin who is due one; returns how many were queued.
    pub async fn send_approval_digests(&self, now: i64) -> ServiceResult<usize> {
        let waiting = client_store::pending_scopes(self.db.pool()).await?;
        let Some(newest) = waiting.iter().map(|w| w.waiting_since).max() else {
            return Ok(0);
        };
        // One line per client, oldest first.
        let mut lines: Vec<String> = Vec::new();
        let mut last_client = "";
        for w in &waiting {
            if w.client_id == last_client {
                if let Some(line) = lines.last_mut() {
                    line.push_str(&format!(", {}", w.scope));
                }
                continue;
            }
            last_client = &w.client_id;
            let org = app::components::org_label(&w.org_name, w.org_number.as_deref());
            lines.push(format!(
                "{} ({org}), waiting {}: {}",
                w.display_name,
                waited(now - w.waiting_since),
                w.scope
            ));
        }
        let clients = lines.len();
        let mut sent = 0;
        for admin in store::admins(self.db.pool(), "approvals").await? {
            let mut tx = self.db.begin().await?;
            if !store::take_digest_turn(
                &mut tx,
                &admin.account_id,
                newest,
                now,
                self.digest_gap_secs,
            )
            .await?
            {
                continue;
            }
            let mut paragraphs = vec![
                format!("Hello {},", admin.display_name),
                format!(
                    "{clients} client{} wait{} for your decision:",
                    if clients == 1 { "" } else { "s" },
                    if clients == 1 { "s" } else { "" }
                ),
            ];
            paragraphs.extend(lines.iter().map(|l| format!("• {l}")));
            paragraphs.push(format!("{}/admin/approvals", self.public_url));
            let mail = Mail {
                to: admin.email.clone(),
                subject: format!(
                    "{clients} client{} wait{} for approval on Portico",
                    if clients == 1 { "" } else { "s" },
                    if clients == 1 { "s" } else { "" }
                ),
                paragraphs,
                footer: format!(
                    "You receive this because you are an admin of {}; at most one such email every 15 minutes, and only when something new waits. Turn these emails off under Email notifications on {}/account.",
                    self.public_url, self.public_url
                ),
            };
            self.outbox.queue(&mut *tx, &mail).await?;
            commit(tx).await?;
            sent += 1;
        }
        if sent > 0 {
            self.outbox.wake();
            tracing::info!(admins = sent, clients, "approval digests queued");
        }
        Ok(sent)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn waiting_times_read_naturally() {
        assert_eq!(super::waited(10), "1 min");
        assert_eq!(super::waited(600), "10 min");
        assert_eq!(super::waited(7200), "2 h");
        assert_eq!(super::waited(3 * 86_400), "3 days");
    }
}
