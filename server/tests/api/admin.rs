//! Roles, the admin's account list, `admin create`, the setup link and the
//! signing keys page.

use reqwest::StatusCode;
use serde_json::Value;

use server::accounts::SetupLink;

use crate::helpers::{PASSWORD, TestApp, field_message, new_client};
use crate::on_both_backends;

on_both_backends!(
    only_admins_list_accounts_and_change_roles,
    account_pages_neither_skip_nor_repeat_and_search,
    accounts_sorted_newest_first_page_by_key,
    account_searches_with_few_or_many_matches_page_alike,
    a_prefix_is_assigned_once_and_never_changes with &[("PORTICO_DEVELOPERS", "by-admin")],
    admins_cannot_remove_their_own_admin_role,
    the_setup_link_creates_one_admin_once,
    admin_create_promotes_an_existing_account,
    admins_rotate_the_signing_keys_from_the_portal,
);

/// Adds accounts straight to the database (no password hashing), as a
/// big installation would have them.
async fn add_accounts(app: &TestApp, emails: impl IntoIterator<Item = String>) {
    for email in emails {
        add_account(app, &email, 0).await;
    }
}

/// One account created at `at`.
async fn add_account(app: &TestApp, email: &str, at: i64) {
    sqlx::query(
        "INSERT INTO accounts (id, email, display_name, password_hash, is_developer, is_admin, created_at, updated_at, search_text) \
         VALUES ($1, $2, $3, 'x', 0, 0, $4, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(email)
    .bind(format!("Person {email}"))
    .bind(at)
    .bind(format!("{email} person {email}"))
    .execute(app.state.db.pool())
    .await
    .unwrap();
}

/// `?sort=newest`: newest first by (time, id), each page after the last
/// key; accounts added between pages above the cursor are not shown and
/// those below it are.
async fn accounts_sorted_newest_first_page_by_key(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    // Ten accounts a second: the id breaks the ties on time.
    for i in 0..120 {
        add_account(&app, &format!("person-{i:03}@example.com"), 1_000 + i / 10).await;
    }

    let mut seen: Vec<(i64, String, String)> = Vec::new();
    let mut after: Option<String> = None;
    for round in 0..20 {
        let mut form = vec![("sort", "newest")];
        if let Some(a) = &after {
            form.push(("after", a.as_str()));
        }
        let page: Value = app.call_ok(&admin, "list_accounts", &form).await;
        for a in page["accounts"].as_array().unwrap() {
            seen.push((
                a["created_at"].as_i64().unwrap(),
                a["account_id"].as_str().unwrap().to_owned(),
                a["email"].as_str().unwrap().to_owned(),
            ));
        }
        // A new sign-up (newer than every page) and an old import.
        add_account(&app, &format!("new-{round}@example.com"), 10_000).await;
        add_account(&app, &format!("old-{round}@example.com"), 1).await;
        match page["next_after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let keys: Vec<(i64, &str)> = seen.iter().map(|(at, id, _)| (*at, id.as_str())).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, keys, "newest first, none repeated");
    let emails: Vec<&str> = seen.iter().map(|(_, _, e)| e.as_str()).collect();
    for i in 0..120 {
        assert!(
            emails.contains(&format!("person-{i:03}@example.com").as_str()),
            "person {i} skipped"
        );
    }
    assert!(
        !emails.iter().any(|e| e.starts_with("new-")),
        "added above the cursor"
    );
    assert!(
        emails.iter().any(|e| e.starts_with("old-")),
        "added below the cursor"
    );

    // A link from the email order does not page this one, and an unknown
    // order names the choices.
    let res = app
        .call(
            &admin,
            "list_accounts",
            &[("sort", "newest"), ("after", "person-001@example.com")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "after").is_some(), "{body}");
    let res = app.call(&admin, "list_accounts", &[("sort", "size")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = field_message(&body, "sort").unwrap_or_default();
    assert!(message.contains("email, newest"), "{body}");
}

/// Every page of the list, following `next_after`, with accounts added
/// between requests.
async fn account_pages_neither_skip_nor_repeat_and_search(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    add_accounts(&app, (0..120).map(|i| format!("person-{i:03}@example.com"))).await;

    let mut seen: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    for round in 0.. {
        let mut form = vec![];
        if let Some(a) = &after {
            form.push(("after", a.as_str()));
        }
        let page: Value = app.call_ok(&admin, "list_accounts", &form).await;
        let emails: Vec<String> = page["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["email"].as_str().unwrap().to_owned())
            .collect();
        assert!(emails.len() <= 50);
        seen.extend(emails);
        // Someone signs up between two pages, before and after the cursor.
        add_accounts(
            &app,
            [
                format!("aaa-{round}@example.com"),
                format!("zzz-{round}@example.com"),
            ],
        )
        .await;
        match page["next_after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "in order, none repeated");
    for i in 0..120 {
        assert!(
            seen.contains(&format!("person-{i:03}@example.com")),
            "person {i} skipped"
        );
    }
    assert!(seen.contains(&"root@example.com".to_owned()));

    // Search: any part of the email or name; LIKE wildcards are literal.
    let page: Value = app
        .call_ok(&admin, "list_accounts", &[("q", "PERSON-11")])
        .await;
    let found: Vec<&str> = page["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 10, "{found:?}");
    assert!(found.iter().all(|e| e.starts_with("person-11")));
    let page: Value = app.call_ok(&admin, "list_accounts", &[("q", "%")]).await;
    assert_eq!(page["accounts"].as_array().unwrap().len(), 0);
    let res = app
        .call(&admin, "list_accounts", &[("q", &"x".repeat(201))])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// The emails of one page of `list_accounts` and where the next starts.
async fn account_page(
    app: &TestApp,
    admin: &reqwest::Client,
    form: &[(&str, &str)],
) -> (Vec<String>, Option<String>) {
    let page: Value = app.call_ok(admin, "list_accounts", form).await;
    let emails = page["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap().to_owned())
        .collect();
    (emails, page["next_after"].as_str().map(str::to_owned))
}

/// A search matching few accounts is answered from the trigram index, one
/// matching many by walking the list in order: both page the same way,
/// and the index follows a changed name.
async fn account_searches_with_few_or_many_matches_page_alike(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    add_accounts(&app, (0..1100).map(|i| format!("bulk-{i:04}@example.com"))).await;
    add_accounts(&app, (0..60).map(|i| format!("rare-{i:02}@example.org"))).await;

    // Few matches: 60, page by page, with matches added on both sides of
    // the cursor between the pages.
    let (first, next) = account_page(&app, &admin, &[("q", "RARE-")]).await;
    assert_eq!(first.len(), 50);
    assert_eq!(first[0], "rare-00@example.org");
    add_accounts(
        &app,
        [
            "rare-0@example.org".to_owned(),
            "rare-zz@example.org".to_owned(),
        ],
    )
    .await;
    let next = next.expect("a second page");
    let (second, last) = account_page(&app, &admin, &[("q", "RARE-"), ("after", &next)]).await;
    let expected: Vec<String> = (50..60)
        .map(|i| format!("rare-{i:02}@example.org"))
        .chain(["rare-zz@example.org".to_owned()])
        .collect();
    assert_eq!(second, expected);
    assert_eq!(last, None);

    // Newest first through the index (times tie here: by id), all 62 over
    // two pages, none repeated.
    let (mut newest, next) =
        account_page(&app, &admin, &[("q", "rare-"), ("sort", "newest")]).await;
    assert_eq!(newest.len(), 50);
    let next = next.expect("a second page");
    let form = [("q", "rare-"), ("sort", "newest"), ("after", next.as_str())];
    newest.extend(account_page(&app, &admin, &form).await.0);
    newest.sort();
    newest.dedup();
    assert_eq!(newest.len(), 62);

    // Many matches (over a thousand): walked in email order.
    let (bulk, next) = account_page(&app, &admin, &[("q", "bulk-")]).await;
    let expected: Vec<String> = (0..50)
        .map(|i| format!("bulk-{i:04}@example.com"))
        .collect();
    assert_eq!(bulk, expected);
    let (bulk, _) = account_page(&app, &admin, &[("q", "bulk-"), ("after", &next.unwrap())]).await;
    assert_eq!(bulk[0], "bulk-0050@example.com");

    // A quote or wildcard in the term is a character to find, not syntax.
    for q in ["rare\"", "\"rare", "ra%e", "r_re"] {
        let (found, _) = account_page(&app, &admin, &[("q", q)]).await;
        assert!(found.is_empty(), "{q}: {found:?}");
    }

    // A changed name is found by the new name, not the old one.
    app.sign_up("ada@example.com").await;
    let (found, _) = account_page(&app, &admin, &[("q", "countess")]).await;
    assert!(found.is_empty());
    app.call_ok::<Value>(
        &app.client,
        "update_profile",
        &[("display_name", "Countess of Lovelace")],
    )
    .await;
    let (found, _) = account_page(&app, &admin, &[("q", "countess")]).await;
    assert_eq!(found, ["ada@example.com"]);
    let (found, _) = account_page(&app, &admin, &[("q", "Ada@exa")]).await;
    assert_eq!(found, ["ada@example.com"]);
}

async fn only_admins_list_accounts_and_change_roles(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let res = app.call(&app.client, "list_accounts", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let anonymous = app.call(&new_client(), "list_accounts", &[]).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    app.make_admin("root@example.com").await;
    let admin = new_client();
    assert_eq!(
        app.sign_in_with(&admin, "root@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    let page: Value = app.call_ok(&admin, "list_accounts", &[]).await;
    let list = &page["accounts"];
    assert_eq!(page["next_after"], Value::Null);
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["dev@example.com", "root@example.com"]);

    let dev_id = list[0]["account_id"].as_str().unwrap();
    let res = app
        .call(
            &admin,
            "set_roles",
            &[
                ("account_id", dev_id),
                ("developer", "true"),
                ("admin", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.whoami(&app.client).await["is_admin"],
        true,
        "the change shows on the next request"
    );

    let res = app
        .call(
            &admin,
            "set_roles",
            &[
                ("account_id", "no-such-account"),
                ("developer", "true"),
                ("admin", "false"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// Self sign-up without the developer role, then an admin grants it.
async fn a_prefix_is_assigned_once_and_never_changes(app: TestApp) {
    let viewer = app.sign_up("user@example.com").await;
    assert_eq!(viewer["is_developer"], false);
    assert_eq!(viewer["orgs"], serde_json::json!([]));
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let id = viewer["account_id"].as_str().unwrap();

    let granted: Value = app
        .call_ok(
            &admin,
            "set_roles",
            &[
                ("account_id", id),
                ("developer", "true"),
                ("admin", "false"),
            ],
        )
        .await;
    assert_eq!(granted["is_developer"], true);
    let prefix = app.active_prefix(&app.client).await;
    assert_eq!(prefix.len(), 64);

    app.call(
        &admin,
        "set_roles",
        &[
            ("account_id", id),
            ("developer", "false"),
            ("admin", "false"),
        ],
    )
    .await;
    app.call(
        &admin,
        "set_roles",
        &[
            ("account_id", id),
            ("developer", "true"),
            ("admin", "false"),
        ],
    )
    .await;
    assert_eq!(app.active_prefix(&app.client).await, prefix);
}

async fn admins_cannot_remove_their_own_admin_role(app: TestApp) {
    app.make_admin("root@example.com").await;
    app.sign_in_with(&app.client, "root@example.com", PASSWORD)
        .await;
    let me = app.whoami(&app.client).await;
    let res = app
        .call(
            &app.client,
            "set_roles",
            &[
                ("account_id", me["account_id"].as_str().unwrap()),
                ("developer", "true"),
                ("admin", "false"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        field_message(&res.json().await.unwrap(), "form")
            .unwrap()
            .contains("own admin role")
    );
    assert_eq!(app.whoami(&app.client).await["is_admin"], true);
}

async fn the_setup_link_creates_one_admin_once(app: TestApp) {
    let SetupLink::Issued(token) = app
        .state
        .accounts
        .issue_setup_link_if_needed()
        .await
        .unwrap()
    else {
        panic!("no admin yet, so a link");
    };
    assert!(
        matches!(
            app.state
                .accounts
                .issue_setup_link_if_needed()
                .await
                .unwrap(),
            SetupLink::AlreadyIssued
        ),
        "one live link at a time (another replica starting now prints none)"
    );
    let valid: Value = app
        .call_ok(&app.client, "setup_link_valid", &[("token", &token)])
        .await;
    assert_eq!(valid, true);
    let bogus: Value = app
        .call_ok(&app.client, "setup_link_valid", &[("token", "bogus")])
        .await;
    assert_eq!(bogus, false);

    let form = |email: &'static str| {
        [
            ("email", email),
            ("display_name", "Root"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ]
    };
    let mut first = form("root@example.com").to_vec();
    first.push(("token", &token));
    let res = app.call(&app.client, "complete_setup", &first).await;
    assert_eq!(res.status(), StatusCode::OK);
    let viewer: Value = res.json().await.unwrap();
    assert_eq!(
        (viewer["is_admin"].clone(), viewer["is_developer"].clone()),
        (Value::Bool(true), Value::Bool(true))
    );

    let mut again = form("second@example.com").to_vec();
    again.push(("token", &token));
    let res = app.call(&new_client(), "complete_setup", &again).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a link works once");
    assert!(
        matches!(
            app.state
                .accounts
                .issue_setup_link_if_needed()
                .await
                .unwrap(),
            SetupLink::NotNeeded
        ),
        "no link once an admin exists"
    );
}

async fn admin_create_promotes_an_existing_account(app: TestApp) {
    app.sign_up("ada@example.com").await;
    app.make_admin("ada@example.com").await;
    let me = app.whoami(&app.client).await;
    assert_eq!(me["is_admin"], true);
    assert_eq!(
        app.sign_in_with(&new_client(), "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

async fn admins_rotate_the_signing_keys_from_the_portal(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let keys = |body: Value| body.as_array().unwrap().clone();
    let before = keys(
        app.call(&admin, "signing_keys", &[])
            .await
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(before.len(), 2);
    assert!(
        before
            .iter()
            .all(|k| k["current"] == true && k["retired_at"].is_null())
    );
    assert!(!before[0].to_string().contains("private"));

    app.sign_up("dev@example.com").await;
    for function in ["signing_keys", "rotate_keys"] {
        assert_eq!(
            app.call(&app.client, function, &[]).await.status(),
            StatusCode::FORBIDDEN
        );
    }

    assert_eq!(
        app.call(&admin, "rotate_keys", &[]).await.status(),
        StatusCode::OK
    );
    let after = keys(
        app.call(&admin, "signing_keys", &[])
            .await
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(after.len(), 4);
    let current: Vec<&Value> = after.iter().filter(|k| k["current"] == true).collect();
    assert_eq!(current.len(), 2, "one signing key per algorithm");
    let new: Vec<&Value> = after
        .iter()
        .filter(|k| !before.iter().any(|b| b["kid"] == k["kid"]))
        .collect();
    assert_eq!(new.len(), 2);
    for key in &new {
        // Published now, signing a few seconds later, when every replica
        // publishes them too; until then the old keys sign.
        assert_eq!(key["current"], false);
        assert!(key["activates_at"].as_i64().unwrap() > key["created_at"].as_i64().unwrap());
    }
    for old in &before {
        let row = after.iter().find(|k| k["kid"] == old["kid"]).unwrap();
        assert_eq!(row["current"], true, "until the new keys take over");
        assert_eq!(row["retired_at"], new[0]["activates_at"]);
        assert!(row["published_until"].as_i64().unwrap() > row["retired_at"].as_i64().unwrap());
    }
    let jwks: Value = app
        .client
        .get(app.url("/oauth2/jwks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 4);
    let audit: Value = app.call_ok(&admin, "audit_log", &[]).await;
    assert!(audit.to_string().contains("keys.rotated"));
}
