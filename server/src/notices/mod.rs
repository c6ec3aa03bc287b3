//! Notifications by email: credentials about to expire (30, 7 and 1 day
//! before, and on expiry) to the owners and developers of their
//! organisation, and admins' digests of the approval queue. Each notice is recorded in the transaction that queues
//! its emails, so replicas scanning at once send it once.

mod approvals;
mod expiry;

use std::sync::Arc;
use std::time::Duration;

use crate::outbox::Outbox;
use crate::store::Db;

pub use expiry::{Stage, stage_of};

#[derive(Clone)]
pub struct Notices {
    db: Db,
    outbox: Outbox,
    public_url: Arc<str>,
    /// The least time between two approval digests to one admin.
    digest_gap_secs: i64,
}

impl Notices {
    pub fn new(db: Db, outbox: Outbox, public_url: Arc<str>, digest_gap: Duration) -> Self {
        Self {
            db,
            outbox,
            public_url,
            digest_gap_secs: i64::try_from(digest_gap.as_secs()).unwrap_or(900),
        }
    }

    /// Scans for due expiry notices every `expiry_every`, and for admins
    /// due an approval digest every `approvals_every`, until the process
    /// ends.
    pub fn spawn(&self, expiry_every: Duration, approvals_every: Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = this.send_expiry_notices(crate::store::now()).await {
                    tracing::warn!(error = ?e, "notices: expiry scan failed; trying again later");
                }
                tokio::time::sleep(expiry_every).await;
            }
        });
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = this.send_approval_digests(crate::store::now()).await {
                    tracing::warn!(error = ?e, "notices: approval digest failed; trying again later");
                }
                tokio::time::sleep(approvals_every).await;
            }
        });
    }
}
