//! Clients: what developers do with theirs (`ClientService`, in
//! `developer.rs`), what admins decide about all of them
//! (`ClientAdminService`, in `admin/`), drafts that client systems create
//! (`drafts/`), clients managing themselves with their own token
//! (`own.rs`) and RFC 7591/7592 registration (`registration.rs`).
//!
//! Every change runs in one transaction with its audit row and the cache
//! generations it moves (`change.rs`).

mod admin;
mod change;
pub(crate) mod detail;
mod developer;
pub mod drafts;
mod notify;
pub mod own;
pub mod registration;
mod secrets;
mod settings;
mod test_run;

use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use app::services::ServiceResult;

use crate::crypto::passwords::Hasher;
use crate::oidc::{Provider, Verified};
use crate::outbox::Outbox;
use crate::store::Db;
use crate::store::clients::{self as client_store, ClientRow};

pub struct Clients {
    db: Db,
    hasher: Hasher,
    max_secret_months: u32,
    drafts: DraftLimits,
    /// Told whenever a secret or a client's standing changes.
    verified: Arc<Verified>,
    /// For the Test tab's runs against the provider.
    provider: Arc<Provider>,
    /// Decisions are emailed to the client's organisation through it.
    outbox: Outbox,
}

/// How long a draft waits for its end user, and how many may wait at once
/// per client system.
#[derive(Clone, Copy, Debug)]
pub struct DraftLimits {
    pub ttl: Duration,
    pub max_open: u32,
}

impl Clients {
    pub fn new(
        db: Db,
        hasher: Hasher,
        max_secret_months: u32,
        drafts: DraftLimits,
        verified: Arc<Verified>,
        provider: Arc<Provider>,
        outbox: Outbox,
    ) -> Arc<Self> {
        Arc::new(Self {
            outbox,
            db,
            hasher,
            max_secret_months,
            drafts,
            verified,
            provider,
        })
    }

    /// A live client, whoever owns it.
    async fn live_row(&self, client_id: &str) -> ServiceResult<ClientRow> {
        client_store::find_live(self.db.pool(), client_id)
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }
}
