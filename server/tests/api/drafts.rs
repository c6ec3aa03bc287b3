//! Client systems, their API keys, drafts over the API, the end user's
//! confirmation and the admin's approval (HelseID-style onboarding).

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, field_message, new_client};
use crate::on_both_backends;
use crate::private_key_jwt::{ASSERTION_TYPE, new_key, now, sign};

on_both_backends!(
    systems_and_their_api_keys_belong_to_their_developer,
    a_draft_is_confirmed_by_an_end_user_and_approved_by_an_admin,
    the_draft_api_refuses_bad_keys_and_requests_outside_the_allowance,
    confirmation_links_never_redirect_off_the_loopback_listener,
    unconfirmed_drafts_expire,
    a_secret_system_gets_a_secret_with_its_draft,
    an_active_client_with_a_pending_scope_gets_tokens_for_granted_scopes_only,
    the_api_is_described_by_its_openapi_document,
    a_developer_narrows_or_deletes_a_system,
    a_system_has_a_bounded_number_of_open_drafts with &[("PORTICO_MAX_OPEN_DRAFTS", "2")],
);

async fn json_of(res: Response) -> Value {
    res.json().await.unwrap()
}

/// Creates a system for the developer signed in on `client`.
async fn create_system(app: &TestApp, client: &Client, form: &[(&str, &str)]) -> Response {
    app.call(client, "create_system", form).await
}

const PKJWT_SYSTEM: &[(&str, &str)] = &[
    ("form[name]", "Acme Journal"),
    ("form[auth_method]", "private_key_jwt"),
    ("form[grant_types][0]", "client_credentials"),
    ("form[scopes][0]", "consents:read"),
    ("form[scopes][1]", "wallet:create"),
];

/// A developer (on `app.client`) with a system and a live API key.
async fn system_with_key(app: &TestApp, form: &[(&str, &str)]) -> (String, String) {
    app.sign_up("dev@example.com").await;
    let res = create_system(app, &app.client, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = json_of(res).await;
    let system_id = system["system_id"].as_str().unwrap().to_owned();
    let key = api_key(app, &app.client, &system_id).await;
    (system_id, key)
}

async fn api_key(app: &TestApp, client: &Client, system_id: &str) -> String {
    let res = app
        .call(
            client,
            "create_api_key",
            &[("system_id", system_id), ("description", "installer")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let key = json_of(res).await;
    key["value"].as_str().unwrap().to_owned()
}

async fn post_draft(app: &TestApp, key: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.post(app.url("/api/v1/client-drafts")).json(body);
    if let Some(key) = key {
        req = req.header("api-key", key);
    }
    req.send().await.unwrap()
}

async fn draft_status(app: &TestApp, key: &str, client_id: &str) -> Response {
    app.client
        .get(app.url(&format!("/api/v1/client-drafts/{client_id}/status")))
        .header("api-key", key)
        .send()
        .await
        .unwrap()
}

async fn status_json(app: &TestApp, key: &str, client_id: &str) -> Value {
    let res = draft_status(app, key, client_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    json_of(res).await
}

/// An end user signed in in their own browser.
async fn end_user(app: &TestApp, email: &str) -> Client {
    let user = new_client();
    let res = app
        .sign_up_with(&user, email, crate::helpers::PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    user
}

async fn answer(
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

async fn refused_key(res: Response) {
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = json_of(res).await;
    assert_eq!(body["error"], "invalid_api_key", "{body}");
}

async fn systems_and_their_api_keys_belong_to_their_developer(app: TestApp) {
    app.sign_up("dev@example.com").await;
    // Every problem at once, each on its field.
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", ""),
            ("form[allow_refresh]", "on"),
            ("form[grant_types][0]", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = json_of(res).await;
    assert!(field_message(&body, "name").is_some(), "{body}");
    assert!(
        field_message(&body, "scopes")
            .unwrap()
            .contains("at least one")
    );
    assert!(
        field_message(&body, "allow_refresh")
            .unwrap()
            .contains("authorization_code")
    );
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", "Acme"),
            ("form[grant_types][0]", "implicit"),
            ("form[scopes][0]", "nope:nope"),
        ],
    )
    .await;
    let body = json_of(res).await;
    assert!(
        field_message(&body, "grant_types")
            .unwrap()
            .contains("not offered")
    );
    // An unknown scope is refused by the catalog check.
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", "Acme"),
            ("form[grant_types][0]", "client_credentials"),
            ("form[scopes][0]", "nope:nope"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        field_message(&json_of(res).await, "scopes")
            .unwrap()
            .contains("not a scope in the catalog")
    );

    let res = create_system(&app, &app.client, &PKJWT_SYSTEM[..4]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = json_of(res).await;
    let system_id = system["system_id"].as_str().unwrap().to_owned();
    assert_eq!(system["auth_method"], "private_key_jwt");
    assert_eq!(system["scopes"], json!(["consents:read"]));

    let res = app
        .call(
            &app.client,
            "create_api_key",
            &[("system_id", &system_id), ("description", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(field_message(&json_of(res).await, "description").is_some());
    let key = api_key(&app, &app.client, &system_id).await;
    assert!(key.starts_with("pak_") && key.len() == 47, "{key}");

    // Listed without the value; the database keeps a hash only.
    let keys = json_of(
        app.call(&app.client, "list_api_keys", &[("system_id", &system_id)])
            .await,
    )
    .await;
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert_eq!(keys[0]["hint"], key[4..8]);
    assert!(!keys.to_string().contains(&key));
    let stored: Vec<(String,)> = sqlx::query_as("SELECT key_hash FROM system_api_keys")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_ne!(stored[0].0, key);
    assert_eq!(stored[0].0.len(), 64);
    let listed = json_of(app.call(&app.client, "list_systems", &[]).await).await;
    assert_eq!(listed[0]["active_keys"], 1);

    // Another developer sees nothing and touches nothing.
    let other = new_client();
    app.sign_up_with(&other, "other@example.com", crate::helpers::PASSWORD)
        .await;
    for (function, form) in [
        ("get_system", vec![("system_id", system_id.as_str())]),
        ("list_api_keys", vec![("system_id", system_id.as_str())]),
        (
            "create_api_key",
            vec![("system_id", system_id.as_str()), ("description", "x")],
        ),
        (
            "revoke_api_key",
            vec![
                ("system_id", system_id.as_str()),
                ("key_id", keys[0]["id"].as_str().unwrap()),
            ],
        ),
    ] {
        let res = app.call(&other, function, &form).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{function}");
    }
    let theirs = json_of(app.call(&other, "list_systems", &[]).await).await;
    assert_eq!(theirs, json!([]));

    // Revoked keys stop working at once.
    let body = json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1});
    assert_eq!(
        post_draft(&app, Some(&key), &body).await.status(),
        StatusCode::CREATED
    );
    let res = app
        .call(
            &app.client,
            "revoke_api_key",
            &[
                ("system_id", &system_id),
                ("key_id", keys[0]["id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    refused_key(post_draft(&app, Some(&key), &body).await).await;
    let keys = json_of(
        app.call(&app.client, "list_api_keys", &[("system_id", &system_id)])
            .await,
    )
    .await;
    assert_eq!(keys[0]["state"], "revoked");
    assert!(keys[0]["last_used_at"].is_i64());

    let audit: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.0.as_str()).collect();
    for expected in [
        "system.created",
        "system.api_key_created",
        "client.draft_created",
        "system.api_key_revoked",
    ] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    assert!(!format!("{audit:?}").contains(&key));
}

async fn a_draft_is_confirmed_by_an_end_user_and_approved_by_an_admin(app: TestApp) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    let (system_id, key) = system_with_key(&app, PKJWT_SYSTEM).await;
    let (pair, jwk) = new_key();
    let res = post_draft(
        &app,
        Some(&key),
        &json!({
            "name": "Clinic 42",
            "scopes": ["consents:read", "wallet:create"],
            "grant_types": ["client_credentials"],
            "jwk": jwk,
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let draft = json_of(res).await;
    let client_id = draft["client_id"].as_str().unwrap().to_owned();
    let prefix = app.whoami(&app.client).await["client_prefix"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(client_id.starts_with(&format!("{prefix}.")), "{client_id}");
    assert_eq!(client_id.len(), prefix.len() + 17);
    assert_eq!(
        draft["confirm_url"],
        app.url(&format!("/confirm-client/{client_id}"))
    );
    assert!(draft.get("client_secret").is_none());

    let status = status_json(&app, &key, &client_id).await;
    assert_eq!(status["status"], "blocked");
    assert_eq!(status["client"]["reason"], "awaiting_confirmation");

    // An unconfirmed draft gets no token.
    let token_endpoint = app.url("/oauth2/token");
    let assertion = |jti: &str| {
        sign(
            &pair,
            &json!({"iss": client_id, "sub": client_id, "aud": token_endpoint,
                    "iat": now(), "exp": now() + 60, "jti": jti}),
        )
    };
    let token = |assertion: String| {
        let app = &app;
        async move {
            app.post_form(
                "/oauth2/token",
                None,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_assertion_type", ASSERTION_TYPE),
                    ("client_assertion", &assertion),
                ],
            )
            .await
        }
    };
    let res = token(assertion("j1")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        json_of(res).await["error_description"]
            .as_str()
            .unwrap()
            .contains("not been confirmed")
    );

    // The end user sees who asks for what, then confirms.
    let user = end_user(&app, "clinic@example.com").await;
    let shown = json_of(
        app.call(&user, "load_draft", &[("client_id", &client_id)])
            .await,
    )
    .await;
    assert_eq!(shown["system_name"], "Acme Journal");
    assert_eq!(shown["developer_email"], "dev@example.com");
    assert_eq!(shown["answered"], Value::Null);
    let scopes = shown["scopes"].as_array().unwrap();
    assert_eq!(scopes.len(), 2);
    assert!(scopes.iter().any(|s| s["scope"] == "wallet:create"
        && s["needs_approval"] == true
        && s["description"] == "Create wallets for you"));
    let res = answer(&app, &user, &client_id, "confirm", "8123", "/callback").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["location"],
        format!("http://localhost:8123/callback?client_id={client_id}&status=confirmed").as_str()
    );

    // Confirmed, waiting for the admin: still no token.
    let status = status_json(&app, &key, &client_id).await;
    assert_eq!(status["status"], "blocked");
    assert_eq!(status["client"]["reason"], "awaiting_approval");
    let wallet = status["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope"] == "wallet:create")
        .unwrap()
        .clone();
    assert_eq!(wallet["status"], "pending");
    assert_eq!(wallet["reason"], "awaiting_approval");
    assert_eq!(
        token(assertion("j2")).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The admin's queue names the system and the confirming user.
    let queue = json_of(app.call(&admin, "pending_clients", &[]).await).await;
    assert_eq!(queue[0]["client_id"], client_id.as_str());
    assert_eq!(queue[0]["system_name"], "Acme Journal");
    assert_eq!(queue[0]["confirmed_by"], "clinic@example.com");
    let res = app
        .call(
            &admin,
            "decide_scope",
            &[
                ("client_id", &client_id),
                ("scope", "wallet:create"),
                ("decision", "grant"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let status = status_json(&app, &key, &client_id).await;
    assert_eq!(status["status"], "active", "{status}");
    assert_eq!(status["client"]["active"], true);

    let res = token(assertion("j3")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json_of(res).await;
    let scope = body["scope"].as_str().unwrap();
    assert!(scope.contains("wallet:create") && scope.contains("consents:read"));

    // The developer sees the client, its system and who confirmed it.
    let clients = json_of(
        app.call(&app.client, "system_clients", &[("system_id", &system_id)])
            .await,
    )
    .await;
    assert_eq!(clients[0]["client_id"], client_id.as_str());
    assert_eq!(clients[0]["confirmed_by"], "clinic@example.com");
    assert_eq!(clients[0]["status"], "active");
    let detail = json_of(
        app.call(&app.client, "get_client", &[("client_id", &client_id)])
            .await,
    )
    .await;
    assert_eq!(detail["system_name"], "Acme Journal");
    assert_eq!(detail["confirmed_by"], "clinic@example.com");
    let history = json_of(
        app.call(&app.client, "client_history", &[("client_id", &client_id)])
            .await,
    )
    .await;
    let confirmed = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "client.confirmed")
        .unwrap();
    assert_eq!(confirmed["actor_email"], "clinic@example.com");
    assert!(history.to_string().contains("system Acme Journal"));
}

async fn the_draft_api_refuses_bad_keys_and_requests_outside_the_allowance(app: TestApp) {
    let (system_a, key_a) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let (_, jwk) = new_key();
    let good = json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": jwk});

    refused_key(post_draft(&app, None, &good).await).await;
    refused_key(post_draft(&app, Some("pak_not-a-key"), &good).await).await;
    refused_key(post_draft(&app, Some("Bearer something"), &good).await).await;

    // An expired key is refused like an unknown one.
    let expiring = api_key(&app, &app.client, &system_a).await;
    app.sql(&format!(
        "UPDATE system_api_keys SET expires_at = 1 WHERE key_hash = '{}'",
        server::crypto::tokens::hash_token(&expiring)
    ))
    .await;
    refused_key(post_draft(&app, Some(&expiring), &good).await).await;

    // Broken JSON and unknown fields: 400 with a reason.
    let res = app
        .client
        .post(app.url("/api/v1/client-drafts"))
        .header("api-key", &key_a)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(res).await["error"], "invalid_request");
    let res = post_draft(&app, Some(&key_a), &json!({"name": "x", "colour": "red"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Outside the system's allowance, or breaking the client rules: each
    // field with its reason.
    let res = post_draft(
        &app,
        Some(&key_a),
        &json!({
            "name": "",
            "suffix": "Not Valid",
            "scopes": ["consents:read", "email"],
            "grant_types": ["authorization_code", "refresh_token"],
            "redirect_uris": ["http://evil.example/cb"],
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = json_of(res).await;
    assert_eq!(body["error"], "invalid_request");
    let field = |name: &str| {
        body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["field"] == name)
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(!field("name").is_empty(), "{body}");
    assert!(!field("suffix").is_empty(), "{body}");
    assert!(
        field("scopes").contains("email is not among the scopes"),
        "{body}"
    );
    assert!(
        field("grant_types").contains("authorization_code, refresh_token not allowed"),
        "{body}"
    );
    assert!(
        field("redirect_uris").contains("http is only allowed for loopback"),
        "{body}"
    );
    assert!(
        !field("jwk").is_empty(),
        "a private_key_jwt draft needs a key: {body}"
    );

    // A private key is never accepted.
    let mut private = new_key().1;
    private["d"] = json!("c2VjcmV0");
    let res = post_draft(
        &app,
        Some(&key_a),
        &json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": private}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // A chosen suffix, then the same suffix again: 409.
    let mut with_suffix = good.clone();
    with_suffix["suffix"] = json!("clinic7");
    let res = post_draft(&app, Some(&key_a), &with_suffix).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let client_a = json_of(res).await["client_id"].as_str().unwrap().to_owned();
    assert!(client_a.ends_with(".clinic7"));
    let res = post_draft(&app, Some(&key_a), &with_suffix).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json_of(res).await["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("never reused")
    );

    // System B's key cannot read system A's draft, nor can a bad key.
    let res = create_system(&app, &app.client, &PKJWT_SYSTEM[..4]).await;
    let system_b = json_of(res).await["system_id"].as_str().unwrap().to_owned();
    let key_b = api_key(&app, &app.client, &system_b).await;
    let res = draft_status(&app, &key_b, &client_a).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(res).await["error"], "not_found");
    refused_key(draft_status(&app, "pak_nope", &client_a).await).await;
    assert_eq!(
        draft_status(&app, &key_a, "no-such-client").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_json(&app, &key_a, &client_a).await["status"],
        "blocked"
    );
}

async fn new_draft(app: &TestApp, key: &str) -> String {
    let res = post_draft(
        app,
        Some(key),
        &json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json_of(res).await["client_id"].as_str().unwrap().to_owned()
}

async fn confirmation_links_never_redirect_off_the_loopback_listener(app: TestApp) {
    let (_, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let client_id = new_draft(&app, &key).await;
    let user = end_user(&app, "clinic@example.com").await;

    for (port, path) in [
        ("8123", "//evil.example"),
        ("8123", "/\\evil.example"),
        ("8123", "@evil.example"),
        ("8123", "https://evil.example/"),
        ("8123", "/cb?next=//evil.example"),
        ("0", "/cb"),
        ("65536", "/cb"),
        ("80@evil.example", "/cb"),
    ] {
        let form = [
            ("client_id", client_id.as_str()),
            ("redirect_port", port),
            ("redirect_path", path),
        ];
        let res = app.call(&user, "load_draft", &form).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{port} {path}");
        let res = answer(&app, &user, &client_id, "confirm", port, path).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{port} {path}");
        assert!(res.headers().get("location").is_none(), "{port} {path}");
    }
    // Nothing was recorded by the refused answers.
    let status = status_json(&app, &key, &client_id).await;
    assert_eq!(status["client"]["reason"], "awaiting_confirmation");

    // The page itself: an error, never a redirect.
    let res = user
        .get(app.url(&format!(
            "/confirm-client/{client_id}?redirectPort=8123&redirectPath=//evil.example"
        )))
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("location").is_none());
    let html = res.text().await.unwrap();
    assert!(
        html.contains("This confirmation link cannot be used"),
        "{html}"
    );
    assert!(!html.contains("confirm-accept"));

    // A good link: the page lets its form post to that loopback origin.
    let res = user
        .get(app.url(&format!(
            "/confirm-client/{client_id}?redirectPort=8123&redirectPath=/cb"
        )))
        .send()
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("form-action 'self' http://localhost:8123;"),
        "{csp}"
    );
    assert!(res.text().await.unwrap().contains("confirm-accept"));

    // Confirming twice is harmless; changing the answer is not possible.
    for _ in 0..2 {
        let res = answer(&app, &user, &client_id, "confirm", "8123", "/cb").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()["location"],
            format!("http://localhost:8123/cb?client_id={client_id}&status=confirmed").as_str()
        );
    }
    let res = answer(&app, &user, &client_id, "decline", "8123", "/cb").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        status_json(&app, &key, &client_id).await["status"],
        "active"
    );

    // Declining: the client is rejected for good and says so.
    let declined = new_draft(&app, &key).await;
    let res = answer(&app, &user, &declined, "decline", "", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get("location").is_none());
    let status = status_json(&app, &key, &declined).await;
    assert_eq!(status["status"], "blocked");
    assert_eq!(status["client"]["reason"], "rejected");
    assert!(
        status["client"]["message"]
            .as_str()
            .unwrap()
            .contains("clinic@example.com")
    );

    // Signed out: the page sends the person to sign in and back.
    let res = new_client()
        .get(app.url(&format!(
            "/confirm-client/{declined}?redirectPort=1&redirectPath=/"
        )))
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap_or_default();
    assert!(
        html.contains("/login?next=") || html.contains("Sign in"),
        "{html}"
    );
    let res = app
        .call(&new_client(), "load_draft", &[("client_id", &declined)])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn unconfirmed_drafts_expire(app: TestApp) {
    let (_, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let client_id = new_draft(&app, &key).await;
    let expires_at: (Option<i64>,) =
        sqlx::query_as("SELECT draft_expires_at FROM clients WHERE id = $1")
            .bind(&client_id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    // Seven days by default.
    let ttl = expires_at.0.unwrap() - now();
    assert!((7 * 86_400 - 60..=7 * 86_400).contains(&ttl), "{ttl}");

    app.sql(&format!(
        "UPDATE clients SET draft_expires_at = {} WHERE id = '{client_id}'",
        now() - 1
    ))
    .await;
    assert_eq!(
        draft_status(&app, &key, &client_id).await.status(),
        StatusCode::NOT_FOUND
    );
    let user = end_user(&app, "late@example.com").await;
    let res = app
        .call(&user, "load_draft", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = answer(&app, &user, &client_id, "confirm", "", "").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The sweep deletes it (audited); a confirmed client is never swept.
    let kept = new_draft(&app, &key).await;
    answer(&app, &user, &kept, "confirm", "", "").await;
    app.sql(&format!(
        "UPDATE clients SET draft_expires_at = 1 WHERE id = '{kept}'"
    ))
    .await;
    assert_eq!(app.state.clients.expire_drafts().await.unwrap(), 1);
    let deleted: (Option<i64>,) = sqlx::query_as("SELECT deleted_at FROM clients WHERE id = $1")
        .bind(&client_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(deleted.0.is_some());
    assert_eq!(status_json(&app, &key, &kept).await["status"], "active");
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE client_id = $1 ORDER BY id")
            .bind(&client_id)
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(actions.last().unwrap().0, "client.draft_expired");
}

async fn a_secret_system_gets_a_secret_with_its_draft(app: TestApp) {
    let (_, key) = system_with_key(
        &app,
        &[
            ("form[name]", "Acme Batch"),
            ("form[auth_method]", "client_secret_basic"),
            ("form[grant_types][0]", "client_credentials"),
            ("form[scopes][0]", "consents:read"),
        ],
    )
    .await;
    let res = post_draft(
        &app,
        Some(&key),
        &json!({"name": "Batch 1", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = json_of(res).await;
    assert_eq!(body["fields"][0]["field"], "jwk", "{body}");
    let res = post_draft(
        &app,
        Some(&key),
        &json!({"name": "Batch 1", "scopes": ["consents:read"], "grant_types": ["client_credentials"]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft = json_of(res).await;
    let client_id = draft["client_id"].as_str().unwrap();
    let secret = draft["client_secret"].as_str().unwrap();
    assert!(draft["client_secret_expires_at"].is_string());

    let token = || {
        app.post_form(
            "/oauth2/token",
            Some((client_id, secret)),
            &[("grant_type", "client_credentials")],
        )
    };
    assert_eq!(token().await.status(), StatusCode::UNAUTHORIZED);
    let user = end_user(&app, "ops@example.com").await;
    answer(&app, &user, client_id, "confirm", "", "").await;
    // No scope needs approval: active at once.
    assert_eq!(status_json(&app, &key, client_id).await["status"], "active");
    let res = token().await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn an_active_client_with_a_pending_scope_gets_tokens_for_granted_scopes_only(app: TestApp) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    app.sign_up("dev@example.com").await;
    let form = [
        ("suffix", "svc"),
        ("form[display_name]", "Service"),
        ("form[kind]", "confidential"),
        ("form[grant_types][0]", "client_credentials"),
        ("form[scopes][0]", "consents:read"),
        ("form[scopes][1]", "portico:client"),
    ];
    let client = json_of(app.call(&app.client, "create_client", &form).await).await;
    assert_eq!(client["status"], "active");
    let id = client["client_id"].as_str().unwrap().to_owned();
    let secret = json_of(
        app.call(
            &app.client,
            "create_secret",
            &[("client_id", &id), ("description", "ci")],
        )
        .await,
    )
    .await["value"]
        .as_str()
        .unwrap()
        .to_owned();

    // Asking for one more scope that needs approval keeps it working.
    let mut more = form[1..].to_vec();
    more.push(("form[scopes][2]", "wallet:create"));
    more.insert(0, ("client_id", &id));
    let updated = json_of(app.call(&app.client, "update_client", &more).await).await;
    assert_eq!(updated["status"], "active", "{updated}");

    let token = |scope: &'static str| {
        let (app, id, secret) = (&app, id.clone(), secret.clone());
        async move {
            app.post_form(
                "/oauth2/token",
                Some((&id, &secret)),
                &[("grant_type", "client_credentials"), ("scope", scope)],
            )
            .await
        }
    };
    let res = token("wallet:create").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(res).await["error"], "invalid_scope");
    let res = token("consents:read portico:client").await;
    assert_eq!(res.status(), StatusCode::OK);
    let access = json_of(res).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = json_of(
        app.client
            .get(app.url("/api/v1/client/status"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status["status"], "limited", "{status}");
    assert_eq!(status["client"]["active"], true);

    // Suspended: the next token request fails.
    let res = app
        .call(
            &admin,
            "set_suspended",
            &[
                ("client_id", &id),
                ("suspended", "true"),
                ("reason", "abuse"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let res = token("consents:read").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(res).await["error"], "invalid_client");
}

async fn the_api_is_described_by_its_openapi_document(app: TestApp) {
    let res = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc = json_of(res).await;
    assert_eq!(doc["servers"][0]["url"], app.base.as_str());
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["name"],
        "api-key"
    );
    let draft = &doc["paths"]["/api/v1/client-drafts"]["post"];
    assert!(draft["responses"]["401"].is_object());
    // The browsable page renders the same document, without signing in.
    let html = app
        .client
        .get(app.url("/api-docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("/api/v1/client-drafts/{client_id}/status"),
        "{html}"
    );
    assert!(html.contains("api-key header"));
    assert!(html.contains("schema-DraftRequest"));
}

async fn a_developer_narrows_or_deletes_a_system(app: TestApp) {
    let (system_id, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let client_id = new_draft(&app, &key).await;
    let draft = |scope: &str| json!({"name": "Clinic", "scopes": [scope], "grant_types": ["client_credentials"], "jwk": new_key().1});
    let update = |form: Vec<(&'static str, &'static str)>| {
        let (app, system_id) = (&app, system_id.clone());
        async move {
            let mut all = vec![("system_id", system_id.as_str())];
            all.extend(form);
            app.call(&app.client, "update_system", &all).await
        }
    };
    // Another developer can neither change nor delete it.
    let other = new_client();
    app.sign_up_with(&other, "other@example.com", crate::helpers::PASSWORD)
        .await;
    let res = app
        .call(
            &other,
            "update_system",
            &[
                ("system_id", &system_id),
                ("form[name]", "Mine now"),
                ("form[grant_types][0]", "client_credentials"),
                ("form[scopes][0]", "email"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .call(
            &other,
            "delete_system",
            &[("system_id", &system_id), ("confirm_name", "Acme Journal")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Swap consents:read for email: new drafts follow, old clients stay.
    let res = update(vec![
        ("form[name]", "Acme Journal 2"),
        ("form[grant_types][0]", "client_credentials"),
        ("form[scopes][0]", "email"),
        ("form[auth_method]", "client_secret_basic"),
    ])
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = json_of(res).await;
    assert_eq!(system["name"], "Acme Journal 2");
    assert_eq!(system["scopes"], json!(["email"]));
    assert_eq!(
        system["auth_method"], "private_key_jwt",
        "the auth method is fixed"
    );
    let res = post_draft(&app, Some(&key), &draft("consents:read")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        status_json(&app, &key, &client_id).await["client"]["reason"],
        "awaiting_confirmation"
    );

    // Deleting needs its name; then its keys stop working, its clients stay.
    let res = app
        .call(
            &app.client,
            "delete_system",
            &[("system_id", &system_id), ("confirm_name", "nope")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(
            &app.client,
            "delete_system",
            &[
                ("system_id", &system_id),
                ("confirm_name", "Acme Journal 2"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    refused_key(post_draft(&app, Some(&key), &draft("email")).await).await;
    let res = app
        .call(&app.client, "get_system", &[("system_id", &system_id)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(app.call(&app.client, "list_systems", &[]).await).await,
        json!([])
    );
    let res = app
        .call(&app.client, "get_client", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE action LIKE 'system.%' ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert!(
        actions.contains(&"system.updated") && actions.contains(&"system.deleted"),
        "{actions:?}"
    );
}

async fn a_system_has_a_bounded_number_of_open_drafts(app: TestApp) {
    let (_, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let first = new_draft(&app, &key).await;
    new_draft(&app, &key).await;
    let body = json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1});
    let res = post_draft(&app, Some(&key), &body).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json_of(res).await["error"], "too_many_drafts");
    let res = app
        .client
        .post(app.url("/oauth2/register"))
        .bearer_auth(&key)
        .json(&json!({"client_name": "B", "grant_types": ["client_credentials"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // A confirmed draft makes room again.
    let user = end_user(&app, "clinic@example.com").await;
    answer(&app, &user, &first, "confirm", "", "").await;
    assert_eq!(
        post_draft(&app, Some(&key), &body).await.status(),
        StatusCode::CREATED
    );
}
