//! Delivers one webhook event: sign it with the endpoint's secret (a fresh
//! timestamp per attempt), POST it, record the attempt. An endpoint that
//! has failed for three days is disabled and its organisation's owners
//! are emailed.

use std::time::{Duration, Instant};

use super::Outbox;
use crate::mail::Mail;
use crate::store::outbox::Claimed;
use crate::store::webhooks::{self as store, EndpointRow, NewAttempt};
use crate::store::{commit, notices, now, orgs};
use crate::webhooks::signing;

/// How long an endpoint may fail without a success before it is disabled.
pub const DISABLE_AFTER_SECS: i64 = 3 * 24 * 3600;
/// How long Portico waits for an endpoint's answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why a delivery did not happen; `final` ones are not retried.
pub struct NotDelivered {
    pub error: String,
    pub give_up: bool,
}

impl NotDelivered {
    fn retry(error: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            give_up: false,
        }
    }
    fn give_up(error: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            give_up: true,
        }
    }
}

/// The client deliveries are posted with (and upstream OpenID providers
/// asked, as `agent`): rustls on aws-lc-rs with the web PKI roots, no
/// redirects followed, a 10-second limit.
pub fn http_client(agent: &str) -> anyhow::Result<reqwest::Client> {
    install_crypto_provider();
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent(format!("{agent}/{}", env!("CARGO_PKG_VERSION")))
        .build()?)
}

/// Makes aws-lc-rs the process's rustls provider (as lettre's), for any
/// HTTPS client built without a TLS configuration of its own.
pub fn install_crypto_provider() {
    // An error only says one is installed already.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// The context a webhook secret is sealed under: bound to its endpoint.
pub fn secret_context(endpoint_id: &str) -> String {
    format!("webhook:{endpoint_id}")
}

impl Outbox {
    pub(super) async fn deliver_webhook(&self, message: &Claimed) -> Result<(), NotDelivered> {
        let endpoint = store::find(self.db.pool(), &message.recipient)
            .await
            .map_err(|e| NotDelivered::retry(e.to_string()))?;
        let Some(endpoint) = endpoint else {
            return Err(NotDelivered::give_up("the endpoint was deleted"));
        };
        if endpoint.disabled_at.is_some() {
            return Err(NotDelivered::give_up("the endpoint is disabled"));
        }
        let body = message.payload.as_deref().unwrap_or("{}");
        let secret = self
            .sealer
            .open(&endpoint.sealed_secret, &secret_context(&endpoint.id))
            .map_err(|_| NotDelivered::give_up("the endpoint's secret cannot be opened"))?;
        let secret = String::from_utf8(secret)
            .map_err(|_| NotDelivered::give_up("the endpoint's secret is not text"))?;
        let timestamp = now();
        let signature = signing::sign(&secret, &message.id, timestamp, body)
            .ok_or_else(|| NotDelivered::give_up("the endpoint's secret is malformed"))?;
        let started = Instant::now();
        let answer = self
            .http
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .header("webhook-id", &message.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body.to_owned())
            .send()
            .await;
        let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (status, error) = match &answer {
            Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
            Ok(r) => (
                Some(r.status().as_u16()),
                Some(format!("the endpoint answered {}", r.status())),
            ),
            Err(e) if e.is_timeout() => (None, Some("no answer within 10 seconds".to_owned())),
            Err(e) if e.is_connect() => (None, Some("could not connect".to_owned())),
            Err(_) => (None, Some("the request failed".to_owned())),
        };
        let at = now();
        self.record(&endpoint, message, status, latency_ms, error.as_deref(), at)
            .await
            .map_err(|e| NotDelivered::retry(e.to_string()))?;
        match error {
            None => Ok(()),
            Some(error) => self.failing(&endpoint, error, at).await,
        }
    }

    async fn record(
        &self,
        endpoint: &EndpointRow,
        message: &Claimed,
        status: Option<u16>,
        latency_ms: i64,
        error: Option<&str>,
        at: i64,
    ) -> crate::store::StoreResult<()> {
        let attempt = NewAttempt {
            endpoint_id: &endpoint.id,
            message_id: &message.id,
            event_type: &message.subject,
            attempt: message.attempts,
            status: status.map(i64::from),
            latency_ms,
            error,
            at,
        };
        store::record_attempt(self.db.pool(), &attempt).await?;
        if error.is_none() {
            store::succeeded(self.db.pool(), &endpoint.id).await?;
        }
        Ok(())
    }

    /// After a failed attempt: retry, or — three days into failing —
    /// disable the endpoint and tell its owners.
    async fn failing(
        &self,
        endpoint: &EndpointRow,
        error: String,
        at: i64,
    ) -> Result<(), NotDelivered> {
        let since = store::failed(self.db.pool(), &endpoint.id, at)
            .await
            .map_err(|e| NotDelivered::retry(e.to_string()))?
            .unwrap_or(at);
        if at - since < DISABLE_AFTER_SECS {
            return Err(NotDelivered::retry(error));
        }
        if self.disable(endpoint, &error, at).await.is_err() {
            tracing::warn!(endpoint_id = %endpoint.id, "could not disable a failing webhook endpoint; trying again");
            return Err(NotDelivered::retry(error));
        }
        Err(NotDelivered::give_up(format!(
            "{error}; the endpoint failed for 3 days and was disabled"
        )))
    }

    async fn disable(
        &self,
        endpoint: &EndpointRow,
        error: &str,
        at: i64,
    ) -> app::services::ServiceResult<()> {
        let reason = format!("Deliveries failed for 3 days; the last: {error}.");
        let mut tx = self.db.begin().await?;
        store::set_disabled(&mut *tx, &endpoint.id, Some(&reason), at).await?;
        let org = orgs::find(&mut *tx, &endpoint.org_id).await?;
        let org_name = org.map(|o| o.name).unwrap_or_default();
        let page = format!(
            "{}/orgs/{}/webhooks/{}",
            self.public_url, endpoint.org_id, endpoint.id
        );
        for owner in notices::owners(&mut *tx, &endpoint.org_id).await? {
            let mail = Mail {
                to: owner.email.clone(),
                subject: format!("A webhook endpoint of {org_name} was disabled"),
                paragraphs: vec![
                    format!("Hello {},", owner.display_name),
                    format!(
                        "Portico could not deliver events to {} for 3 days, so it stopped trying. The last attempt: {error}.",
                        endpoint.url
                    ),
                    "Events that happen while it is disabled are not delivered. When the receiver works again, enable the endpoint on its page and send a test event:".into(),
                    page.clone(),
                ],
                footer: format!(
                    "You receive this because you are an owner of {org_name} on {}.",
                    self.public_url
                ),
            };
            self.queue(&mut *tx, &mail).await?;
        }
        commit(tx).await?;
        tracing::warn!(endpoint_id = %endpoint.id, org_id = %endpoint.org_id, "webhook endpoint disabled after failing for 3 days");
        Ok(())
    }
}
