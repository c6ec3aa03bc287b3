//! Passkeys, with a software authenticator the test holds
//! (`helpers::authenticator`) and the app on `localhost` (browsers, and
//! so Portico, use passkeys only on a domain name): adding, listing and
//! removing them, signing in with one, and every answer that must not
//! sign anyone in.

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::helpers::authenticator::Authenticator;
use crate::helpers::{PASSWORD, TestApp, field_message, new_client};
use crate::on_both_backends;

on_both_backends!(
    a_person_adds_a_passkey_and_signs_in_with_it with &[(crate::helpers::TEST_HOST, "localhost")],
    answers_that_cannot_be_trusted_sign_nobody_in with &[(crate::helpers::TEST_HOST, "localhost")],
    passkeys_are_their_owners_own with &[(crate::helpers::TEST_HOST, "localhost")],
    an_authenticator_app_guards_adding_a_passkey with &[(crate::helpers::TEST_HOST, "localhost")],
    a_passkey_stands_in_for_the_code with &[(crate::helpers::TEST_HOST, "localhost")],
    a_portico_on_an_ip_address_has_no_passkeys,
);

/// The options the server sent, as the page hands them to the browser.
fn options(ceremony: &Value) -> Value {
    serde_json::from_str(ceremony["options"].as_str().expect("options")).expect("options JSON")
}

/// Adds a passkey named `name` to `who`'s account with `authenticator`.
pub(crate) async fn add_passkey(
    app: &TestApp,
    who: &Client,
    authenticator: &mut Authenticator,
    name: &str,
) -> Value {
    let ceremony: Value = app.call_ok(who, "begin_passkey", &[]).await;
    let credential = authenticator
        .register(&options(&ceremony), &app.base)
        .expect("the authenticator makes a passkey");
    app.call_ok(
        who,
        "add_passkey",
        &[
            ("ceremony", ceremony["ceremony"].as_str().unwrap()),
            ("name", name),
            ("credential", &credential.to_string()),
        ],
    )
    .await
}

/// Signs `browser` in with whichever passkey `authenticator` offers; the
/// server's answer.
pub(crate) async fn sign_in_with_passkey(
    app: &TestApp,
    browser: &Client,
    authenticator: &mut Authenticator,
) -> reqwest::Response {
    let ceremony: Value = app.call_ok(browser, "begin_passkey_sign_in", &[]).await;
    let credential = authenticator
        .authenticate(&options(&ceremony), &app.base)
        .expect("the authenticator signs");
    app.call(
        browser,
        "passkey_sign_in",
        &[
            ("ceremony", ceremony["ceremony"].as_str().unwrap()),
            ("credential", &credential.to_string()),
            ("next", "/clients"),
        ],
    )
    .await
}

async fn a_person_adds_a_passkey_and_signs_in_with_it(app: TestApp) {
    let available: bool = app.call_ok(&new_client(), "passkeys_available", &[]).await;
    assert!(available);
    app.sign_up("ada@example.com").await;
    let none: Option<Vec<Value>> = app.call_ok(&app.client, "my_passkeys", &[]).await;
    assert_eq!(none, Some(vec![]));

    let mut phone = Authenticator::new();
    let added = add_passkey(&app, &app.client, &mut phone, "  Ada's phone ").await;
    assert_eq!(added["name"], "Ada's phone");
    assert_eq!(added["discoverable"], true);
    assert_eq!(added["last_used_at"], Value::Null);
    let mut key = Authenticator::device_bound();
    add_passkey(&app, &app.client, &mut key, "YubiKey").await;
    let list: Vec<Value> = app.call_ok(&app.client, "my_passkeys", &[]).await;
    let names: Vec<&str> = list.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ada's phone", "YubiKey"]);

    // Another browser, no password typed: the passkey is the sign-in.
    let laptop = new_client();
    let res = sign_in_with_passkey(&app, &laptop, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);
    let to: String = res.json().await.unwrap();
    assert_eq!(to, "/clients");
    assert_eq!(app.whoami(&laptop).await["email"], "ada@example.com");
    let list: Vec<Value> = app.call_ok(&laptop, "my_passkeys", &[]).await;
    assert!(list[0]["last_used_at"].is_i64(), "{list:?}");
    assert_eq!(
        list[0]["synced"], true,
        "a synced passkey says so once used"
    );

    // RFC 8176: a synced passkey is a software key, one bound to its
    // device a hardware key; either checked the person as well.
    let amr = "SELECT amr FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = 'ada@example.com' ORDER BY s.created_at";
    let res = sign_in_with_passkey(&app, &new_client(), &mut key).await;
    assert_eq!(res.status(), StatusCode::OK);
    let amrs = app.query_strings(amr).await;
    assert!(amrs.contains(&"swk mfa".to_owned()), "{amrs:?}");
    assert!(amrs.contains(&"hwk mfa".to_owned()), "{amrs:?}");
}

async fn answers_that_cannot_be_trusted_sign_nobody_in(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let mut phone = Authenticator::new();
    add_passkey(&app, &app.client, &mut phone, "Phone").await;
    let refused = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let body: Value = res.json().await.unwrap();
        field_message(&body, "form").unwrap_or_else(|| panic!("{body}"))
    };
    let call = |browser: &Client, ceremony: &str, credential: &Value| {
        let (browser, ceremony, credential) =
            (browser.clone(), ceremony.to_owned(), credential.to_string());
        let app = &app;
        async move {
            app.call(
                &browser,
                "passkey_sign_in",
                &[("ceremony", &ceremony), ("credential", &credential)],
            )
            .await
        }
    };

    // Signed with a key Portico does not have for it.
    let browser = new_client();
    let ceremony: Value = app.call_ok(&browser, "begin_passkey_sign_in", &[]).await;
    let token = ceremony["ceremony"].as_str().unwrap();
    let forged = phone
        .authenticate_with_wrong_key(&options(&ceremony), &app.base)
        .unwrap();
    let message = refused(call(&browser, token, &forged).await).await;
    assert!(message.contains("does not know this passkey"), "{message}");
    // The ceremony is spent by any answer: even a good one now fails.
    let good = phone.authenticate(&options(&ceremony), &app.base).unwrap();
    let message = refused(call(&browser, token, &good).await).await;
    assert!(message.contains("expired"), "{message}");

    // A good answer is used once.
    let ceremony: Value = app.call_ok(&browser, "begin_passkey_sign_in", &[]).await;
    let token = ceremony["ceremony"].as_str().unwrap();
    let good = phone.authenticate(&options(&ceremony), &app.base).unwrap();
    assert_eq!(call(&browser, token, &good).await.status(), StatusCode::OK);
    let replayed = refused(call(&new_client(), token, &good).await).await;
    assert!(replayed.contains("expired"), "{replayed}");

    // Made for another site (a phishing page's origin).
    let ceremony: Value = app.call_ok(&browser, "begin_passkey_sign_in", &[]).await;
    let phished = phone
        .authenticate(&options(&ceremony), "http://portico.evil.example")
        .unwrap();
    let stranger = new_client();
    refused(call(&stranger, ceremony["ceremony"].as_str().unwrap(), &phished).await).await;
    assert_eq!(app.whoami(&stranger).await, Value::Null);

    // Garbage, and a ceremony that never was.
    let ceremony: Value = app.call_ok(&browser, "begin_passkey_sign_in", &[]).await;
    let token = ceremony["ceremony"].as_str().unwrap();
    refused(call(&stranger, token, &Value::String("nonsense".into())).await).await;
    let good = phone.authenticate(&options(&ceremony), &app.base).unwrap();
    refused(call(&stranger, "made-up", &good).await).await;
    assert_eq!(app.whoami(&stranger).await, Value::Null);

    // A disabled account's passkey signs nobody in.
    app.sql("UPDATE accounts SET disabled_at = 1 WHERE email = 'ada@example.com'")
        .await;
    let res = sign_in_with_passkey(&app, &stranger, &mut phone).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.whoami(&stranger).await, Value::Null);
}

async fn passkeys_are_their_owners_own(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let mut phone = Authenticator::new();
    let added = add_passkey(&app, &app.client, &mut phone, "Phone").await;
    let id = added["id"].as_str().unwrap();

    // A name is needed, on one line.
    let ceremony: Value = app.call_ok(&app.client, "begin_passkey", &[]).await;
    let credential = Authenticator::new()
        .register(&options(&ceremony), &app.base)
        .unwrap();
    let res = app
        .call(
            &app.client,
            "add_passkey",
            &[
                ("ceremony", ceremony["ceremony"].as_str().unwrap()),
                ("name", " "),
                ("credential", &credential.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        field_message(&body, "name").as_deref(),
        Some("Enter a name for the passkey.")
    );

    // Bob cannot see, remove or finish a registration of Ada's.
    let bob = app.new_person("bob@example.com").await;
    let theirs: Vec<Value> = app.call_ok(&bob, "my_passkeys", &[]).await;
    assert!(theirs.is_empty());
    let res = app.call(&bob, "remove_passkey", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let ceremony: Value = app.call_ok(&app.client, "begin_passkey", &[]).await;
    let credential = Authenticator::new()
        .register(&options(&ceremony), &app.base)
        .unwrap();
    let res = app
        .call(
            &bob,
            "add_passkey",
            &[
                ("ceremony", ceremony["ceremony"].as_str().unwrap()),
                ("name", "Sneaky"),
                ("credential", &credential.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let theirs: Vec<Value> = app.call_ok(&bob, "my_passkeys", &[]).await;
    assert!(theirs.is_empty());
    let signed_out = app.call(&new_client(), "begin_passkey", &[]).await;
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);

    // Removed, it signs nobody in.
    let res = app.call(&app.client, "remove_passkey", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mine: Vec<Value> = app.call_ok(&app.client, "my_passkeys", &[]).await;
    assert!(mine.is_empty());
    let browser = new_client();
    let res = sign_in_with_passkey(&app, &browser, &mut phone).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.whoami(&browser).await, Value::Null);
    let audit = "SELECT action FROM audit_log WHERE action LIKE 'account.passkey%' ORDER BY id";
    assert_eq!(
        app.query_strings(audit).await,
        ["account.passkey_added", "account.passkey_removed"]
    );
}

async fn an_authenticator_app_guards_adding_a_passkey(app: TestApp) {
    let laptop = new_client();
    let (mut authenticator_app, _) =
        crate::two_step::with_two_step(&app, &laptop, "careful@example.com").await;
    // Signed in again (password, code), then more than ten minutes pass:
    // adding a passkey, a new way in, asks for a code again.
    app.sql("UPDATE sessions SET second_factor_at = 1").await;
    let res = app.call(&laptop, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "second_factor_required", "{body}");
    let code = authenticator_app.code().await;
    app.call_ok::<()>(&laptop, "confirm_it_is_you", &[("code", &code)])
        .await;
    let mut phone = Authenticator::new();
    add_passkey(&app, &laptop, &mut phone, "Phone").await;

    // The passkey checked the person: no code is asked after it, and the
    // session counts as a fresh second factor.
    let browser = new_client();
    let res = sign_in_with_passkey(&app, &browser, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&browser).await["email"], "careful@example.com");
    let ceremony = app.call(&browser, "begin_passkey", &[]).await;
    assert_eq!(ceremony.status(), StatusCode::OK);
}

async fn a_portico_on_an_ip_address_has_no_passkeys(app: TestApp) {
    let available: bool = app.call_ok(&new_client(), "passkeys_available", &[]).await;
    assert!(!available);
    app.sign_up("ada@example.com").await;
    let list: Option<Vec<Value>> = app.call_ok(&app.client, "my_passkeys", &[]).await;
    assert_eq!(list, None);
    for function in ["begin_passkey", "begin_passkey_sign_in"] {
        let res = app.call(&app.client, function, &[]).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{function}");
        let body: Value = res.json().await.unwrap();
        let message = field_message(&body, "form").unwrap();
        assert!(message.contains("domain name"), "{message}");
    }
}

/// After a password, an account with an authenticator app may give one of
/// its passkeys in place of the code; a passkey that proves nothing counts
/// as a wrong code.
async fn a_passkey_stands_in_for_the_code(app: TestApp) {
    let laptop = new_client();
    let (_, _) = crate::two_step::with_two_step(&app, &laptop, "careful@example.com").await;
    let mut phone = Authenticator::new();
    add_passkey(&app, &laptop, &mut phone, "Phone").await;
    let second = |browser: &Client, function: &'static str, form: Vec<(&'static str, String)>| {
        let (app, browser) = (&app, browser.clone());
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&browser, function, &pairs).await
        }
    };

    // No sign-in waiting: nothing to offer, nothing to start.
    let stranger = new_client();
    let open: bool = app
        .call_ok(&stranger, "passkey_second_step_open", &[])
        .await;
    assert!(!open);
    let res = second(&stranger, "begin_passkey_second_step", vec![]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The password, then the passkey instead of the code.
    let browser = new_client();
    app.sign_in_with(&browser, "careful@example.com", PASSWORD)
        .await;
    assert_eq!(
        app.whoami(&browser).await,
        Value::Null,
        "a code or passkey comes first"
    );
    let open: bool = app.call_ok(&browser, "passkey_second_step_open", &[]).await;
    assert!(open);

    // Another key's signature is a wrong code.
    let ceremony: Value = app
        .call_ok(&browser, "begin_passkey_second_step", &[])
        .await;
    let allowed = options(&ceremony)["publicKey"]["allowCredentials"].clone();
    assert_eq!(allowed.as_array().map(Vec::len), Some(1), "{allowed}");
    let forged = phone
        .authenticate_with_wrong_key(&options(&ceremony), &app.base)
        .unwrap();
    let res = second(
        &browser,
        "passkey_second_step",
        vec![
            (
                "ceremony",
                ceremony["ceremony"].as_str().unwrap().to_owned(),
            ),
            ("credential", forged.to_string()),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = field_message(&body, "code").unwrap_or_else(|| panic!("{body}"));
    assert!(message.contains("did not confirm"), "{message}");
    assert_eq!(app.whoami(&browser).await, Value::Null);

    let ceremony: Value = app
        .call_ok(&browser, "begin_passkey_second_step", &[])
        .await;
    let answer = phone.authenticate(&options(&ceremony), &app.base).unwrap();
    let fields = vec![
        (
            "ceremony",
            ceremony["ceremony"].as_str().unwrap().to_owned(),
        ),
        ("credential", answer.to_string()),
        ("next", "/account".to_owned()),
    ];
    let res = second(&browser, "passkey_second_step", fields.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let to: String = res.json().await.unwrap();
    assert_eq!(to, "/account");
    assert_eq!(app.whoami(&browser).await["email"], "careful@example.com");
    let amr = "SELECT s.amr FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = 'careful@example.com'";
    assert!(
        app.query_strings(amr)
            .await
            .contains(&"pwd swk mfa".to_owned()),
        "{:?}",
        app.query_strings(amr).await
    );
    // The sign-in it finished is spent.
    let res = second(&browser, "passkey_second_step", fields).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
