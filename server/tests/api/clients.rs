//! Client registration: ownership, validation, secrets, scopes, audit.

use app::domain::AuthMethod;
use app::model::{
    AuditEntry, AuditPage, ClientDetail, ClientStatus, ClientSummary, ListPage, PendingClient,
    PendingScope, ScopeAccess, ScopeInfo, SecretState,
};
use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::helpers::{ClientForm, PASSWORD, TestApp, active_prefix, field_message, new_client};
use crate::on_both_backends;

on_both_backends!(
    a_developer_creates_a_client_with_an_id_from_their_prefix,
    bad_input_gives_field_errors_and_saves_nothing,
    a_suffix_is_never_reused,
    developers_never_see_or_touch_each_others_clients,
    secrets_are_shown_once_and_stored_as_argon2id,
    scopes_that_need_approval_leave_the_client_pending,
    every_change_is_audited_without_secret_values,
    only_admins_keep_the_catalog_and_read_the_audit_log,
    each_tab_of_a_client_has_its_own_address,
);

const CC_FORM: &[(&str, &str)] = &[
    ("form[display_name]", "Billing backend"),
    ("form[description]", "Nightly invoices"),
    ("form[kind]", "confidential"),
    ("form[grant_types][0]", "client_credentials"),
    ("form[scopes][0]", "consents:read"),
];

async fn create(
    app: &TestApp,
    client: &Client,
    suffix: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![("suffix", suffix)];
    fields.extend_from_slice(form);
    app.call(client, "create_client", &fields).await
}

async fn a_developer_creates_a_client_with_an_id_from_their_prefix(app: TestApp) {
    let viewer = app.sign_up("dev@example.com").await;
    let form = ClientForm::new("webshop", "Web shop", "confidential")
        .grants(&["authorization_code", "refresh_token"])
        .scopes(&["openid", "offline_access"])
        .redirect_uris(&[
            "https://shop.example.com/cb",
            "",
            "http://127.0.0.1:8080/cb",
        ])
        .set("auth_method", "client_secret_post")
        .set("logo_uri", " https://shop.example.com/logo.png ")
        .set("policy_uri", "https://shop.example.com/privacy");
    let client = app.create_client(&app.client, &form).await;
    let prefix = active_prefix(&viewer);
    assert_eq!(client.client_id, format!("{prefix}.webshop"));
    assert_eq!(client.status, ClientStatus::Active);
    assert_eq!(client.redirect_uris.len(), 2, "empty rows are skipped");
    assert_eq!(
        client.token_endpoint_auth_method,
        AuthMethod::ClientSecretPost
    );
    assert_eq!(client.scopes[0].status, ScopeAccess::Granted);
    assert_eq!(
        client.links.logo_uri.as_deref(),
        Some("https://shop.example.com/logo.png")
    );
    assert_eq!(
        client.links.policy_uri.as_deref(),
        Some("https://shop.example.com/privacy")
    );
    assert_eq!(client.links.tos_uri, None);

    let list: Vec<ClientSummary> = app
        .call_ok::<ListPage<ClientSummary>>(&app.client, "list_clients", &[])
        .await
        .rows;
    assert_eq!(list[0].client_id, client.client_id);
    assert_eq!(list[0].active_secrets, 0);

    let update = ClientForm::new("webshop", "Web shop (new)", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid"])
        .redirect_uris(&["https://shop.example.com/cb", ""]);
    let updated: app::model::ClientDetail = app
        .call_ok(
            &app.client,
            "update_client",
            &update.update_pairs(&client.client_id),
        )
        .await;
    assert_eq!(updated.display_name, "Web shop (new)");
    assert_eq!(
        updated.links,
        Default::default(),
        "links left empty are removed"
    );
    assert_eq!(updated.client_id, client.client_id, "the id never changes");
}

async fn bad_input_gives_field_errors_and_saves_nothing(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let form = [
        ("form[display_name]", ""),
        ("form[kind]", "confidential"),
        ("form[grant_types][0]", "authorization_code"),
        ("form[scopes][0]", "openid"),
        ("form[redirect_uris][0]", "https://ok.example.com/cb"),
        ("form[redirect_uris][1]", "http://shop.example.com/cb"),
        ("form[logo_uri]", "http://shop.example.com/logo.png"),
        ("form[client_uri]", "javascript:alert(1)"),
    ];
    let res = create(&app, &app.client, "Bad-Suffix", &form).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "suffix")
            .unwrap()
            .contains("a–z and 0–9")
    );
    assert!(field_message(&body, "display_name").is_some());
    assert_eq!(
        field_message(&body, "logo_uri").unwrap(),
        "A logo URL must use https://: end users open it from their own devices."
    );
    assert!(field_message(&body, "client_uri").is_some());
    let uri = field_message(&body, "redirect_uris").unwrap();
    assert!(
        uri.starts_with("http://shop.example.com/cb: http is only allowed for loopback"),
        "{uri}"
    );

    let no_uri = [
        ("form[display_name]", "X"),
        ("form[kind]", "confidential"),
        ("form[grant_types][0]", "authorization_code"),
    ];
    let body: Value = create(&app, &app.client, "nouri", &no_uri)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        field_message(&body, "grant_types")
            .unwrap()
            .contains("redirect URI")
    );

    let public_cc = [
        ("form[display_name]", "X"),
        ("form[kind]", "public"),
        ("form[grant_types][0]", "client_credentials"),
    ];
    let body: Value = create(&app, &app.client, "pubcc", &public_cc)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        field_message(&body, "grant_types")
            .unwrap()
            .contains("Public clients")
    );

    let unknown_scope = [
        ("form[display_name]", "X"),
        ("form[kind]", "confidential"),
        ("form[grant_types][0]", "client_credentials"),
        ("form[scopes][0]", "wallet:steal"),
    ];
    let res = create(&app, &app.client, "unknown", &unknown_scope).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        field_message(&res.json().await.unwrap(), "scopes")
            .unwrap()
            .contains("not a scope in the catalog")
    );

    let list: Vec<ClientSummary> = app
        .call_ok::<ListPage<ClientSummary>>(&app.client, "list_clients", &[])
        .await
        .rows;
    assert!(list.is_empty(), "nothing was saved");
}

async fn a_suffix_is_never_reused(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let client = app
        .create_client(&app.client, &ClientForm::service("billing"))
        .await;
    let res = create(&app, &app.client, "billing", CC_FORM).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        field_message(&res.json().await.unwrap(), "suffix")
            .unwrap()
            .contains("never reused")
    );

    let id = client.client_id.as_str();
    let res = app
        .call(
            &app.client,
            "delete_client",
            &[("client_id", id), ("confirm_suffix", "wrong")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "deleting needs the suffix typed"
    );
    let res = app
        .call(
            &app.client,
            "delete_client",
            &[("client_id", id), ("confirm_suffix", "billing")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.call(&app.client, "get_client", &[("client_id", id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        create(&app, &app.client, "billing", CC_FORM).await.status(),
        StatusCode::CONFLICT,
        "even after deletion"
    );

    // Another developer has another prefix, so the same suffix is theirs to use.
    let other = app.new_person("other@example.com").await;
    assert_eq!(
        create(&app, &other, "billing", CC_FORM).await.status(),
        StatusCode::OK
    );
}

async fn developers_never_see_or_touch_each_others_clients(app: TestApp) {
    app.sign_up("alice@example.com").await;
    let client = app
        .create_client(&app.client, &ClientForm::service("private"))
        .await;
    let id = client.client_id.as_str();
    let secret = app.create_secret(&app.client, id).await;
    let secret_id = secret.info.id.as_str();

    let mallory = app.new_person("mallory@example.com").await;
    for (function, extra) in [
        ("get_client", vec![]),
        ("list_secrets", vec![]),
        ("client_history", vec![]),
        ("create_secret", vec![("description", "mine now")]),
        ("revoke_secret", vec![("secret_id", secret_id)]),
        ("delete_client", vec![("confirm_suffix", "private")]),
    ] {
        let mut form = vec![("client_id", id)];
        form.extend(extra);
        let res = app.call(&mallory, function, &form).await;
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "{function} must not reveal or change another's client"
        );
    }
    let mut update = vec![("client_id", id)];
    update.extend_from_slice(CC_FORM);
    assert_eq!(
        app.call(&mallory, "update_client", &update).await.status(),
        StatusCode::NOT_FOUND
    );
    let list: Vec<ClientSummary> = app
        .call_ok::<ListPage<ClientSummary>>(&mallory, "list_clients", &[])
        .await
        .rows;
    assert!(list.is_empty());

    // Still intact for its owner.
    let mine = app.list_secrets(&app.client, id).await;
    assert_eq!(mine[0].state, SecretState::Active);
    assert_eq!(
        app.call(&new_client(), "get_client", &[("client_id", id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn secrets_are_shown_once_and_stored_as_argon2id(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let client = app
        .create_client(&app.client, &ClientForm::service("svc"))
        .await;
    let id = client.client_id.as_str();
    let first: app::model::NewCredential = app
        .call_ok(
            &app.client,
            "create_secret",
            &[
                ("client_id", id),
                ("description", "production"),
                ("expiry", "12"),
            ],
        )
        .await;
    let value = first.value.clone();
    assert_eq!(value.len(), 43, "256 bits, base64url");
    assert_eq!(first.info.hint, &value[..3]);
    let days = (first.info.expires_at - first.info.created_at) / 86_400;
    assert!((360..=367).contains(&days), "about 12 months: {days} days");

    let second = app.create_secret(&app.client, id).await;
    let listed = app.list_secrets(&app.client, id).await;
    assert_eq!(listed.len(), 2, "several active secrets at once");
    assert!(
        !format!("{listed:?}").contains(&value),
        "the value is never listed"
    );

    let res = app
        .call(
            &app.client,
            "revoke_secret",
            &[("client_id", id), ("secret_id", &first.info.id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let states: Vec<SecretState> = app
        .list_secrets(&app.client, id)
        .await
        .iter()
        .map(|s| s.state)
        .collect();
    assert!(
        states.contains(&SecretState::Revoked) && states.contains(&SecretState::Active),
        "{states:?}"
    );
    assert_eq!(second.info.state, SecretState::Active);

    let hashes: Vec<(String,)> = sqlx::query_as("SELECT secret_hash FROM client_secrets")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert!(
        hashes
            .iter()
            .all(|(h,)| h.starts_with("$argon2id$") && !h.contains(&value))
    );

    let bad = app
        .call(
            &app.client,
            "create_secret",
            &[("client_id", id), ("description", ""), ("expiry", "36")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body: Value = bad.json().await.unwrap();
    assert!(field_message(&body, "description").is_some());
    assert!(
        field_message(&body, "expiry")
            .unwrap()
            .contains("3, 6, 12, 18 or 24")
    );
}

async fn scopes_that_need_approval_leave_the_client_pending(app: TestApp) {
    let admin = app.admin_with_approval_scope("wallet:create").await;

    app.sign_up("dev@example.com").await;
    let form = ClientForm::service("wallet").scopes(&["consents:read", "wallet:create"]);
    let client = app.create_client(&app.client, &form).await;
    assert_eq!(client.status, ClientStatus::Pending);
    let status_of = |name: &str| {
        client
            .scopes
            .iter()
            .find(|s| s.scope == name)
            .map(|s| s.status)
    };
    assert_eq!(status_of("wallet:create"), Some(ScopeAccess::Pending));
    assert_eq!(status_of("consents:read"), Some(ScopeAccess::Granted));

    // Admins see what waits for them; developers may not look.
    let pending: Vec<PendingClient> = app
        .call_ok::<ListPage<PendingClient>>(&admin, "pending_clients", &[])
        .await
        .rows;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].client_id, client.client_id);
    // The admin sees the organisation asking: the developer's personal one.
    assert_eq!(pending[0].org_name, "Ada Lovelace");
    assert_eq!(pending[0].org_number, None);
    // Each scope with what the catalog says of it, who asked, and where
    // the client sends people (a service: nowhere).
    assert_eq!(
        pending[0].pending_scopes,
        [PendingScope {
            scope: "wallet:create".into(),
            description: "Create wallets for you".into(),
            resource: "wallet".into(),
        }]
    );
    assert_eq!(pending[0].created_by.as_deref(), Some("dev@example.com"));
    assert!(pending[0].redirect_uris.is_empty());
    assert_eq!(
        app.call(&app.client, "pending_clients", &[]).await.status(),
        StatusCode::FORBIDDEN
    );

    // The admins' read-only view of the client: every field, for admins
    // only; an id nobody has is not found.
    let id = client.client_id.as_str();
    let seen: ClientDetail = app
        .call_ok(&admin, "client_for_admin", &[("client_id", id)])
        .await;
    assert_eq!(seen, app.get_client(&app.client, id).await);
    let res = app
        .call(&app.client, "client_for_admin", &[("client_id", id)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let other = format!("{}.nobody", id.split('.').next().unwrap());
    let res = app
        .call(&admin, "client_for_admin", &[("client_id", &other)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn every_change_is_audited_without_secret_values(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let client = app
        .create_client(&app.client, &ClientForm::service("audited"))
        .await;
    let id = client.client_id.as_str();
    let secret = app.create_secret(&app.client, id).await;
    let value = secret.value.as_str();
    let res = app
        .call(
            &app.client,
            "revoke_secret",
            &[("client_id", id), ("secret_id", &secret.info.id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let history: Vec<AuditEntry> = app
        .call_ok::<AuditPage>(&app.client, "client_history", &[("client_id", id)])
        .await
        .entries;
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["secret.revoked", "secret.created", "client.created"]
    );
    assert!(
        history
            .iter()
            .all(|e| e.actor_email.as_deref() == Some("dev@example.com"))
    );
    let all: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT before, after FROM audit_log")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    for (before, after) in all {
        for text in [before, after].into_iter().flatten() {
            assert!(
                !text.contains(value),
                "a secret value reached the audit log"
            );
        }
    }
}

async fn only_admins_keep_the_catalog_and_read_the_audit_log(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let res = app
        .call(
            &app.client,
            "save_scope",
            &[("name", "x:y"), ("description", "d")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&app.client, "audit_log", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(
            &app.client,
            "scope_catalog",
            &[("include_disabled", "true")]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN,
        "disabled scopes are for admins' eyes"
    );
    app.create_client(&app.client, &ClientForm::service("one"))
        .await;

    app.make_admin("root@example.com").await;
    let admin = new_client();
    let res = app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bad = app
        .call(
            &admin,
            "save_scope",
            &[("name", "two words"), ("description", "")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body: Value = bad.json().await.unwrap();
    assert!(
        field_message(&body, "name").is_some() && field_message(&body, "description").is_some()
    );

    // Disabling a scope hides it from new clients (admins still see it).
    let res = app
        .call(
            &admin,
            "save_scope",
            &[("name", "consents:read"), ("description", "List consents")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let catalog: Vec<ScopeInfo> = app.call_ok(&app.client, "scope_catalog", &[]).await;
    assert!(catalog.iter().all(|s| s.name != "consents:read"));
    let full: Vec<ScopeInfo> = app
        .call_ok(&admin, "scope_catalog", &[("include_disabled", "true")])
        .await;
    assert!(full.iter().any(|s| s.name == "consents:read" && !s.enabled));
    assert_eq!(
        create(&app, &app.client, "two", CC_FORM).await.status(),
        StatusCode::BAD_REQUEST
    );

    let everything: AuditPage = app.call_ok(&admin, "audit_log", &[]).await;
    assert_eq!(everything.next_before, None, "one page");
    let actions: Vec<&str> = everything
        .entries
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "scope.updated",
            "org.created",
            "client.created",
            "org.created"
        ],
        "every developer's personal organisation is audited as created"
    );
    let by_dev: AuditPage = app
        .call_ok(&admin, "audit_log", &[("query[actor]", "DEV@example.com")])
        .await;
    let by_dev: Vec<&str> = by_dev.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(by_dev, ["client.created", "org.created"]);
}

async fn each_tab_of_a_client_has_its_own_address(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let form = ClientForm::service("ledger");
    let client = app.create_client(&app.client, &form).await;
    let id = &client.client_id;
    let page = |path: String| {
        let app = &app;
        async move {
            let res = app.client.get(app.url(&path)).send().await.unwrap();
            let status = res.status();
            (status, res.text().await.unwrap())
        }
    };
    // Each tab is drawn on the server at its own address, marked current;
    // all but the test (its result drawn by the app) without the bundle.
    for (tab, text, light) in [
        ("", "Client id", true),
        ("/settings", "Save settings", true),
        ("/secrets", "Create secret", true),
        ("/access", "Access to scopes", true),
        ("/test", "client_credentials", false),
        ("/history", "Every change to this client", true),
    ] {
        let (status, body) = page(format!("/clients/{id}{tab}")).await;
        assert_eq!(status, StatusCode::OK, "{tab}");
        assert!(body.contains(text), "{tab}: {text}");
        assert_eq!(!body.contains(".wasm"), light, "{tab}: the bundle");
        assert!(
            body.contains(&format!(
                "href=\"/clients/{id}{tab}\" aria-current=\"page\""
            )),
            "{tab} is the current tab"
        );
    }

    // Links from before (emails already sent, bookmarks) find the tab.
    let old = app
        .client
        .get(app.url(&format!("/clients/{id}?tab=secrets&after=x")))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.headers()["location"],
        format!("/clients/{id}/secrets?after=x").as_str()
    );

    // Another developer finds nothing at any of them.
    let other = new_client();
    app.sign_up_with(&other, "other@example.com", PASSWORD)
        .await;
    for tab in ["", "/settings", "/secrets"] {
        let res = other
            .get(app.url(&format!("/clients/{id}{tab}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{tab}");
        assert!(
            !res.text().await.unwrap().contains("Billing backend"),
            "{tab}"
        );
    }
}
