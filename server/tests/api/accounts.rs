//! Sign-up, sign-in, sessions and passwords.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, active_prefix, field_message, new_client, set_cookie};
use crate::on_both_backends;

on_both_backends!(
    sign_up_makes_a_developer_with_a_prefix_and_a_session,
    sign_up_reports_every_bad_field_and_saves_nothing,
    a_taken_email_is_a_field_conflict,
    wrong_password_and_unknown_email_get_the_same_answer,
    sign_in_issues_a_new_session_and_sign_out_ends_it,
    change_password_checks_the_current_one_and_ends_other_sessions,
    repeated_failures_are_rate_limited,
    passwords_and_sessions_are_stored_only_as_hashes,
    profile_name_can_be_changed,
    end_users_become_developers_by_accepting_the_terms with &[("PORTICO_DEVELOPERS", "self-service")],
    only_admins_make_developers_where_the_operator_says_so with &[("PORTICO_DEVELOPERS", "by-admin")],
);

/// The default: sign-up makes an end user, who becomes a developer (with
/// a personal organisation and prefix) only by accepting the terms.
async fn end_users_become_developers_by_accepting_the_terms(app: TestApp) {
    let viewer = app.sign_up("erin@example.com").await;
    assert_eq!(viewer["is_developer"], false);
    assert_eq!(viewer["may_become_developer"], true);
    assert_eq!(viewer["orgs"].as_array().map(Vec::len), Some(0));
    let res = app.call(&app.client, "list_clients", &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "an end user has no clients"
    );

    let res = app.call(&app.client, "become_developer", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        field_message(&body, "accept_terms").as_deref(),
        Some("Accept the developer terms to register applications.")
    );

    let res = app
        .call(&app.client, "become_developer", &[("accept_terms", "on")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let viewer: Value = res.json().await.unwrap();
    assert_eq!(viewer["is_developer"], true);
    assert_eq!(viewer["may_become_developer"], false);
    let prefix = active_prefix(&viewer);
    assert!(!prefix.is_empty());
    // Asking again changes nothing: the same prefix.
    let res = app
        .call(&app.client, "become_developer", &[("accept_terms", "on")])
        .await;
    let again: Value = res.json().await.unwrap();
    assert_eq!(active_prefix(&again), prefix);
    let res = app.call(&app.client, "list_clients", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn only_admins_make_developers_where_the_operator_says_so(app: TestApp) {
    let viewer = app.sign_up("erin@example.com").await;
    assert_eq!(viewer["is_developer"], false);
    assert_eq!(viewer["may_become_developer"], false);
    let res = app
        .call(&app.client, "become_developer", &[("accept_terms", "on")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.to_string()
            .contains("an admin gives the developer role"),
        "{body}"
    );
}

async fn sign_up_makes_a_developer_with_a_prefix_and_a_session(app: TestApp) {
    let res = app
        .sign_up_with(&app.client, "Ada@Example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = set_cookie(&res).expect("session cookie");
    assert!(cookie.starts_with("portico_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http public URL must not set Secure: {cookie}"
    );
    let viewer: Value = res.json().await.unwrap();
    assert_eq!(viewer["email"], "ada@example.com");
    assert_eq!(viewer["is_developer"], true);
    assert_eq!(viewer["is_admin"], false);
    let prefix = active_prefix(&viewer);
    assert_eq!(prefix.len(), 64);
    assert!(
        prefix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(
        app.whoami(&app.client).await["account_id"],
        viewer["account_id"]
    );

    let other = app
        .sign_up_with(&new_client(), "bob@example.com", PASSWORD)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_ne!(
        active_prefix(&other),
        prefix,
        "every developer's personal organisation has its own prefix"
    );
    assert_eq!(viewer["orgs"][0]["personal"], true);
    assert_eq!(viewer["orgs"][0]["role"], "owner");
}

async fn sign_up_reports_every_bad_field_and_saves_nothing(app: TestApp) {
    let res = app
        .call(
            &app.client,
            "sign_up",
            &[
                ("email", "not-an-email"),
                ("display_name", " "),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "email").unwrap().contains('@'));
    assert!(field_message(&body, "display_name").is_some());
    assert!(field_message(&body, "password").unwrap().contains("12"));

    let res = app
        .call(
            &app.client,
            "sign_up",
            &[
                ("email", "ada@example.com"),
                ("display_name", "Ada"),
                ("password", PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "password_confirm").is_some());
    assert_eq!(
        app.sign_in_with(&app.client, "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.whoami(&app.client).await, Value::Null);
}

async fn a_taken_email_is_a_field_conflict(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let res = app
        .sign_up_with(&new_client(), "ADA@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "email")
            .unwrap()
            .contains("already exists")
    );
}

async fn wrong_password_and_unknown_email_get_the_same_answer(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let wrong = app
        .sign_in_with(&new_client(), "ada@example.com", "wrong password here")
        .await;
    let unknown = app
        .sign_in_with(&new_client(), "nobody@example.com", "wrong password here")
        .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookie(&wrong).is_none());
    let (wrong, unknown): (Value, Value) =
        (wrong.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(wrong, unknown);
    assert_eq!(
        field_message(&wrong, "form").as_deref(),
        Some("Email or password is wrong.")
    );
}

async fn sign_in_issues_a_new_session_and_sign_out_ends_it(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let first = app
        .sign_in_with(&app.client, "ada@example.com", PASSWORD)
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let first_cookie = set_cookie(&first).unwrap();
    let second = app
        .sign_in_with(&app.client, "ada@example.com", PASSWORD)
        .await;
    let second_cookie = set_cookie(&second).unwrap();
    assert_ne!(first_cookie, second_cookie, "sign-in renews the session id");

    // The session that sign-in replaced no longer works.
    let stale = reqwest::Client::new();
    let value = first_cookie.split(';').next().unwrap();
    let res = stale
        .post(app.url("/api/ui/whoami"))
        .header("cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap(), Value::Null);

    let res = app.call(&app.client, "sign_out", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(set_cookie(&res).unwrap().contains("Max-Age=0"));
    assert_eq!(app.whoami(&app.client).await, Value::Null);
    let value = second_cookie.split(';').next().unwrap();
    let res = stale
        .post(app.url("/api/ui/whoami"))
        .header("cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        Value::Null,
        "the signed-out session is gone from the database"
    );
}

async fn change_password_checks_the_current_one_and_ends_other_sessions(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let laptop = new_client();
    assert_eq!(
        app.sign_in_with(&laptop, "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );

    let new = "a completely new passphrase";
    let res = app
        .call(
            &app.client,
            "change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", new),
                ("new_password_confirm", new),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        field_message(&res.json().await.unwrap(), "current_password")
            .unwrap()
            .contains("wrong")
    );

    let res = app
        .call(
            &app.client,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new),
                ("new_password_confirm", new),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_ne!(
        app.whoami(&app.client).await,
        Value::Null,
        "this session stays"
    );
    assert_eq!(app.whoami(&laptop).await, Value::Null, "other sessions end");
    assert_eq!(
        app.sign_in_with(&new_client(), "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.sign_in_with(&new_client(), "ada@example.com", new)
            .await
            .status(),
        StatusCode::OK
    );

    let res = reqwest::Client::new()
        .post(app.url("/api/ui/change_password"))
        .form(&[
            ("current_password", new),
            ("new_password", PASSWORD),
            ("new_password_confirm", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "no session, no change"
    );
}

async fn repeated_failures_are_rate_limited(app: TestApp) {
    app.sign_up("ada@example.com").await;
    for _ in 0..5 {
        let res = app
            .sign_in_with(&new_client(), "ada@example.com", "wrong password here")
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    let res = app
        .sign_in_with(&new_client(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "rate_limited");
    assert!(body["retry_after_secs"].as_u64().unwrap() > 0);
    // Another account is not locked by this one's failures.
    app.sign_up_with(&new_client(), "bob@example.com", PASSWORD)
        .await;
    assert_eq!(
        app.sign_in_with(&new_client(), "bob@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

async fn passwords_and_sessions_are_stored_only_as_hashes(app: TestApp) {
    let res = app
        .sign_up_with(&app.client, "ada@example.com", PASSWORD)
        .await;
    let cookie = set_cookie(&res).unwrap();
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let pool = app.state.db.pool();
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM accounts")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
    let keys: Vec<(String,)> = sqlx::query_as("SELECT id_hash FROM sessions")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    assert_ne!(keys[0].0, token);
    assert_eq!(keys[0].0, server::crypto::tokens::hash_token(&token));
}

async fn profile_name_can_be_changed(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let res = app
        .call(&app.client, "update_profile", &[("display_name", "   ")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(
            &app.client,
            "update_profile",
            &[("display_name", "Countess of Lovelace")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.whoami(&app.client).await["display_name"],
        "Countess of Lovelace"
    );
}
