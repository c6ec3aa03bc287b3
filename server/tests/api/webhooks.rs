//! Webhooks: signed deliveries to a real local receiver that fails first,
//! the events an endpoint chose and no others, test events, owners only,
//! and an endpoint failing for three days disabled with its owners told.

use std::time::Duration;

use app::model::{NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointDetail};
use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::helpers::mail::MailServer;
use crate::helpers::receiver::{Receiver, signature_is_valid};
use crate::helpers::{ClientForm, TestApp, field_message};

const FAST: &[(&str, &str)] = &[("PORTICO_OUTBOX_POLL_MS", "100")];

crate::on_both_backends!(
    events_reach_the_endpoint_signed_and_failures_are_retried with super::FAST,
    endpoints_are_checked_and_only_for_owners with super::FAST,
);

impl TestApp {
    async fn create_webhook(
        &self,
        owner: &Client,
        org_id: &str,
        url: &str,
        events: &[&str],
    ) -> NewWebhookEndpoint {
        let keys: Vec<String> = (0..events.len())
            .map(|i| format!("form[events][{i}]"))
            .collect();
        let mut form = vec![("org_id", org_id), ("form[url]", url)];
        form.extend(keys.iter().map(String::as_str).zip(events.iter().copied()));
        self.call_ok(owner, "create_webhook", &form).await
    }

    async fn webhook(&self, owner: &Client, org_id: &str, id: &str) -> WebhookEndpointDetail {
        self.call_ok(
            owner,
            "get_webhook",
            &[("org_id", org_id), ("endpoint_id", id)],
        )
        .await
    }

    /// Makes every waiting delivery due now (instead of after its backoff).
    async fn deliveries_due_now(&self) {
        sqlx::query("UPDATE outbox SET due_at = 0 WHERE kind = 'webhook' AND sent_at IS NULL AND failed_at IS NULL")
            .execute(self.state.db.pool())
            .await
            .unwrap();
    }
}

async fn events_reach_the_endpoint_signed_and_failures_are_retried(app: TestApp) {
    let owner = app.new_person("olga@example.com").await;
    let org = app.create_org(&owner, "Hook Works", "").await;
    let receiver = Receiver::start(1).await;
    let created = app
        .create_webhook(
            &owner,
            &org.org_id,
            &receiver.url,
            &["client.created", "secret.created", "secret.expiring"],
        )
        .await;
    let secret = created.secret.clone();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let endpoint = created.endpoint.endpoint_id.clone();

    // The secret is kept sealed, never readable.
    let readable: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_endpoints WHERE sealed_secret LIKE $1")
            .bind(format!("%{}%", &secret[6..]))
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(readable, 0);

    // A new client: the first delivery gets a 500, the retry a 204.
    let client = app
        .create_client(&owner, &ClientForm::service("hooked"))
        .await;
    let first = receiver.wait_for(1).await.remove(0);
    for _ in 0..50 {
        if !app
            .webhook(&owner, &org.org_id, &endpoint)
            .await
            .attempts
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.deliveries_due_now().await;
    let both = receiver.wait_for(2).await;
    let retry = &both[1];
    assert_eq!(first.header("webhook-id"), retry.header("webhook-id"));
    assert!(first.header("webhook-id").starts_with("msg_"));
    assert!(signature_is_valid(&secret, &first));
    assert!(signature_is_valid(&secret, retry));
    assert!(!signature_is_valid(
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        retry
    ));
    let ts: i64 = retry.header("webhook-timestamp").parse().unwrap();
    assert!(
        (ts - server::store::now()).abs() < 60,
        "a current timestamp"
    );
    let event = retry.json();
    assert_eq!(event["type"], "client.created");
    assert_eq!(event["data"]["organisation_id"], org.org_id.as_str());
    assert_eq!(event["data"]["client_id"], client.client_id.as_str());
    assert_eq!(event["data"]["actor"], "olga@example.com");
    assert_eq!(
        event["data"]["object"]["client_id"],
        client.client_id.as_str()
    );

    // The endpoint's page shows both attempts, newest first (recorded
    // once the answer is in).
    let mut detail = app.webhook(&owner, &org.org_id, &endpoint).await;
    for _ in 0..50 {
        if detail.attempts.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        detail = app.webhook(&owner, &org.org_id, &endpoint).await;
    }
    let attempts: Vec<_> = detail
        .attempts
        .iter()
        .map(|a| (a.attempt, a.status, a.error.is_some()))
        .collect();
    assert_eq!(attempts, vec![(2, Some(204), false), (1, Some(500), true)]);
    assert_eq!(
        detail.endpoint.failing_since, None,
        "a success ends failing"
    );

    // A change it did not choose is not sent; a secret is, without its value.
    app.call_ok::<app::model::ClientDetail>(
        &owner,
        "update_client",
        &ClientForm::service("hooked")
            .set("description", "changed")
            .update_pairs(&client.client_id),
    )
    .await;
    let new_secret = app.create_secret(&owner, &client.client_id).await;
    let three = receiver.wait_for(3).await;
    let event = three[2].json();
    assert_eq!(event["type"], "secret.created", "{event}");
    assert!(!three[2].body.contains(&new_secret.value));
    assert!(signature_is_valid(&secret, &three[2]));

    // Expiry notices are events too (the clock is the test's).
    let expires_at = new_secret.info.expires_at;
    app.state
        .notices
        .send_expiry_notices(expires_at - 29 * 24 * 3600)
        .await
        .unwrap();
    let four = receiver.wait_for(4).await;
    let event = four[3].json();
    assert_eq!(event["type"], "secret.expiring");
    assert_eq!(event["data"]["object"]["stage"], "30d");
    assert_eq!(event["data"]["actor"], "system portico");

    // "Send test event".
    app.call_ok::<Value>(
        &owner,
        "send_webhook_test",
        &[("org_id", &org.org_id), ("endpoint_id", &endpoint)],
    )
    .await;
    let five = receiver.wait_for(5).await;
    assert_eq!(five[4].json()["type"], "webhook.test");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 5, "nothing else was sent");

    // A deleted endpoint gets nothing more.
    let res = app
        .call(
            &owner,
            "delete_webhook",
            &[("org_id", &org.org_id), ("endpoint_id", &endpoint)],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    app.create_client(&owner, &ClientForm::service("unheard"))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 5);
    let history: Vec<Value> = app
        .call_ok::<Value>(&owner, "org_history", &[("org_id", &org.org_id)])
        .await["entries"]
        .as_array()
        .unwrap()
        .clone();
    let actions: Vec<&str> = history
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"webhook.created") && actions.contains(&"webhook.deleted"),
        "{actions:?}"
    );
}

async fn endpoints_are_checked_and_only_for_owners(app: TestApp) {
    let owner = app.new_person("owen@example.com").await;
    let org = app.create_org(&owner, "Checked", "").await;

    let res = app
        .call(
            &owner,
            "create_webhook",
            &[
                ("org_id", &org.org_id),
                ("form[url]", "http://hooks.example.com/x"),
                ("form[events][0]", "client.created"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "url").unwrap().contains("https"),
        "{body}"
    );
    let res = app
        .call(
            &owner,
            "create_webhook",
            &[
                ("org_id", &org.org_id),
                ("form[url]", "https://hooks.example.com/x"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "events")
            .unwrap()
            .contains("at least one"),
        "{body}"
    );

    let created = app
        .create_webhook(
            &owner,
            &org.org_id,
            "https://hooks.example.com/x",
            &["client.deleted"],
        )
        .await;
    let id = created.endpoint.endpoint_id.as_str();
    let listed: Vec<WebhookEndpoint> = app
        .call_ok(&owner, "org_webhooks", &[("org_id", &org.org_id)])
        .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].events, vec!["client.deleted".to_owned()]);

    // A developer of the organisation may not; someone outside it does
    // not learn the endpoint exists.
    let developer = app
        .member(&owner, &org.org_id, "dev@example.com", "developer")
        .await;
    let stranger = app.new_person("stranger@example.com").await;
    for (who, status) in [
        (&developer, StatusCode::FORBIDDEN),
        (&stranger, StatusCode::NOT_FOUND),
    ] {
        for (function, form) in [
            ("org_webhooks", vec![("org_id", org.org_id.as_str())]),
            (
                "get_webhook",
                vec![("org_id", org.org_id.as_str()), ("endpoint_id", id)],
            ),
            (
                "send_webhook_test",
                vec![("org_id", org.org_id.as_str()), ("endpoint_id", id)],
            ),
            (
                "delete_webhook",
                vec![("org_id", org.org_id.as_str()), ("endpoint_id", id)],
            ),
        ] {
            let res = app.call(who, function, &form).await;
            assert_eq!(res.status(), status, "{function}");
        }
    }
    // Another organisation's id with this endpoint: not found.
    let other = app.create_org(&stranger, "Elsewhere", "").await;
    let res = app
        .call(
            &stranger,
            "get_webhook",
            &[("org_id", &other.org_id), ("endpoint_id", id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

crate::with_mail!(
    an_endpoint_failing_for_three_days_is_disabled_and_its_owners_told
        with &[("PORTICO_REQUIRE_VERIFIED_EMAIL", "off")]
);

async fn an_endpoint_failing_for_three_days_is_disabled_and_its_owners_told(
    app: TestApp,
    mail: MailServer,
) {
    let owner = app.new_person("fay@example.com").await;
    let org = app.create_org(&owner, "Flaky", "").await;
    let receiver = Receiver::start(usize::MAX).await;
    let created = app
        .create_webhook(&owner, &org.org_id, &receiver.url, &["client.created"])
        .await;
    let endpoint = created.endpoint.endpoint_id;
    app.create_client(&owner, &ClientForm::service("first"))
        .await;
    receiver.wait_for(1).await;

    // Failing since three days (and a second) ago: the next failure disables it.
    for _ in 0..50 {
        let detail = app.webhook(&owner, &org.org_id, &endpoint).await;
        if detail.endpoint.failing_since.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sqlx::query("UPDATE webhook_endpoints SET failing_since = $1")
        .bind(server::store::now() - 3 * 24 * 3600 - 1)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    app.deliveries_due_now().await;
    receiver.wait_for(2).await;
    let message = mail.wait_for("fay@example.com", 1).await.remove(0);
    assert!(
        message.contains("A webhook endpoint of Flaky was disabled"),
        "{message}"
    );
    assert!(message.contains(&receiver.url), "{message}");
    let detail = app.webhook(&owner, &org.org_id, &endpoint).await;
    assert!(detail.endpoint.disabled_at.is_some());
    assert!(detail.endpoint.disabled_reason.unwrap().contains("3 days"));
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'webhook' AND failed_at IS NOT NULL",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(failed, 1, "the delivery is given up, shown to admins");

    // Disabled: new events are not even queued; a test event is refused.
    app.create_client(&owner, &ClientForm::service("second"))
        .await;
    let queued: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'webhook' AND sent_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(queued, 0);
    let res = app
        .call(
            &owner,
            "send_webhook_test",
            &[("org_id", &org.org_id), ("endpoint_id", &endpoint)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Enabled again, it starts afresh.
    app.call_ok::<Value>(
        &owner,
        "set_webhook_enabled",
        &[
            ("org_id", &org.org_id),
            ("endpoint_id", &endpoint),
            ("enabled", "true"),
        ],
    )
    .await;
    let detail = app.webhook(&owner, &org.org_id, &endpoint).await;
    assert_eq!(
        (detail.endpoint.disabled_at, detail.endpoint.failing_since),
        (None, None)
    );
}
