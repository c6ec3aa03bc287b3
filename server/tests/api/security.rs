//! Headers, cookies and cross-origin protection as seen on the wire.

use reqwest::StatusCode;

use crate::helpers::{Backend, PASSWORD, TestApp, set_cookie, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    pages_carry_security_headers_with_a_matching_nonce,
    cross_site_posts_are_refused
);

async fn pages_carry_security_headers_with_a_matching_nonce(app: TestApp) {
    let res = app
        .client
        .get(app.url("/login"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let headers = res.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("'wasm-unsafe-eval'")
            && csp.contains("object-src 'none'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap()
        .to_owned();
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the CSP nonce"
    );
    assert!(!csp.contains("unsafe-inline"));

    let second = app.client.get(app.url("/login")).send().await.unwrap();
    assert!(
        !second.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce),
        "a fresh nonce per response"
    );

    // The compiled site's files are no documents: `nosniff`, and none of
    // the documents' policies (a page fetches dozens of chunks).
    let asset = app
        .client
        .get(app.url("/pkg/chunk_0.none.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.headers()["x-content-type-options"], "nosniff");
    for document_only in [
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert!(
            asset.headers().get(document_only).is_none(),
            "{document_only}"
        );
    }
}

async fn cross_site_posts_are_refused(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let evil = app
        .client
        .post(app.url("/api/ui/sign_out"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let fetch_meta = app
        .client
        .post(app.url("/api/ui/sign_out"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_meta.status(), StatusCode::FORBIDDEN);
    assert_ne!(
        app.whoami(&app.client).await,
        serde_json::Value::Null,
        "still signed in"
    );

    let same = app
        .client
        .post(app.url("/api/ui/sign_out"))
        .header("origin", app.base.as_str())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
}

/// With an https public URL the cookie is `Secure` and `__Host-` bound, and
/// HSTS is sent.
#[tokio::test]
async fn https_public_url_makes_cookies_secure() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("PORTICO_PUBLIC_URL", "https://id.example.com")],
    )
    .await
    .unwrap();
    let res = app
        .sign_up_with(&app.client, "ada@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = set_cookie(&res).unwrap();
    assert!(cookie.starts_with("__Host-portico_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}
