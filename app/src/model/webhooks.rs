//! Webhook endpoints of an organisation, as their page shows them.

use serde::{Deserialize, Serialize};

/// `(event type, what it tells)`, in the order the form lists them: the
/// types an endpoint can choose (`webhook.test` goes only where the
/// "Send test event" button sends it).
pub const WEBHOOK_EVENTS: [(&str, &str); 14] = [
    (
        "client.created",
        "A client was registered, or a client system created a draft.",
    ),
    ("client.updated", "A client's settings changed."),
    ("client.deleted", "A client was deleted."),
    (
        "client.approved",
        "An admin approved a client or one of its scopes.",
    ),
    (
        "client.rejected",
        "An admin rejected a client or one of its scopes.",
    ),
    ("client.suspended", "An admin suspended a client."),
    (
        "client.reinstated",
        "An admin reinstated a suspended client.",
    ),
    (
        "draft.confirmed",
        "An end user confirmed a draft of one of your systems.",
    ),
    (
        "draft.declined",
        "An end user declined a draft of one of your systems.",
    ),
    ("secret.created", "A client secret was created."),
    ("secret.revoked", "A client secret was revoked."),
    (
        "secret.expiring",
        "A client secret expires in 30, 7 or 1 day.",
    ),
    ("secret.expired", "A client secret has expired."),
    (
        "api_key.expiring",
        "An API key of a client system expires in 30, 7 or 1 day, or has expired.",
    ),
];

/// The event types an endpoint can subscribe to.
pub fn webhook_event_types() -> impl Iterator<Item = &'static str> {
    WEBHOOK_EVENTS.iter().map(|(t, _)| *t)
}

/// One endpoint of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    pub endpoint_id: String,
    pub org_id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub created_at: i64,
    pub created_by: String,
    /// Since when deliveries fail without a success in between.
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

/// A new endpoint and its signing secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhookEndpoint {
    pub endpoint: WebhookEndpoint,
    /// `whsec_…`, as the Standard Webhooks libraries take it.
    pub secret: String,
}

/// One attempt to deliver an event to an endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookAttempt {
    /// The `webhook-id` header: the same for every retry of one event.
    pub message_id: String,
    pub event_type: String,
    pub attempt: i64,
    /// The HTTP status the endpoint answered, if it answered.
    pub status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub at: i64,
}

/// An endpoint with its newest 50 attempts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpointDetail {
    pub endpoint: WebhookEndpoint,
    /// One page of delivery attempts, newest first.
    pub attempts: Vec<WebhookAttempt>,
    /// The cursor of the next (older) page, when there is one.
    pub next_after: Option<String>,
}
