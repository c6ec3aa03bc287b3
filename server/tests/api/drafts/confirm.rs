//! End users confirming or declining drafts, and drafts nobody answers.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    a_draft_is_confirmed_by_an_end_user_and_approved_by_an_admin,
    confirmation_links_never_redirect_off_the_loopback_listener,
    unconfirmed_drafts_expire,
    end_users_see_the_drafts_they_answered_and_withdraw_a_confirmation,
);

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
            "logo_uri": "https://clinic42.example/logo.png",
            "tos_uri": "https://clinic42.example/terms",
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let draft = json_of(res).await;
    let client_id = draft["client_id"].as_str().unwrap().to_owned();
    let prefix = app.active_prefix(&app.client).await;
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
    assert_eq!(shown["org_name"], "Ada Lovelace");
    assert_eq!(shown["answered"], Value::Null);
    assert_eq!(
        shown["links"]["logo_uri"],
        "https://clinic42.example/logo.png"
    );
    assert_eq!(shown["links"]["tos_uri"], "https://clinic42.example/terms");
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
    let queue = json_of(app.call(&admin, "pending_clients", &[]).await).await["rows"].clone();
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
    .await["rows"]
        .clone();
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
    let confirmed = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "client.confirmed")
        .unwrap();
    assert_eq!(confirmed["actor_email"], "clinic@example.com");
    assert!(history.to_string().contains("system Acme Journal"));
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
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        location.starts_with("/login?next=/confirm-client/"),
        "{} {location:?}",
        res.status()
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

async fn end_users_see_the_drafts_they_answered_and_withdraw_a_confirmation(app: TestApp) {
    let (_, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let client_id = new_draft(&app, &key).await;
    let user = end_user(&app, "clinic@example.com").await;
    let listed: Value = app.call_ok(&user, "answered_drafts", &[]).await;
    assert_eq!(listed["rows"], json!([]));
    let res = answer(&app, &user, &client_id, "confirm", "", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        status_json(&app, &key, &client_id).await["status"],
        "active"
    );

    let listed: Value = app.call_ok(&user, "answered_drafts", &[]).await;
    let row = &listed["rows"][0];
    assert_eq!(row["client_id"], client_id.as_str());
    assert_eq!(row["client_name"], "Clinic");
    assert_eq!(row["system_name"], "Acme Journal");
    assert_eq!(row["org_name"], "Ada Lovelace");
    assert_eq!(row["status"], "active");

    // Only the person who confirmed it can take it back.
    let other = end_user(&app, "someone@example.com").await;
    let res = app
        .call(
            &other,
            "withdraw_confirmation",
            &[("client_id", &client_id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        status_json(&app, &key, &client_id).await["status"],
        "active"
    );

    let res = app
        .call(&user, "withdraw_confirmation", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let status = status_json(&app, &key, &client_id).await;
    assert_eq!(status["status"], "blocked", "{status}");
    let listed: Value = app.call_ok(&user, "answered_drafts", &[]).await;
    assert_eq!(listed["rows"][0]["status"], "rejected");
    assert_eq!(
        listed["rows"][0]["status_reason"],
        "Confirmation withdrawn by clinic@example.com."
    );
    // Once is enough.
    let res = app
        .call(&user, "withdraw_confirmation", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let history: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE client_id = $1 ORDER BY id")
            .bind(&client_id)
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert!(
        history.iter().any(|a| a == "client.confirmation_withdrawn"),
        "{history:?}"
    );
}
