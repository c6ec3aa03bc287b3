//! Health, readiness, metrics, pages and persistence across restarts.

use reqwest::StatusCode;

use crate::helpers::{Backend, ClientForm, PASSWORD, TestApp, new_client};
use crate::on_both_backends;

on_both_backends!(
    health_readiness_and_metrics_answer,
    pages_render_and_unknown_ones_are_404,
    pages_are_compressed_and_answers_are_not,
    private_pages_send_you_to_sign_in
);

async fn health_readiness_and_metrics_answer(app: TestApp) {
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"));
    app.client.get(app.url("/login")).send().await.unwrap();
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            "portico_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("portico_http_request_duration_seconds_bucket"),
        "{text}"
    );

    app.state.db.close().await;
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "not ready without a database"
    );
}

async fn pages_render_and_unknown_ones_are_404(app: TestApp) {
    // The pages end users meet inside someone else's flow are plain forms
    // with a small inline script, and so are the portal's pages that only
    // show things (the dashboard, the API reference) and those whose forms
    // work as plain ones (a new client's); the page the app draws (a
    // client's test) loads the app.
    let ada = app.new_person("ada@example.com").await;
    let client = app.create_client(&ada, &ClientForm::service("ops")).await;
    let test = format!("/clients/{}/test", client.client_id);
    for (who, path, portal) in [
        (&app.client, "/", false),
        (&app.client, "/api-docs", false),
        (&app.client, "/login", false),
        (&app.client, "/signup", false),
        (&app.client, "/forgot-password", false),
        (&ada, "/", false),
        (&ada, "/clients/new", false),
        (&ada, test.as_str(), true),
    ] {
        let res = who
            .get(app.url(path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\""), "{path}");
        assert_eq!(
            html.contains("/pkg/portico.js"),
            portal,
            "{path}: the app's bundle"
        );
        assert_eq!(html.contains(".wasm"), portal, "{path}: the WebAssembly");
        assert_eq!(
            html.contains("portico-form:"),
            !portal,
            "{path}: the small script"
        );
    }
    let res = app
        .client
        .get(app.url("/no/such/page"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

/// Pages go out compressed when the browser takes it; server function
/// answers (which can carry a secret shown once) never are.
async fn pages_are_compressed_and_answers_are_not(app: TestApp) {
    for (accept, encoding) in [("br", "br"), ("gzip", "gzip"), ("br, gzip", "br")] {
        let res = app
            .client
            .get(app.url("/login"))
            .header("accept", "text/html")
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let got = res
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(got.as_deref(), Some(encoding), "Accept-Encoding: {accept}");
        let plain = res.bytes().await.unwrap();
        assert!(!plain.starts_with(b"<!DOCTYPE"), "the body is compressed");
    }
    let res = app
        .client
        .get(app.url("/login"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    assert!(res.text().await.unwrap().starts_with("<!DOCTYPE"));

    let res = app
        .client
        .post(app.url("/api/ui/whoami"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers().get("content-encoding").is_none(),
        "JSON is sent as it is"
    );
}

async fn private_pages_send_you_to_sign_in(app: TestApp) {
    let page = |path: &'static str| {
        app.client
            .get(app.url(path))
            .header("accept", "text/html")
            .send()
    };
    for path in ["/account", "/account/security"] {
        let res = page(path).await.unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"], format!("/login?next={path}"));
    }

    app.sign_up("ada@example.com").await;
    let res = page("/account").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("ada@example.com"));
    // The account's second page: how one signs in, where one is signed in.
    let res = page("/account/security").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Change password"), "{html}");
    assert!(html.contains("This session"), "{html}");
    assert!(!html.contains("Apps with access"), "{html}");
    let res = page("/admin/accounts").await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "developers are not admins"
    );
}

/// The SQLite file keeps accounts across a restart, readable by Portico's
/// user only.
#[tokio::test]
async fn data_survives_a_restart() {
    let root = tempfile::tempdir().unwrap();
    // A folder Portico creates itself, so its mode is Portico's choice.
    let dir = root.path().join("portico-data");
    let url = format!("sqlite://{}/portico.db", dir.display());
    let data_dir = dir.display().to_string();
    let settings = [
        ("PORTICO_DATABASE_URL", url.as_str()),
        ("PORTICO_DATA_DIR", data_dir.as_str()),
    ];
    let jwks = |app: &crate::helpers::TestApp| {
        let (client, url) = (app.client.clone(), app.url("/oauth2/jwks"));
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let keys_before;
    {
        let app = crate::helpers::spawn_app_with(Backend::Sqlite, &settings)
            .await
            .unwrap();
        app.sign_up("ada@example.com").await;
        keys_before = jwks(&app).await;
        app.state.db.close().await;
    }
    assert!(dir.join("portico.db").exists());
    // Only Portico's user may read its files.
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700, "the data folder");
        assert_eq!(mode(&dir.join("portico.db")), 0o600, "the database");
        assert_eq!(
            mode(&dir.join("key-encryption.key")),
            0o600,
            "the key-encryption key"
        );
    }
    let app = crate::helpers::spawn_app_with(Backend::Sqlite, &settings)
        .await
        .unwrap();
    assert_eq!(
        app.sign_in_with(&new_client(), "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    // The signing keys too: sealed in the database, opened with the key
    // kept in the data directory.
    assert_eq!(jwks(&app).await, keys_before);
}
