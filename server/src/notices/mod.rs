//! Notifications by email: credentials about to expire (30, 7 and 1 day
//! before, and on expiry) to the owners and developers of their
//! organisation. Each notice is recorded in the transaction that queues
//! its emails, so replicas scanning at once send it once.

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
}

impl Notices {
    pub fn new(db: Db, outbox: Outbox, public_url: Arc<str>) -> Self {
        Self {
            db,
            outbox,
            public_url,
        }
    }

    /// Scans for due notices every `every`, until the process ends.
    pub fn spawn(&self, every: Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = this.send_expiry_notices(crate::store::now()).await {
                    tracing::warn!(error = ?e, "notices: scan failed; trying again later");
                }
                tokio::time::sleep(every).await;
            }
        });
    }
}
