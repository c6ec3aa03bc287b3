//! RFC 7591 dynamic registration with a client system's API key, and
//! RFC 7592 management with the registration access token.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::private_key_jwt::new_key;

on_both_backends!(
    a_system_registers_a_client_and_manages_it_with_its_token,
    registration_obeys_the_systems_rules,
);

async fn system_key(app: &TestApp, form: &[(&str, &str)]) -> String {
    app.sign_up("dev@example.com").await;
    let system: Value = app.call_ok(&app.client, "create_system", form).await;
    let key: Value = app
        .call(
            &app.client,
            "create_api_key",
            &[
                ("system_id", system["system_id"].as_str().unwrap()),
                ("description", "dcr"),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    key["value"].as_str().unwrap().to_owned()
}

const PKJWT: &[(&str, &str)] = &[
    ("form[name]", "Acme Journal"),
    ("form[auth_method]", "private_key_jwt"),
    ("form[grant_types][0]", "client_credentials"),
    ("form[scopes][0]", "consents:read"),
];

async fn register(app: &TestApp, token: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.post(app.url("/oauth2/register")).json(body);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

/// The metadata members an error names, in order.
fn fields_of(body: &Value) -> Vec<&str> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect()
}

async fn error_of(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["cache-control"], "no-store");
    res.json().await.unwrap()
}

async fn a_system_registers_a_client_and_manages_it_with_its_token(app: TestApp) {
    let key = system_key(&app, PKJWT).await;
    let discovery = app.get_json("/.well-known/openid-configuration").await;
    assert_eq!(
        discovery["registration_endpoint"],
        app.url("/oauth2/register")
    );

    let (_, jwk) = new_key();
    let metadata = json!({
        "client_name": "Clinic 9",
        "grant_types": ["client_credentials"],
        "scope": "consents:read",
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks": {"keys": [jwk]},
        "software_id": "ignored-extension",
        "logo_uri": "https://clinic9.example/logo.png",
        "policy_uri": "https://clinic9.example/privacy",
    });
    let res = register(&app, None, &metadata).await;
    assert!(
        res.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    assert_eq!(
        error_of(res, StatusCode::UNAUTHORIZED).await["error"],
        "invalid_token"
    );
    let res = register(&app, Some("pak_unknown"), &metadata).await;
    assert_eq!(
        error_of(res, StatusCode::UNAUTHORIZED).await["error"],
        "invalid_token"
    );

    let res = register(
        &app,
        Some(&key),
        &json!({"jwks_uri": "https://x.example/jwks"}),
    )
    .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"], "invalid_client_metadata");
    let fields = fields_of(&body);
    assert!(
        fields.contains(&"client_name") && fields.contains(&"jwks_uri"),
        "{body}"
    );

    let mut bad_uri = metadata.clone();
    bad_uri["grant_types"] = json!(["authorization_code"]);
    bad_uri["redirect_uris"] = json!(["http://evil.example/cb"]);
    bad_uri["scope"] = json!("consents:read");
    let res = register(&app, Some(&key), &bad_uri).await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        body["error"], "invalid_client_metadata",
        "grant outside the allowance too: {body}"
    );

    // The pages shown to end users are https URLs, each checked.
    let mut plain_logo = metadata.clone();
    plain_logo["logo_uri"] = json!("http://clinic9.example/logo.png");
    plain_logo["tos_uri"] = json!("clinic9.example/terms");
    let body = error_of(
        register(&app, Some(&key), &plain_logo).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(fields_of(&body), ["logo_uri", "tos_uri"], "{body}");

    let res = register(&app, Some(&key), &metadata).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let client: Value = res.json().await.unwrap();
    let client_id = client["client_id"].as_str().unwrap().to_owned();
    let token = client["registration_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = client["registration_client_uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(uri, app.url(&format!("/oauth2/register/{client_id}")));
    assert_eq!(client["client_name"], "Clinic 9");
    assert_eq!(client["scope"], "consents:read");
    assert_eq!(client["token_endpoint_auth_method"], "private_key_jwt");
    assert_eq!(client["jwks"]["keys"][0]["x"], jwk["x"]);
    assert_eq!(client["portico_status"], "draft");
    assert_eq!(client["logo_uri"], "https://clinic9.example/logo.png");
    assert_eq!(client["policy_uri"], "https://clinic9.example/privacy");
    assert!(
        client.get("tos_uri").is_none(),
        "absent, not null: {client}"
    );
    assert!(client.get("client_secret").is_none());
    assert!(client["client_id_issued_at"].is_i64());
    // Only the hash of the management token is stored.
    let stored: (Option<String>,) =
        sqlx::query_as("SELECT registration_token_hash FROM clients WHERE id = $1")
            .bind(&client_id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_ne!(stored.0.as_deref(), Some(token.as_str()));

    // Read with the registration access token; nothing else opens it.
    let read = |bearer: String, uri: String| {
        let app = &app;
        async move {
            app.client
                .get(uri)
                .bearer_auth(bearer)
                .send()
                .await
                .unwrap()
        }
    };
    let res = read(token.clone(), uri.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let current: Value = res.json().await.unwrap();
    assert_eq!(current["client_name"], "Clinic 9");
    assert!(current.get("registration_access_token").is_none());
    let res = read(key.clone(), uri.clone()).await;
    assert_eq!(
        error_of(res, StatusCode::UNAUTHORIZED).await["error"],
        "invalid_token"
    );
    let other = register(&app, Some(&key), &metadata)
        .await
        .json::<Value>()
        .await
        .unwrap();
    let res = read(
        token.clone(),
        other["registration_client_uri"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Update: the whole metadata again, with the client id.
    let mut changed = metadata.clone();
    changed["client_name"] = json!("Clinic 9 (north)");
    let res = app
        .client
        .put(&uri)
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("client_id")
    );
    changed["client_id"] = json!(client_id);
    let res = app
        .client
        .put(&uri)
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["client_name"], "Clinic 9 (north)");
    assert_eq!(
        updated["portico_status"], "draft",
        "an update does not skip confirmation"
    );

    // The developer sees it among their clients, made by the system.
    let clients: Value = app.call_ok(&app.client, "list_clients", &[]).await;
    assert!(clients.to_string().contains("Clinic 9 (north)"));

    // Delete: gone, and the token no longer opens anything.
    let res = app
        .client
        .delete(&uri)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = read(token.clone(), uri.clone()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .call(&app.client, "get_client", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn registration_obeys_the_systems_rules(app: TestApp) {
    let key = system_key(
        &app,
        &[
            ("form[name]", "Acme Batch"),
            ("form[auth_method]", "client_secret_basic"),
            ("form[grant_types][0]", "client_credentials"),
            ("form[scopes][0]", "consents:read"),
        ],
    )
    .await;
    // Outside the allowance, or another auth method: refused per member.
    let res = register(
        &app,
        Some(&key),
        &json!({"client_name": "B", "grant_types": ["client_credentials"], "scope": "consents:read email",
                "token_endpoint_auth_method": "private_key_jwt"}),
    )
    .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        body["fields"][0]["field"], "token_endpoint_auth_method",
        "{body}"
    );
    let res = register(
        &app,
        Some(&key),
        &json!({"client_name": "B", "grant_types": ["client_credentials"], "scope": "consents:read email"}),
    )
    .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["fields"][0]["field"], "scope", "{body}");
    // RFC 7591's default grant is authorization_code, outside this system.
    let res = register(&app, Some(&key), &json!({"client_name": "B"})).await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.to_string().contains("authorization_code"), "{body}");

    // Defaults: every scope the system may request; a secret, shown once.
    let res = register(
        &app,
        Some(&key),
        &json!({"client_name": "Batch", "grant_types": ["client_credentials"]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let client: Value = res.json().await.unwrap();
    assert_eq!(client["scope"], "consents:read");
    assert_eq!(client["token_endpoint_auth_method"], "client_secret_basic");
    assert!(client["client_secret"].as_str().unwrap().len() >= 43);
    assert!(client["client_secret_expires_at"].as_i64().unwrap() > 0);
    let status: Value = app
        .client
        .get(app.url(&format!(
            "/api/v1/client-drafts/{}/status",
            client["client_id"].as_str().unwrap()
        )))
        .header("api-key", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["client"]["reason"], "awaiting_confirmation");
}
