//! The outbox: a message is a row written in the transaction of the change
//! that caused it, so a crash never loses one; the worker (`worker.rs`)
//! on each replica sends what is due.

mod webhook;
mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

use crate::crypto::sealing::Sealer;
use crate::mail::{Mail, Mailer};
use app::services::{ServiceError, ServiceResult};

use crate::store::{Db, Exec, now, outbox as store};

pub use webhook::{http_client, install_crypto_provider, secret_context};
pub use worker::WorkerSettings;

/// Queues messages and wakes this replica's worker.
#[derive(Clone)]
pub struct Outbox {
    db: Db,
    sealer: Arc<Sealer>,
    mailer: Mailer,
    /// Posts webhook deliveries.
    http: reqwest::Client,
    wake: Arc<Notify>,
    /// The public URL without a trailing slash, for links in messages.
    public_url: Arc<str>,
}

/// The sealed body is bound to its row, so a body cannot be moved to
/// another recipient's row.
fn context(id: &str) -> String {
    format!("outbox:{id}")
}

impl Outbox {
    pub fn new(
        db: Db,
        sealer: Arc<Sealer>,
        mailer: Mailer,
        public_url: Arc<str>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            public_url,
            db,
            sealer,
            mailer,
            http: webhook::http_client("Portico-Webhooks")?,
            wake: Arc::new(Notify::new()),
        })
    }

    /// The outbox of a configured Portico: `sealer` holds the same
    /// key-encryption key as the signing keys; SMTP or files as configured.
    pub fn from_config(
        config: &crate::config::Config,
        db: Db,
        sealer: Arc<Sealer>,
    ) -> anyhow::Result<Self> {
        let mailer = Mailer::new(&config.mail)?;
        tracing::info!(delivery = %mailer.describe(), from = %config.mail.from, "email");
        Self::new(db, sealer, mailer, config.public_base().into())
    }

    /// Adds `mail` to the outbox inside the caller's transaction. Call
    /// `wake` after the commit so it goes out at once.
    pub async fn queue(&self, ex: impl Exec<'_>, mail: &Mail) -> ServiceResult<()> {
        let id = uuid::Uuid::new_v4().to_string();
        let body = serde_json::to_vec(mail).map_err(crate::store::StoreError::from)?;
        let sealed = self
            .sealer
            .seal(&body, &context(&id))
            .map_err(|e| ServiceError::internal("sealing an email", e))?;
        store::insert(
            ex,
            &store::NewMessage {
                id: &id,
                kind: "email",
                recipient: &mail.to,
                subject: &mail.subject,
                sealed_body: &sealed,
                payload: None,
                now: now(),
            },
        )
        .await?;
        Ok(())
    }

    /// Tells this replica's worker that something was queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Seals a secret (a webhook endpoint's) under `context`.
    pub fn seal(&self, plain: &[u8], context: &str) -> ServiceResult<String> {
        self.sealer
            .seal(plain, context)
            .map_err(|e| ServiceError::internal("sealing a secret", e))
    }

    /// The public URL without a trailing slash, for links in messages.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }
}
