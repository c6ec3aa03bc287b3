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
    a_passkey_confirms_it_is_you with &[(crate::helpers::TEST_HOST, "localhost")],
    under_the_policy_a_passkey_is_the_second_step with &[(crate::helpers::TEST_HOST, "localhost")],
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

/// Starts a ceremony with `begin` in `who`'s browser, has `sign` answer
/// its options, and sends the answer to `finish` with `more` fields; the
/// server's answer.
async fn passkey_answer(
    app: &TestApp,
    who: &Client,
    (begin, finish): (&str, &str),
    sign: impl FnOnce(&Value) -> Value,
    more: &[(&str, &str)],
) -> reqwest::Response {
    let ceremony: Value = app.call_ok(who, begin, &[]).await;
    let credential = sign(&options(&ceremony)).to_string();
    let mut form = vec![
        ("ceremony", ceremony["ceremony"].as_str().unwrap()),
        ("credential", credential.as_str()),
    ];
    form.extend_from_slice(more);
    app.call(who, finish, &form).await
}

/// `authenticator` answering a ceremony's options for `origin`.
fn signing<'a>(
    authenticator: &'a mut Authenticator,
    origin: &'a str,
) -> impl FnOnce(&Value) -> Value + 'a {
    move |options| {
        authenticator
            .authenticate(options, origin)
            .expect("the authenticator signs")
    }
}

const STEP_UP: (&str, &str) = ("begin_passkey_step_up", "passkey_step_up");

/// "Confirm it is you" in `who`'s session with one of `authenticator`'s
/// passkeys; the server's answer.
pub(crate) async fn confirm_with_passkey(
    app: &TestApp,
    who: &Client,
    authenticator: &mut Authenticator,
) -> reqwest::Response {
    passkey_answer(app, who, STEP_UP, signing(authenticator, &app.base), &[]).await
}

/// Signs `browser` in with whichever passkey `authenticator` offers; the
/// server's answer.
pub(crate) async fn sign_in_with_passkey(
    app: &TestApp,
    browser: &Client,
    authenticator: &mut Authenticator,
) -> reqwest::Response {
    let ends = ("begin_passkey_sign_in", "passkey_sign_in");
    let sign = signing(authenticator, &app.base);
    passkey_answer(app, browser, ends, sign, &[("next", "/clients")]).await
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
    // Another passkey is another way in: the first one confirms it is her.
    let res = confirm_with_passkey(&app, &app.client, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);
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
    let res = confirm_with_passkey(&app, &app.client, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);

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

    // Renamed by her, not by him; a name is checked as when adding.
    let res = app
        .call(&bob, "rename_passkey", &[("id", id), ("name", "Bob's now")])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .call(&app.client, "rename_passkey", &[("id", id), ("name", "\n")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let renamed: Value = app
        .call_ok(
            &app.client,
            "rename_passkey",
            &[("id", id), ("name", " Pixel 9 ")],
        )
        .await;
    assert_eq!(renamed["name"], "Pixel 9");
    let mine: Vec<Value> = app.call_ok(&app.client, "my_passkeys", &[]).await;
    assert_eq!(mine[0]["name"], "Pixel 9");

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
        [
            "account.passkey_added",
            "account.passkey_renamed",
            "account.passkey_removed"
        ]
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
    let ways: Value = app.call_ok(&stranger, "second_step_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": false, "passkey": false }));
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
    let ways: Value = app.call_ok(&browser, "second_step_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": true, "passkey": true }));

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

async fn a_passkey_confirms_it_is_you(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let mut phone = Authenticator::new();
    add_passkey(&app, &app.client, &mut phone, "Phone").await;
    // Signed in with her password only: a change that hands out keys (here
    // another passkey) asks her to confirm it is her, with the passkey.
    let res = app.call(&app.client, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "second_factor_required", "{body}");
    let ways: Value = app.call_ok(&app.client, "step_up_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": false, "passkey": true }));

    // A signature by another key confirms nothing.
    let forged = |options: &Value| {
        phone
            .authenticate_with_wrong_key(options, &app.base)
            .unwrap()
    };
    let res = passkey_answer(&app, &app.client, STEP_UP, forged, &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = field_message(&body, "form").unwrap();
    assert!(message.contains("did not confirm"), "{message}");
    let res = app.call(&app.client, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Bob cannot finish Ada's step-up, nor spend it for her.
    let bob = app.new_person("bob@example.com").await;
    let ceremony: Value = app.call_ok(&app.client, "begin_passkey_step_up", &[]).await;
    let credential = phone
        .authenticate(&options(&ceremony), &app.base)
        .unwrap()
        .to_string();
    let answer = [
        ("ceremony", ceremony["ceremony"].as_str().unwrap()),
        ("credential", credential.as_str()),
    ];
    let res = app.call(&bob, "passkey_step_up", &answer).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app.call(&app.client, "passkey_step_up", &answer).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a ceremony is spent once"
    );

    // Her own passkey: for ten minutes the changes go through, and the
    // session says how she proved it (RFC 8176).
    let res = confirm_with_passkey(&app, &app.client, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.call(&app.client, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let amr = "SELECT s.amr FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = 'ada@example.com'";
    assert_eq!(app.query_strings(amr).await, ["pwd swk mfa"]);
    app.sql("UPDATE sessions SET second_factor_at = 1").await;
    let res = app.call(&app.client, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "ten minutes later");

    // Someone without a passkey (or app) is asked for nothing.
    let res = app.call(&bob, "begin_passkey", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ways: Value = app.call_ok(&bob, "step_up_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": false, "passkey": false }));
    let res = app.call(&bob, "begin_passkey_step_up", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// Where the admins require two-step sign-in, a passkey meets it: a
/// password sign-in then asks for the passkey (there is no code to give),
/// and an admin's reset removes it.
async fn under_the_policy_a_passkey_is_the_second_step(app: TestApp) {
    app.make_admin("root@example.com").await;
    let root = new_client();
    app.sign_in_with(&root, "root@example.com", PASSWORD).await;
    let dev = app.new_person("dev@example.com").await;
    let res = app
        .call(
            &root,
            "save_sign_in_policy",
            &[("two_step_for_developers", "on"), ("grace_days", "7")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );

    // A developer in the grace period adds a passkey: the reminder goes.
    assert!(app.whoami(&dev).await["two_step_due"].is_i64());
    let mut phone = Authenticator::new();
    add_passkey(&app, &dev, &mut phone, "Phone").await;
    assert_eq!(app.whoami(&dev).await["two_step_due"], Value::Null);

    // The password alone signs nobody in now; the code step takes the
    // passkey only.
    let laptop = new_client();
    let res = app.sign_in_with(&laptop, "dev@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&laptop).await, Value::Null);
    let ways: Value = app.call_ok(&laptop, "second_step_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": false, "passkey": true }));
    let res = app
        .call(&laptop, "sign_in_code", &[("code", "123456")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.whoami(&laptop).await, Value::Null);
    let ends = ("begin_passkey_second_step", "passkey_second_step");
    let sign = |options: &Value| phone.authenticate(options, &app.base).unwrap();
    let res = passkey_answer(&app, &laptop, ends, sign, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = app.whoami(&laptop).await;
    assert_eq!(me["email"], "dev@example.com");
    assert_eq!(me["two_step_due"], Value::Null);

    // Someone the policy does not cover keeps the password as a way in.
    let end_user = new_client();
    app.sign_up_with(&end_user, "eve@example.com", PASSWORD)
        .await;
    app.sql("UPDATE accounts SET is_developer = 0 WHERE email = 'eve@example.com'")
        .await;
    let mut eves = Authenticator::new();
    add_passkey(&app, &end_user, &mut eves, "Eve's phone").await;
    let browser = new_client();
    app.sign_in_with(&browser, "eve@example.com", PASSWORD)
        .await;
    assert_eq!(app.whoami(&browser).await["email"], "eve@example.com");

    // Her only second step stays while it is required.
    let mine: Vec<Value> = app.call_ok(&laptop, "my_passkeys", &[]).await;
    let id = mine[0]["id"].as_str().unwrap();
    let res = app.call(&laptop, "remove_passkey", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = field_message(&body, "form").unwrap();
    assert!(message.contains("require two-step sign-in"), "{message}");

    // The phone is lost: an admin's reset removes the passkey, and the
    // next password sign-in starts a grace period again.
    let page: Value = app.call_ok(&root, "list_accounts", &[("q", "dev@")]).await;
    let row = &page["accounts"][0];
    assert_eq!(row["two_step"], true, "{page}");
    let id = row["account_id"].as_str().unwrap();
    let res = app
        .call(&root, "reset_two_step", &[("account_id", id)])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let left = "SELECT name FROM passkeys p JOIN accounts a ON a.id = p.account_id WHERE a.email = 'dev@example.com'";
    assert!(app.query_strings(left).await.is_empty());
    let again = new_client();
    app.sign_in_with(&again, "dev@example.com", PASSWORD).await;
    let me = app.whoami(&again).await;
    assert_eq!(me["email"], "dev@example.com");
    assert!(me["two_step_due"].is_i64(), "{me}");
}
