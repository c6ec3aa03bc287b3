//! Replicas on one PostgreSQL database: one cut off while the other
//! changes things, and several started together on an empty database.

use std::net::SocketAddr;

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::Value;
use server::accounts::SetupLink;
use server::config::Config;

use crate::eventually;
use crate::helpers::{
    Backend, PASSWORD, PgDatabase, TestApp, new_client, register_cc_client, spawn_app_with,
};
use crate::proxy::Proxy;

/// The app's PostgreSQL URL, through `proxy`.
fn through(app: &TestApp, proxy: &Proxy) -> String {
    let url = app.setting("PORTICO_DATABASE_URL").expect("database url");
    url.replace("127.0.0.1:5432", &proxy.addr.to_string())
}

async fn introspect(
    base: &str,
    by: &crate::helpers::Registered,
    token: &str,
) -> (StatusCode, Value) {
    let res = new_client()
        .post(format!("{base}/oauth2/introspect"))
        .basic_auth(&by.client_id, Some(&by.secret))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A replica that cannot reach PostgreSQL must not go on answering from
/// its caches: once it cannot confirm they are current (3 s), it says
/// "temporarily unavailable" instead of "active", and it catches up the
/// moment the database is back.
#[tokio::test]
async fn a_replica_cut_off_from_the_database_fails_closed() {
    let Some(app) = spawn_app_with(Backend::Postgres, &[]).await else {
        return;
    };
    let proxy = Proxy::start("127.0.0.1:5432".parse::<SocketAddr>().unwrap()).await;
    let cut_off = app
        .replica_with(&[("PORTICO_DATABASE_URL", &through(&app, &proxy))])
        .await;
    let reg = register_cc_client(&app, "dev@example.com", "held").await;
    let api = app.resource_server("portico").await;
    let token = app.cc_token(&reg).await;
    // Checked once on the replica, so it is cached there as active.
    let (status, body) = introspect(&cut_off.url(""), &api, &token).await;
    assert_eq!(
        (status, body["active"].as_bool()),
        (StatusCode::OK, Some(true))
    );

    proxy.cut();
    // The other replica suspends the client meanwhile.
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let res = app
        .call(
            &admin,
            "set_suspended",
            &[
                ("client_id", &reg.client_id),
                ("suspended", "true"),
                ("reason", "fraud"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Within the trust window (3 s) and a poll, the cut-off replica stops
    // saying "active"; from then on it never says it again.
    tokio::time::sleep(std::time::Duration::from_millis(4500)).await;
    for _ in 0..10 {
        let (status, body) = introspect(&cut_off.url(""), &api, &token).await;
        assert_ne!(
            body["active"], true,
            "a suspended client's token called active while cut off"
        );
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["error"], "temporarily_unavailable");
        let res = new_client()
            .post(cut_off.url("/oauth2/token"))
            .basic_auth(&reg.client_id, Some(&reg.secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "no token for a suspended client"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let started = std::time::Instant::now();
    let ready = new_client()
        .get(cut_off.url("/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "readiness answers quickly"
    );

    proxy.restore();
    let caught_up = eventually(10, async || {
        let (status, body) = introspect(&cut_off.url(""), &api, &token).await;
        status == StatusCode::OK && body["active"] == false
    })
    .await;
    assert!(caught_up, "back in service, and aware of the suspension");
    let ready = new_client()
        .get(cut_off.url("/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

/// Three replicas starting at once on an empty database create one set of
/// signing keys between them (every JWKS the same) and print one setup
/// link.
#[tokio::test]
async fn replicas_started_together_make_one_set_of_keys_and_one_setup_link() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    let data_dir = tempfile::tempdir().unwrap();
    let env = |port: u16| {
        std::collections::HashMap::from([
            ("PORTICO_BIND".to_owned(), format!("127.0.0.1:{port}")),
            (
                "PORTICO_PUBLIC_URL".to_owned(),
                "http://127.0.0.1:1".to_owned(),
            ),
            ("PORTICO_DATABASE_URL".to_owned(), pg.url.clone()),
            (
                "PORTICO_DATA_DIR".to_owned(),
                data_dir.path().display().to_string(),
            ),
            ("PORTICO_DB_MAX_CONNECTIONS".to_owned(), "3".to_owned()),
        ])
    };
    let configs: Vec<Config> = (0..3)
        .map(|i| Config::from_sources(&env(40000 + i), "").unwrap())
        .collect();
    let built = join_all(configs.iter().map(server::startup::build)).await;
    let states: Vec<_> = built.into_iter().map(|p| p.unwrap().state).collect();

    let (keys,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM signing_keys")
        .fetch_one(states[0].db.pool())
        .await
        .unwrap();
    assert_eq!(
        keys, 2,
        "one ES256 and one RS256 key, not one pair per replica"
    );
    let jwks: Vec<String> = states
        .iter()
        .map(|s| s.provider.keys().jwks_json().to_string())
        .collect();
    assert!(
        jwks.iter().all(|j| *j == jwks[0]),
        "every replica publishes the same keys"
    );

    let links = join_all(
        states
            .iter()
            .map(|s| s.accounts.issue_setup_link_if_needed()),
    )
    .await;
    let issued = links
        .iter()
        .filter(|l| matches!(l, Ok(SetupLink::Issued(_))))
        .count();
    assert_eq!(issued, 1, "one setup link between them");
    assert!(links.iter().all(Result::is_ok));
    for state in &states {
        state.db.close().await;
    }
}
