//! Webhook endpoints of an organisation: owners register where its own
//! automation hears about changes, see the deliveries and test them.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::domain::WebhookUrl;
use crate::model::{NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointDetail};

/// What an owner sets on an endpoint, validated.
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    pub url: WebhookUrl,
    pub description: String,
    /// Known event types, at least one, without repeats.
    pub events: Vec<String>,
}

/// Every method is for owners of `org_id`; anyone else gets "not found"
/// (not a member) or "forbidden" (a member without the owner role).
#[async_trait]
pub trait WebhookService: Send + Sync {
    async fn endpoints(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<WebhookEndpoint>>;
    /// A new endpoint with a fresh signing secret, returned only here.
    async fn create_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        settings: WebhookSettings,
    ) -> ServiceResult<NewWebhookEndpoint>;
    async fn endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        after: Option<&str>,
    ) -> ServiceResult<WebhookEndpointDetail>;
    async fn update_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        settings: WebhookSettings,
    ) -> ServiceResult<WebhookEndpoint>;
    /// Enabling forgets how long the endpoint had been failing.
    async fn set_endpoint_enabled(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        enabled: bool,
    ) -> ServiceResult<()>;
    async fn delete_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
    ) -> ServiceResult<()>;
    /// Queues a `webhook.test` event for this endpoint only.
    async fn send_test_event(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
    ) -> ServiceResult<()>;
}
