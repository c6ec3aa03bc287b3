//! A client managing itself with its own access token (scope
//! `portico:client`): status, a new secret, a new public key.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::private_key_jwt::{key_client_with_scope, new_key_with_kid, sign, sign_with_kid};

on_both_backends!(
    a_client_reads_its_status_and_adds_a_secret_that_works_beside_the_old,
    a_private_key_jwt_client_adds_a_key_before_the_old_one_goes,
    self_management_needs_the_clients_own_token_with_its_scope,
);

/// A developer and a secret-based client with `portico:client`; returns
/// (client id, secret).
async fn secret_client(app: &TestApp, scopes: &[&str]) -> (String, String) {
    app.sign_up("self@example.com").await;
    let mut form = vec![
        ("suffix", "selfie"),
        ("form[display_name]", "Self-managed"),
        ("form[kind]", "confidential"),
        ("form[grant_types][0]", "client_credentials"),
    ];
    let names: Vec<String> = (0..scopes.len())
        .map(|i| format!("form[scopes][{i}]"))
        .collect();
    for (name, scope) in names.iter().zip(scopes) {
        form.push((name, scope));
    }
    let client: Value = app.call_ok(&app.client, "create_client", &form).await;
    let client_id = client["client_id"].as_str().unwrap().to_owned();
    let secret: Value = app
        .call_ok(
            &app.client,
            "create_secret",
            &[("client_id", &client_id), ("description", "first")],
        )
        .await;
    (client_id, secret["value"].as_str().unwrap().to_owned())
}

async fn token(app: &TestApp, id: &str, secret: &str) -> Response {
    app.post_form(
        "/oauth2/token",
        Some((id, secret)),
        &[("grant_type", "client_credentials")],
    )
    .await
}

async fn access_token(app: &TestApp, id: &str, secret: &str) -> String {
    let res = token(app, id, secret).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn post_json(app: &TestApp, path: &str, token: &str, body: &Value) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn a_client_reads_its_status_and_adds_a_secret_that_works_beside_the_old(app: TestApp) {
    let (client_id, first) = secret_client(&app, &["portico:client", "consents:read"]).await;
    let bearer = access_token(&app, &client_id, &first).await;

    let res = app
        .client
        .get(app.url("/api/v1/client/status"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let status: Value = res.json().await.unwrap();
    assert_eq!(status["status"], "active");
    assert_eq!(status["client"], json!({"active": true, "reason": null}));
    let scopes = status["scopes"].as_array().unwrap();
    assert_eq!(scopes.len(), 2);
    assert!(scopes.iter().all(|s| s["status"] == "granted"));

    let res = post_json(
        &app,
        "/api/v1/client/secrets",
        &bearer,
        &json!({"description": "rotation 2027", "expires_in_months": 3}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let created: Value = res.json().await.unwrap();
    let second = created["value"].as_str().unwrap();
    assert_eq!(&second[..3], created["hint"].as_str().unwrap());
    assert_eq!(
        token(&app, &client_id, second).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        token(&app, &client_id, &first).await.status(),
        StatusCode::OK
    );

    // Bad input: a 400 naming the field, and nothing created.
    for bad in [
        json!({"description": ""}),
        json!({"description": "x", "expires_in_months": 99}),
        json!({"description": "x", "expires_on": "2020-01-01"}),
    ] {
        let res = post_json(&app, "/api/v1/client/secrets", &bearer, &bad).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "invalid_request");
    }
    let res = app
        .client
        .post(app.url("/api/v1/client/secrets"))
        .bearer_auth(&bearer)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The developer sees both secrets, and who added the second.
    let secrets: Value = app
        .call_ok(&app.client, "list_secrets", &[("client_id", &client_id)])
        .await;
    assert_eq!(secrets["rows"].as_array().unwrap().len(), 2);
    let history: Value = app
        .call_ok(&app.client, "client_history", &[("client_id", &client_id)])
        .await;
    let by_client = history["entries"].as_array().unwrap().iter().find(|e| {
        e["action"] == "secret.created" && e["actor_email"] == format!("client {client_id}")
    });
    assert!(by_client.is_some(), "{history}");
    assert!(!history.to_string().contains(second));
}

async fn a_private_key_jwt_client_adds_a_key_before_the_old_one_goes(app: TestApp) {
    let client = key_client_with_scope(&app, "portico:client").await;
    let res = client
        .token_with(&app, &sign(&client.pair, &client.claims("a")))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bearer = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let (next, next_jwk) = new_key_with_kid("key-2");
    let res = post_json(&app, "/api/v1/client/keys", &bearer, &next_jwk).await;
    assert_eq!(res.status(), StatusCode::OK);
    let set: Value = res.json().await.unwrap();
    assert_eq!(set["keys"].as_array().unwrap().len(), 2);

    let res = client
        .token_with(&app, &sign_with_kid(&next, "key-2", &client.claims("b")))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = client
        .token_with(&app, &sign(&client.pair, &client.claims("c")))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A private key, or a kid already there, is refused with the reason.
    let (_, mut private) = new_key_with_kid("key-3");
    private["d"] = json!("AAAA");
    let res = post_json(&app, "/api/v1/client/keys", &bearer, &private).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("private key")
    );
    let res = post_json(&app, "/api/v1/client/keys", &bearer, &next_jwk).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Secrets are for secret clients.
    let res = post_json(
        &app,
        "/api/v1/client/secrets",
        &bearer,
        &json!({"description": "x"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

async fn self_management_needs_the_clients_own_token_with_its_scope(app: TestApp) {
    let (client_id, secret) = secret_client(&app, &["consents:read"]).await;
    let bearer = access_token(&app, &client_id, &secret).await;
    let res = app
        .client
        .get(app.url("/api/v1/client/status"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        res.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("insufficient_scope")
    );
    let res = app
        .client
        .get(app.url("/api/v1/client/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = post_json(
        &app,
        "/api/v1/client/secrets",
        "forged",
        &json!({"description": "x"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
