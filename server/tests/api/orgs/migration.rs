//! A database filled with the schema from before organisations (version
//! 10) is upgraded in place: no client id changes, and every secret,
//! token, draft and API key keeps working.

use reqwest::StatusCode;
use serde_json::Value;
use server::crypto::passwords::Hasher;
use server::crypto::tokens::hash_token;
use server::store::Db;

use crate::helpers::{
    Backend, FreshDatabase, PASSWORD, TestApp, active_prefix, jwt_claims, new_client, spawn_app_on,
};

const SECRET: &str = "old-secret-value-kept-across-the-upgrade";
const REFRESH: &str = "old-refresh-token-kept-across-the-upgrade";
const API_KEY: &str = "pak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const PREFIX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn sqlite() {
    if let Some(db) = FreshDatabase::create(Backend::Sqlite).await {
        upgrades_in_place(db).await;
    }
}

#[tokio::test]
async fn postgres() {
    if let Some(db) = FreshDatabase::create(Backend::Postgres).await {
        upgrades_in_place(db).await;
    }
}

/// Rows as Portico before organisations wrote them.
async fn fill_previous_schema(url: &str) {
    let db = Db::connect(url, 2).await.expect("connect");
    db.migrate_to(10).await.expect("the previous schema");
    let hasher = Hasher::new().unwrap();
    let password = hasher.hash(PASSWORD).await.unwrap();
    let secret = hasher.hash(SECRET).await.unwrap();
    let far = 4_000_000_000_i64;
    let statements = [
        format!(
            "INSERT INTO accounts (id, email, display_name, password_hash, is_developer, is_admin, client_prefix, created_at, updated_at) \
             VALUES ('acc-dev', 'dev@example.com', 'Old Dev', '{password}', 1, 0, '{PREFIX}', 1, 1), \
                    ('acc-user', 'user@example.com', 'Old User', '{password}', 0, 0, NULL, 1, 1)"
        ),
        format!(
            "INSERT INTO clients (id, owner_id, suffix, display_name, description, kind, grant_types, redirect_uris, \
             post_logout_redirect_uris, token_endpoint_auth_method, status, created_at, updated_at) VALUES \
             ('{PREFIX}.shop', 'acc-dev', 'shop', 'Old shop', '', 'confidential', \
              '[\"authorization_code\",\"client_credentials\",\"refresh_token\"]', '[\"http://127.0.0.1/callback\"]', '[]', \
              'client_secret_basic', 'active', 1, 1)"
        ),
        format!(
            "INSERT INTO client_scopes (client_id, scope, status) VALUES \
             ('{PREFIX}.shop', 'openid', 'granted'), ('{PREFIX}.shop', 'offline_access', 'granted'), \
             ('{PREFIX}.shop', 'consents:read', 'granted')"
        ),
        format!(
            "INSERT INTO client_secrets (id, client_id, description, hint, secret_hash, created_at, expires_at) \
             VALUES ('sec-1', '{PREFIX}.shop', 'production', 'old', '{secret}', 1, {far})"
        ),
        "INSERT INTO client_systems (id, owner_id, name, description, scopes, grant_types, allow_refresh, auth_method, created_at, updated_at) \
         VALUES ('sys-1', 'acc-dev', 'Acme Journal', '', '[\"consents:read\"]', '[\"client_credentials\"]', 0, 'client_secret_basic', 1, 1)"
            .to_owned(),
        format!(
            "INSERT INTO system_api_keys (id, system_id, description, hint, key_hash, created_at, expires_at) \
             VALUES ('key-1', 'sys-1', 'installer', 'AAAA', '{}', 1, {far})",
            hash_token(API_KEY)
        ),
        format!(
            "INSERT INTO clients (id, owner_id, suffix, display_name, description, kind, grant_types, redirect_uris, \
             post_logout_redirect_uris, token_endpoint_auth_method, status, created_at, updated_at, system_id, draft_expires_at) VALUES \
             ('{PREFIX}.draft1', 'acc-dev', 'draft1', 'Clinic 1', '', 'confidential', '[\"client_credentials\"]', '[]', '[]', \
              'client_secret_basic', 'draft', 1, 1, 'sys-1', {far})"
        ),
        format!("INSERT INTO client_scopes (client_id, scope, status) VALUES ('{PREFIX}.draft1', 'consents:read', 'granted')"),
        format!(
            "INSERT INTO grants (id, account_id, client_id, scopes, auth_time, created_at) \
             VALUES ('grant-1', 'acc-user', '{PREFIX}.shop', 'openid offline_access', 1, 1)"
        ),
        format!(
            "INSERT INTO refresh_tokens (token_hash, grant_id, created_at, expires_at) VALUES ('{}', 'grant-1', 1, {far})",
            hash_token(REFRESH)
        ),
        format!(
            "INSERT INTO consents (account_id, client_id, scopes, granted_at, updated_at) \
             VALUES ('acc-user', '{PREFIX}.shop', 'openid offline_access', 1, 1)"
        ),
        format!(
            "INSERT INTO audit_log (at, actor_id, actor_email, action, client_id, before, after) \
             VALUES (1, 'acc-dev', 'dev@example.com', 'client.created', '{PREFIX}.shop', NULL, '{{}}')"
        ),
    ];
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
            .execute(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    db.pool().close().await;
}

async fn upgrades_in_place(database: FreshDatabase) {
    fill_previous_schema(&database.url).await;
    let app: TestApp = spawn_app_on(database, &[]).await;
    let client_id = format!("{PREFIX}.shop");

    // The developer's prefix is now their personal organisation's.
    let res = app
        .sign_in_with(&app.client, "dev@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let viewer = app.whoami(&app.client).await;
    assert_eq!(active_prefix(&viewer), PREFIX);
    let orgs = viewer["orgs"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["personal"], true);
    assert_eq!(orgs[0]["role"], "owner");
    assert_eq!(orgs[0]["name"], "Old Dev");
    let org_id = orgs[0]["org_id"].as_str().unwrap().to_owned();

    // Its clients and systems, ids unchanged.
    let client = app.get_client(&app.client, &client_id).await;
    assert_eq!(client.org_id, org_id);
    assert_eq!(client.created_by.as_deref(), Some("dev@example.com"));
    let draft = app
        .get_client(&app.client, &format!("{PREFIX}.draft1"))
        .await;
    assert_eq!(draft.org_id, org_id);
    let systems: Vec<app::model::SystemSummary> = app
        .call_ok::<app::model::ListPage<app::model::SystemSummary>>(
            &app.client,
            "list_systems",
            &[],
        )
        .await
        .rows;
    assert_eq!(systems.len(), 1);
    assert_eq!(systems[0].system_id, "sys-1");
    assert_eq!(systems[0].clients, 1);

    // The old secret gets tokens, which now carry the organisation.
    let res = app
        .token_basic(&client_id, SECRET, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let claims = jwt_claims(body["access_token"].as_str().unwrap());
    assert_eq!(claims["org_id"], org_id.as_str());
    assert!(claims.get("org_number").is_none(), "no number was set");
    let token = body["access_token"].as_str().unwrap().to_owned();
    let consents = app.consents(Some(&token)).await;
    assert_eq!(consents.status(), StatusCode::OK);

    // The old refresh token still refreshes the user's sign-in.
    let res = app
        .token_basic(
            &client_id,
            SECRET,
            &[("grant_type", "refresh_token"), ("refresh_token", REFRESH)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );

    // The old API key still reads its draft.
    let res = app
        .client
        .get(app.url(&format!("/api/v1/client-drafts/{PREFIX}.draft1/status")))
        .header("api-key", API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );

    // The old history now belongs to the organisation.
    let history: Vec<app::model::AuditEntry> = app
        .call_ok::<app::model::AuditPage>(&app.client, "org_history", &[("org_id", &org_id)])
        .await
        .entries;
    assert!(history.iter().any(
        |e| e.action == "client.created" && e.client_id.as_deref() == Some(client_id.as_str())
    ));

    // The end user was no developer and still is none, with no organisation.
    let user = new_client();
    app.sign_in_with(&user, "user@example.com", PASSWORD).await;
    let viewer = app.whoami(&user).await;
    assert_eq!(viewer["is_developer"], false);
    assert_eq!(viewer["orgs"], serde_json::json!([]));
    assert_eq!(
        app.call(&user, "get_client", &[("client_id", &client_id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
