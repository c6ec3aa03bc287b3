//! Admins decide on requested scopes and suspend or reinstate clients; the
//! token endpoint honours each decision at once.

use reqwest::{Client, StatusCode};
use serde_json::Value;

use app::model::{ClientStatus, ScopeAccess};

use crate::helpers::{ClientForm, TestApp, field_message};
use crate::on_both_backends;

on_both_backends!(
    an_admin_grants_or_rejects_scopes_and_the_token_follows,
    suspending_stops_tokens_at_once_and_reinstating_restores_them,
    an_admin_approves_or_rejects_a_whole_client,
    the_navigation_counts_clients_waiting_for_an_admin,
);

/// An admin (own browser), a scope that needs approval, and a developer's
/// client_credentials client asking for it; returns (admin, client id, secret).
pub(crate) async fn pending_client(app: &TestApp) -> (Client, String, String) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    app.sign_up("dev@example.com").await;
    let form = ClientForm::new("wallet", "Wallet service", "confidential")
        .grants(&["client_credentials"])
        .scopes(&["consents:read", "wallet:create"]);
    let client = app.create_client(&app.client, &form).await;
    assert_eq!(client.status, ClientStatus::Pending);
    let secret = app.create_secret(&app.client, &client.client_id).await;
    (admin, client.client_id, secret.value)
}

async fn token_status(app: &TestApp, id: &str, secret: &str, scope: &str) -> (StatusCode, Value) {
    let res = app
        .post_form(
            "/oauth2/token",
            Some((id, secret)),
            &[("grant_type", "client_credentials"), ("scope", scope)],
        )
        .await;
    (res.status(), res.json().await.unwrap())
}

async fn decide(
    app: &TestApp,
    who: &Client,
    id: &str,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    app.call(
        who,
        "decide_scope",
        &[
            ("client_id", id),
            ("scope", "wallet:create"),
            ("decision", decision),
            ("reason", reason),
        ],
    )
    .await
}

async fn an_admin_grants_or_rejects_scopes_and_the_token_follows(app: TestApp) {
    let (admin, id, secret) = pending_client(&app).await;
    let (status, body) = token_status(&app, &id, &secret, "consents:read").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("approve")
    );

    // Developers cannot decide; a rejection needs a reason.
    assert_eq!(
        decide(&app, &app.client, &id, "grant", "").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = decide(&app, &admin, &id, "reject", "  ").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "reason").is_some());

    let res = decide(&app, &admin, &id, "reject", "Wallets are for banks only").await;
    assert_eq!(res.status(), StatusCode::OK);
    // Nothing waits any more: active, limited to the granted scope.
    let detail = app.get_client(&app.client, &id).await;
    assert_eq!(detail.status, ClientStatus::Active);
    let wallet = detail
        .scopes
        .iter()
        .find(|s| s.scope == "wallet:create")
        .unwrap();
    assert_eq!(wallet.status, ScopeAccess::Rejected);
    assert_eq!(wallet.reason.as_deref(), Some("Wallets are for banks only"));
    assert_eq!(
        token_status(&app, &id, &secret, "consents:read").await.0,
        StatusCode::OK
    );
    let (status, body) = token_status(&app, &id, &secret, "wallet:create").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_scope");

    // Changing one's mind: granted now, and the token carries it.
    assert_eq!(
        decide(&app, &admin, &id, "grant", "").await.status(),
        StatusCode::OK
    );
    let (status, body) = token_status(&app, &id, &secret, "wallet:create").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scope"], "wallet:create");

    let audit: Value = app
        .call_ok(&admin, "audit_log", &[("query[client_id]", &id)])
        .await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"scope.rejected") && actions.contains(&"scope.granted"),
        "{actions:?}"
    );
}

async fn suspending_stops_tokens_at_once_and_reinstating_restores_them(app: TestApp) {
    let (admin, id, secret) = pending_client(&app).await;
    assert_eq!(
        decide(&app, &admin, &id, "grant", "").await.status(),
        StatusCode::OK
    );
    let (status, body) = token_status(&app, &id, &secret, "consents:read").await;
    assert_eq!(status, StatusCode::OK);
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.consents(Some(&token)).await.status(), StatusCode::OK);

    let suspend = |suspended: &'static str, reason: &'static str| {
        let admin = admin.clone();
        let id = id.clone();
        let app = &app;
        async move {
            app.call(
                &admin,
                "set_suspended",
                &[
                    ("client_id", id.as_str()),
                    ("suspended", suspended),
                    ("reason", reason),
                ],
            )
            .await
        }
    };
    let res = suspend("true", "").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        suspend("true", "Leaked secret").await.status(),
        StatusCode::OK
    );
    let (status, body) = token_status(&app, &id, &secret, "consents:read").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("suspended")
    );
    assert_eq!(
        app.consents(Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let listed: Value = app.call_ok(&admin, "admin_clients", &[]).await;
    let row = listed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "suspended");
    assert_eq!(row["status_reason"], "Leaked secret");
    assert_eq!(
        app.call(&app.client, "admin_clients", &[]).await.status(),
        StatusCode::FORBIDDEN
    );

    assert_eq!(suspend("false", "").await.status(), StatusCode::OK);
    assert_eq!(
        token_status(&app, &id, &secret, "consents:read").await.0,
        StatusCode::OK
    );
}

async fn decide_whole(
    app: &TestApp,
    admin: &Client,
    id: &str,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    app.call(
        admin,
        "decide_client",
        &[
            ("client_id", id),
            ("decision", decision),
            ("reason", reason),
        ],
    )
    .await
}

async fn an_admin_approves_or_rejects_a_whole_client(app: TestApp) {
    let (admin, id, secret) = pending_client(&app).await;
    // Developers may not decide.
    let res = decide_whole(&app, &app.client, &id, "approve", "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = decide_whole(&app, &admin, &id, "reject", " ").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(field_message(&res.json().await.unwrap(), "reason").is_some());

    let res = decide_whole(&app, &admin, &id, "approve", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, body) = token_status(&app, &id, &secret, "wallet:create consents:read").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let queue: Value = app.call_ok(&admin, "pending_clients", &[]).await;
    assert_eq!(queue["rows"], serde_json::json!([]));

    // Rejecting the whole client stops it; the developer sees why.
    let res = decide_whole(&app, &admin, &id, "reject", "Not a real clinic").await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, body) = token_status(&app, &id, &secret, "consents:read").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    let client: Value = app
        .call_ok(&app.client, "get_client", &[("client_id", &id)])
        .await;
    assert_eq!(client["status"], "rejected");
    assert_eq!(client["status_reason"], "Not a real clinic");
    let history: Value = app
        .call_ok(&app.client, "client_history", &[("client_id", &id)])
        .await;
    let actions: Vec<&str> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"client.approved") && actions.contains(&"client.rejected"),
        "{actions:?}"
    );
}

/// Admins' viewer carries how many clients wait (what the navigation
/// shows); nobody else's does.
async fn the_navigation_counts_clients_waiting_for_an_admin(app: TestApp) {
    let (admin, id, _) = pending_client(&app).await;
    let waiting = async |who: &Client| app.whoami(who).await["waiting_approvals"].as_i64();
    assert_eq!(waiting(&admin).await, Some(1));
    assert_eq!(waiting(&app.client).await, Some(0), "not for developers");
    let form = ClientForm::new("wallet2", "Second wallet", "confidential")
        .grants(&["client_credentials"])
        .scopes(&["wallet:create"]);
    app.create_client(&app.client, &form).await;
    assert_eq!(waiting(&admin).await, Some(2));
    let res = decide_whole(&app, &admin, &id, "approve", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(waiting(&admin).await, Some(1));
}
