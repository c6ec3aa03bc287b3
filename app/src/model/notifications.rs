//! The kinds of email notification a person can turn off on `/account`.

use serde::{Deserialize, Serialize};

/// `(kind, label, what it sends)`.
pub const NOTIFICATION_KINDS: [(&str, &str, &str); 3] = [
    (
        "expiry",
        "Credentials about to expire",
        "Client secrets and API keys of your organisations, 30, 7 and 1 day before they expire and when they do.",
    ),
    (
        "decisions",
        "Decisions about your clients",
        "When an admin approves, rejects, suspends or reinstates a client of your organisations, or decides on one of its scopes, with the reason.",
    ),
    (
        "approvals",
        "Clients waiting for approval (admins)",
        "At most one email every 15 minutes while clients wait in the approval queue.",
    ),
];

/// One kind and whether the viewer gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPref {
    pub kind: String,
    pub label: String,
    pub description: String,
    pub enabled: bool,
}

/// One message of the outbox, as admins see it (never its body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    /// `waiting`, `sent` or `failed`.
    pub state: String,
    /// When it was sent or given up.
    pub done_at: Option<i64>,
    pub last_error: Option<String>,
}
