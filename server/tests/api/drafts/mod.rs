//! Client systems, their API keys, drafts over the API, the end user's
//! confirmation and the admin's approval (HelseID-style onboarding):
//! `systems.rs` (systems and keys), `api.rs` (the draft API),
//! `confirm.rs` (end users answering drafts). The helpers they share are
//! here.

mod api;
mod confirm;
mod systems;

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, field_message, new_client};
use crate::private_key_jwt::{ASSERTION_TYPE, new_key, now, sign};

pub(super) async fn json_of(res: Response) -> Value {
    res.json().await.unwrap()
}

/// Creates a system for the developer signed in on `client`.
pub(super) async fn create_system(
    app: &TestApp,
    client: &Client,
    form: &[(&str, &str)],
) -> Response {
    app.call(client, "create_system", form).await
}

pub(super) const PKJWT_SYSTEM: &[(&str, &str)] = &[
    ("form[name]", "Acme Journal"),
    ("form[auth_method]", "private_key_jwt"),
    ("form[grant_types][0]", "client_credentials"),
    ("form[scopes][0]", "consents:read"),
    ("form[scopes][1]", "wallet:create"),
];

/// A developer (on `app.client`) with a system and a live API key:
/// (system id, key).
pub(super) async fn system_with_key(app: &TestApp, form: &[(&str, &str)]) -> (String, String) {
    app.sign_up("dev@example.com").await;
    let system = app.create_system(&app.client, form).await;
    let key = api_key(app, &app.client, &system.system_id).await;
    (system.system_id, key)
}

/// A new API key's value.
pub(super) async fn api_key(app: &TestApp, client: &Client, system_id: &str) -> String {
    app.create_api_key(client, system_id).await.value
}

pub(super) async fn post_draft(app: &TestApp, key: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.post(app.url("/api/v1/client-drafts")).json(body);
    if let Some(key) = key {
        req = req.header("api-key", key);
    }
    req.send().await.unwrap()
}

pub(super) async fn draft_status(app: &TestApp, key: &str, client_id: &str) -> Response {
    app.client
        .get(app.url(&format!("/api/v1/client-drafts/{client_id}/status")))
        .header("api-key", key)
        .send()
        .await
        .unwrap()
}

pub(super) async fn status_json(app: &TestApp, key: &str, client_id: &str) -> Value {
    let res = draft_status(app, key, client_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    json_of(res).await
}

/// An end user signed in in their own browser.
pub(super) async fn end_user(app: &TestApp, email: &str) -> Client {
    app.new_person(email).await
}

pub(super) async fn answer(
    app: &TestApp,
    user: &Client,
    client_id: &str,
    answer: &str,
    port: &str,
    path: &str,
) -> Response {
    app.call(
        user,
        "answer_draft",
        &[
            ("client_id", client_id),
            ("answer", answer),
            ("redirect_port", port),
            ("redirect_path", path),
        ],
    )
    .await
}

pub(super) async fn refused_key(res: Response) {
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = json_of(res).await;
    assert_eq!(body["error"], "invalid_api_key", "{body}");
}

pub(super) async fn new_draft(app: &TestApp, key: &str) -> String {
    let res = post_draft(
        app,
        Some(key),
        &json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json_of(res).await["client_id"].as_str().unwrap().to_owned()
}
