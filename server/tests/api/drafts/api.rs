//! The draft API: what a system's key may create, and what it reads back.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    the_draft_api_refuses_bad_keys_and_requests_outside_the_allowance,
    a_secret_system_gets_a_secret_with_its_draft,
    an_active_client_with_a_pending_scope_gets_tokens_for_granted_scopes_only,
    the_api_is_described_by_its_openapi_document,
    a_system_has_a_bounded_number_of_open_drafts with &[("PORTICO_MAX_OPEN_DRAFTS", "2")],
);

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
