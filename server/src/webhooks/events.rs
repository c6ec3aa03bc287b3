//! Which changes an organisation's webhooks hear of, and how an event is
//! queued: one outbox row per subscribed endpoint, in the transaction of
//! the change, so an event is delivered exactly when its change commits.

use serde::Serialize;

use crate::store::{Conn, StoreResult, now, outbox, webhooks as store};
use crate::time::rfc3339;

/// The event an audited action becomes, if any.
pub fn event_of_action(action: &str) -> Option<&'static str> {
    Some(match action {
        "client.created" | "client.draft_created" => "client.created",
        "client.updated" | "client.key_added" => "client.updated",
        "client.deleted" => "client.deleted",
        "client.approved" | "scope.granted" => "client.approved",
        "client.rejected" | "scope.rejected" => "client.rejected",
        "client.suspended" => "client.suspended",
        "client.reinstated" => "client.reinstated",
        "client.confirmed" => "draft.confirmed",
        // A withdrawn confirmation is a late "no".
        "client.declined" | "client.confirmation_withdrawn" => "draft.declined",
        "secret.created" => "secret.created",
        "secret.revoked" => "secret.revoked",
        _ => return None,
    })
}

/// What every event says: which organisation, which client or system,
/// who did it, and the object as it is now (as it was, for a deletion).
#[derive(Serialize)]
pub struct EventData<'a> {
    pub organisation_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_id: Option<&'a str>,
    /// An email address, `client …`, `system …` or `system portico`.
    pub actor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<serde_json::Value>,
}

/// The Standard Webhooks payload: `{type, timestamp, data}`.
#[derive(Serialize)]
struct Payload<'a, D: Serialize> {
    r#type: &'a str,
    timestamp: String,
    data: &'a D,
}

/// Queues `event` for every enabled endpoint of `org_id` that wants it;
/// returns how many deliveries were queued.
pub async fn emit<D: Serialize>(
    conn: &mut Conn,
    org_id: &str,
    event: &str,
    data: &D,
) -> StoreResult<usize> {
    let endpoints = store::enabled_of_org(&mut *conn, org_id).await?;
    let mut queued = 0;
    for endpoint in endpoints.iter().filter(|e| e.wants(event)) {
        queue(conn, &endpoint.id, event, data).await?;
        queued += 1;
    }
    Ok(queued)
}

/// Queues `event` for one endpoint.
pub async fn queue<D: Serialize>(
    conn: &mut Conn,
    endpoint_id: &str,
    event: &str,
    data: &D,
) -> StoreResult<()> {
    let at = now();
    let payload = serde_json::to_string(&Payload {
        r#type: event,
        timestamp: rfc3339(at),
        data,
    })?;
    let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    outbox::insert(
        &mut *conn,
        &outbox::NewMessage {
            id: &id,
            kind: "webhook",
            recipient: endpoint_id,
            subject: event,
            sealed_body: "",
            payload: Some(&payload),
            now: at,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_event_is_one_an_endpoint_can_choose() {
        let known: Vec<_> = app::model::webhook_event_types().collect();
        for action in [
            "client.created",
            "client.draft_created",
            "client.updated",
            "client.key_added",
            "client.deleted",
            "client.approved",
            "scope.granted",
            "client.rejected",
            "scope.rejected",
            "client.suspended",
            "client.reinstated",
            "client.confirmed",
            "client.declined",
            "client.confirmation_withdrawn",
            "secret.created",
            "secret.revoked",
        ] {
            let event = event_of_action(action).unwrap();
            assert!(known.contains(&event), "{action} → {event}");
        }
        assert_eq!(event_of_action("member.role_changed"), None);
        assert_eq!(event_of_action("webhook.created"), None);
    }
}
