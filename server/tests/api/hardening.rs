//! What probing found and must stay fixed: malformed server-function
//! bodies, sign-out by other sites, one address locking a client out for
//! everyone, limits that replicas or restarts reset, unbounded lists,
//! readable data files, and a database outage shown as "signed out".

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ClientForm, PASSWORD, TestApp, new_client, register_cc_client};
use crate::on_both_backends;

on_both_backends!(
    malformed_server_function_bodies_are_400_with_the_request_id,
    another_site_cannot_sign_anyone_out,
    one_address_cannot_lock_a_client_out_for_everyone with &[("PORTICO_TRUSTED_PROXIES", "127.0.0.1")],
    forwarded_addresses_count_only_behind_a_trusted_proxy,
    failure_limits_are_shared_by_replicas,
    lists_of_uris_are_bounded_and_repeated_scopes_count_once,
    a_database_outage_is_unavailable_not_signed_out,
    readiness_says_no_while_stopping,
);

async fn malformed_server_function_bodies_are_400_with_the_request_id(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let post = |body: Vec<u8>| {
        app.client
            .post(app.url("/api/ui/create_client"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    for body in [
        b"suffix=%ZZ&form".to_vec(),
        b"x=1".to_vec(),
        vec![b's', b'u', b'f', b'=', 0xff, 0xfe],
    ] {
        let res = post(body).send().await.unwrap();
        let status = res.status();
        let error: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["kind"], "invalid", "{error}");
    }
    let big = vec![b'a'; 3 * 1024 * 1024];
    let res = post(big).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // A JSON body that is not JSON at all.
    let res = app
        .client
        .post(app.url("/api/ui/sign_in"))
        .header("content-type", "application/json")
        .body("{\"bad")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let text = res.text().await.unwrap();
    assert!(!text.contains("unknown"), "{text}");
    assert!(!request_id.is_empty());
}

async fn another_site_cannot_sign_anyone_out(app: TestApp) {
    app.sign_up("dev@example.com").await;
    // A link (or an image) on any page: no ID token, so Portico asks.
    let res = app
        .client
        .get(app.url("/oauth2/logout?post_logout_redirect_uri=https://evil.example/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let asked = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(asked.starts_with("/logout?"), "{asked}");
    assert_eq!(
        app.whoami(&app.client).await["email"],
        "dev@example.com",
        "still signed in"
    );
    let page = app.client.get(app.url(&asked)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Sign out?"));

    // Another site posting the form is refused before anything happens.
    let res = app
        .client
        .post(app.url("/oauth2/logout"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("state", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.whoami(&app.client).await["email"], "dev@example.com");

    // The person confirms on Portico's page: signed out.
    let res = app
        .client
        .post(app.url("/oauth2/logout"))
        .header("origin", app.base.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&[("post_logout_redirect_uri", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/login?logout=unregistered_redirect",
        "never to an unregistered URI"
    );
    assert_eq!(app.whoami(&app.client).await, Value::Null, "signed out");
}

async fn token_from(app: &TestApp, id: &str, secret: &str, address: &str) -> StatusCode {
    app.client
        .post(app.url("/oauth2/token"))
        .basic_auth(id, Some(secret))
        .header("x-forwarded-for", address)
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .status()
}

async fn one_address_cannot_lock_a_client_out_for_everyone(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let wrong = format!("{}zzzz", &reg.secret[..39]);
    for _ in 0..10 {
        assert_eq!(
            token_from(&app, &reg.client_id, &wrong, "203.0.113.1").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        token_from(&app, &reg.client_id, &wrong, "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "that address is slowed down"
    );
    assert_eq!(
        token_from(&app, &reg.client_id, &wrong, "198.51.100.2").await,
        StatusCode::UNAUTHORIZED,
        "another address is not"
    );
    assert_eq!(
        token_from(&app, &reg.client_id, &reg.secret, "203.0.113.1").await,
        StatusCode::OK,
        "a valid secret always gets through, even from the limited address"
    );
}

async fn forwarded_addresses_count_only_behind_a_trusted_proxy(app: TestApp) {
    // No proxy is trusted here: X-Forwarded-For is ignored, so a client
    // cannot pick a fresh address for every guess.
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let wrong = format!("{}zzzz", &reg.secret[..39]);
    for i in 0..10 {
        let address = format!("203.0.113.{i}");
        token_from(&app, &reg.client_id, &wrong, &address).await;
    }
    assert_eq!(
        token_from(&app, &reg.client_id, &wrong, "203.0.113.99").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn failure_limits_are_shared_by_replicas(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let other = app.replica().await;
    let stranger = new_client();
    for _ in 0..5 {
        let res = app
            .sign_in_with(&stranger, "dev@example.com", "wrong password 1")
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    let res = other
        .call(
            &stranger,
            "sign_in",
            &[("email", "dev@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "five failures on one replica count on the other"
    );
    // And a restart (a new process on the same database) keeps them.
    let restarted = app.replica().await;
    let res = restarted
        .call(
            &stranger,
            "sign_in",
            &[("email", "dev@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn lists_of_uris_are_bounded_and_repeated_scopes_count_once(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let many: Vec<String> = (0..51)
        .map(|i| format!("https://a.example/cb{i}"))
        .collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let form = ClientForm::new("web", "Web", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid"])
        .redirect_uris(&many);
    let res = app.call(&app.client, "create_client", &form.pairs()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = crate::helpers::field_message(&body, "redirect_uris").unwrap();
    assert!(message.contains("at most 50"), "{message}");

    let long = format!("https://a.example/{}", "x".repeat(2100));
    let form = ClientForm::new("web", "Web", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid"])
        .redirect_uris(&[&long]);
    let res = app.call(&app.client, "create_client", &form.pairs()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The same scope twice is one scope, not a clash with an old suffix.
    let form = ClientForm::service("twice").scopes(&["consents:read", "consents:read"]);
    let client = app.create_client(&app.client, &form).await;
    assert_eq!(client.scopes.len(), 1);
}

async fn a_database_outage_is_unavailable_not_signed_out(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let started = std::time::Instant::now();
    app.state.db.close().await;
    let page = app.client.get(app.url("/clients")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("unavailable") && text.contains("still signed in"),
        "{text}"
    );
    assert!(!text.contains("Sign in"), "not the sign-in page");
    let call = app.call(&app.client, "list_clients", &[]).await;
    assert_eq!(call.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error: Value = call.json().await.unwrap();
    assert_eq!(error["kind"], "unavailable");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let token = app
        .client
        .post(app.url("/oauth2/token"))
        .basic_auth("someone.x", Some("secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = token.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "answers come at once"
    );
}

/// While the server drains after SIGTERM, load balancers are told to stop
/// sending it requests.
async fn readiness_says_no_while_stopping(app: TestApp) {
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.state.draining.start();
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.text().await.unwrap(), "stopping");
}
