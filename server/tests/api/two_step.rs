//! Two-step sign-in with an authenticator app: setting it up, the code
//! after the password, recovery codes, replayed and guessed codes, and
//! turning it off.

use reqwest::{Client, StatusCode};
use serde_json::Value;
use server::crypto::totp;

use crate::helpers::{ClientForm, PASSWORD, TestApp, new_client};
use crate::on_both_backends;

on_both_backends!(
    an_authenticator_guards_the_sign_in,
    recovery_codes_work_once_and_guessing_ends_the_attempt,
    changes_that_hand_out_keys_want_a_recent_code,
    admins_reset_a_lost_authenticator,
);

/// The authenticator app: the secret it was given, and the last step
/// whose code it showed (a code works once, so each use takes a new one).
pub(crate) struct Phone {
    secret: Vec<u8>,
    last: i64,
}

impl Phone {
    pub(crate) fn from_setup(setup: &Value) -> Self {
        let typed = setup["secret"].as_str().expect("secret").replace(' ', "");
        Self {
            secret: base32_decode(&typed),
            last: i64::MIN,
        }
    }

    /// A code nobody used yet that the server still takes (one step of
    /// drift either side), waiting for the next step when all are used.
    pub(crate) async fn code(&mut self) -> String {
        loop {
            let now = totp::step_at(unix_now());
            let step = (self.last + 1).max(now - 1);
            if step <= now + 1 {
                self.last = step;
                return totp::code_at_step(&self.secret, step);
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }

    /// The code the app showed last: already used.
    pub(crate) fn last_code(&self) -> String {
        totp::code_at_step(&self.secret, self.last)
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut buffer, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in text.chars() {
        buffer = (buffer << 5) | ALPHABET.find(c).expect("base32") as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// Signs up `email` and turns two-step sign-in on; the phone and the
/// recovery codes.
pub(crate) async fn with_two_step(
    app: &TestApp,
    who: &Client,
    email: &str,
) -> (Phone, Vec<String>) {
    app.sign_up_with(who, email, PASSWORD).await;
    let setup: Value = app.call_ok(who, "start_two_step", &[]).await;
    let mut phone = Phone::from_setup(&setup);
    let code = phone.code().await;
    let codes: Vec<String> = app
        .call_ok(who, "confirm_two_step", &[("code", &code)])
        .await;
    (phone, codes)
}

async fn error_of(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body.to_string()
}

async fn an_authenticator_guards_the_sign_in(app: TestApp) {
    let laptop = new_client();
    app.sign_up_with(&laptop, "erin@example.com", PASSWORD)
        .await;
    let status: Value = app.call_ok(&laptop, "two_step_status", &[]).await;
    assert_eq!(status["on_since"], Value::Null);

    // Setting up: a secret to type, the address the QR code holds, the
    // QR code itself; nothing changes for sign-in until a code proves it.
    let setup: Value = app.call_ok(&laptop, "start_two_step", &[]).await;
    let uri = setup["uri"].as_str().unwrap();
    assert!(
        uri.starts_with(
            "otpauth://totp/Portico%20%28127%2E0%2E0%2E1%29:erin%40example%2Ecom?secret="
        ),
        "{uri}"
    );
    assert!(
        setup["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || setup["qr_svg"].as_str().unwrap().contains("<svg")
    );
    let mut phone = Phone::from_setup(&setup);
    assert_eq!(phone.secret.len(), totp::SECRET_LEN);
    let res = app
        .sign_in_with(&new_client(), "erin@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK, "not on yet");

    let wrong = if phone.code().await == "000000" {
        "111111"
    } else {
        "000000"
    };
    phone.last -= 1; // that code was not spent
    let res = app
        .call(&laptop, "confirm_two_step", &[("code", wrong)])
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("code"), "{body}");
    let code = phone.code().await;
    let codes: Vec<String> = app
        .call_ok(&laptop, "confirm_two_step", &[("code", &code)])
        .await;
    assert_eq!(codes.len(), 10);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'),
        "{codes:?}"
    );
    let status: Value = app.call_ok(&laptop, "two_step_status", &[]).await;
    assert!(status["on_since"].as_i64().is_some(), "{status}");
    assert_eq!(status["recovery_codes_left"], 10);
    // A second app is not set up over the first.
    let res = app.call(&laptop, "start_two_step", &[]).await;
    error_of(res, StatusCode::BAD_REQUEST).await;

    // The password alone no longer signs in: no session, a short-lived
    // challenge cookie, and the way on to the code page.
    let phone_browser = new_client();
    let res = app
        .sign_in_with(&phone_browser, "erin@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("portico_sign_in="))
        .expect("challenge cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=900"),
        "{cookie}"
    );
    assert!(
        res.headers()
            .get("location")
            .is_some_and(|l| l.to_str().unwrap().starts_with("/login/code")),
        "{:?}",
        res.headers()
    );
    assert_eq!(res.json::<Value>().await.unwrap(), Value::Null);
    assert_eq!(app.whoami(&phone_browser).await, Value::Null);
    // The code already used to turn it on does not work again.
    let res = app
        .call(
            &phone_browser,
            "sign_in_code",
            &[("code", &phone.last_code())],
        )
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("not right"), "{body}");
    let code = phone.code().await;
    let res = app
        .call(&phone_browser, "sign_in_code", &[("code", &code)])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(
        app.whoami(&phone_browser).await["email"],
        "erin@example.com"
    );
    // Its session says it took a code; the password-only one does not.
    let list: Vec<Value> = app.call_ok(&phone_browser, "my_sessions", &[]).await;
    let current = list.iter().find(|s| s["current"] == true).unwrap();
    assert_eq!(current["with_code"], true, "{list:?}");
    assert!(list.iter().any(|s| s["with_code"] == false), "{list:?}");
    // The challenge is spent: the same cookie does not sign in twice.
    let res = app
        .call(
            &phone_browser,
            "sign_in_code",
            &[("code", &phone.code().await)],
        )
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("expired"), "{body}");

    // New recovery codes take an app code, never a recovery code.
    let res = app
        .call(&laptop, "new_recovery_codes", &[("code", &codes[0])])
        .await;
    error_of(res, StatusCode::BAD_REQUEST).await;
    let fresh: Vec<String> = app
        .call_ok(
            &laptop,
            "new_recovery_codes",
            &[("code", &phone.code().await)],
        )
        .await;
    assert_eq!(fresh.len(), 10);
    assert!(fresh.iter().all(|c| !codes.contains(c)));

    // Turning it off takes a code too; then the password is enough.
    let res = app
        .call(&laptop, "turn_off_two_step", &[("code", "123")])
        .await;
    error_of(res, StatusCode::BAD_REQUEST).await;
    let res = app
        .call(&laptop, "turn_off_two_step", &[("code", &fresh[3])])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let status: Value = app.call_ok(&laptop, "two_step_status", &[]).await;
    assert_eq!(status["on_since"], Value::Null);
    let plain = new_client();
    let res = app.sign_in_with(&plain, "erin@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&plain).await["email"], "erin@example.com");

    // The audit log has both changes.
    let admin = new_client();
    app.make_admin("root@example.com").await;
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let page: Value = app
        .call_ok(
            &admin,
            "audit_log",
            &[("query[action]", "account.two_step_on")],
        )
        .await;
    assert_eq!(page["entries"].as_array().unwrap().len(), 1, "{page}");
    let page: Value = app
        .call_ok(
            &admin,
            "audit_log",
            &[("query[action]", "account.two_step_off")],
        )
        .await;
    assert_eq!(page["entries"].as_array().unwrap().len(), 1, "{page}");
}

async fn recovery_codes_work_once_and_guessing_ends_the_attempt(app: TestApp) {
    let (_, codes) = with_two_step(&app, &new_client(), "finn@example.com").await;

    // A recovery code, typed any way, signs in once.
    let first = new_client();
    app.sign_in_with(&first, "finn@example.com", PASSWORD).await;
    let typed = codes[0].to_uppercase().replace('-', " ");
    let res = app.call(&first, "sign_in_code", &[("code", &typed)]).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(app.whoami(&first).await["email"], "finn@example.com");
    let second = new_client();
    app.sign_in_with(&second, "finn@example.com", PASSWORD)
        .await;
    let res = app
        .call(&second, "sign_in_code", &[("code", &codes[0])])
        .await;
    error_of(res, StatusCode::BAD_REQUEST).await;
    let status: Value = app.call_ok(&first, "two_step_status", &[]).await;
    assert_eq!(status["recovery_codes_left"], 9);

    // Five wrong codes end the attempt: even the right one is refused
    // until the password is typed again.
    let (mut phone, _) = with_two_step(&app, &new_client(), "gia@example.com").await;
    let guesser = new_client();
    app.sign_in_with(&guesser, "gia@example.com", PASSWORD)
        .await;
    let mut last = String::new();
    for guess in ["000001", "000002", "000003", "000004", "000005"] {
        let res = app.call(&guesser, "sign_in_code", &[("code", guess)]).await;
        last = error_of(res, StatusCode::BAD_REQUEST).await;
    }
    assert!(last.contains("Too many wrong codes"), "{last}");
    let res = app
        .call(&guesser, "sign_in_code", &[("code", &phone.code().await)])
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("expired"), "{body}");
    assert_eq!(app.whoami(&guesser).await, Value::Null);
    // Nor does the password buy new guesses: the account's codes are
    // limited like its passwords, whichever attempt they come in.
    app.sign_in_with(&guesser, "gia@example.com", PASSWORD)
        .await;
    let res = app
        .call(&guesser, "sign_in_code", &[("code", &phone.code().await)])
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);

    // No challenge at all (no password first): nothing to answer.
    let res = app
        .call(
            &new_client(),
            "sign_in_code",
            &[("code", &phone.code().await)],
        )
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("expired"), "{body}");

    // A wrong password still says only that.
    let res = app
        .sign_in_with(&new_client(), "finn@example.com", "not the password at all")
        .await;
    let body = error_of(res, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("Email or password is wrong"), "{body}");
}

/// A secret (and the other changes that hand out keys) wants a code from
/// the last 10 minutes in this session once the account has an
/// authenticator: a session from before it was turned on, or one whose
/// code is older, is asked to confirm first.
async fn changes_that_hand_out_keys_want_a_recent_code(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let form = ClientForm::new("web", "Web shop", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid"])
        .redirect_uris(&["http://127.0.0.1/callback"]);
    let client = app.create_client(&app.client, &form).await;
    let secret = |who: &Client| {
        let id = client.client_id.clone();
        let who = who.clone();
        let app = &app;
        async move {
            app.call(
                &who,
                "create_secret",
                &[("client_id", id.as_str()), ("description", "ci")],
            )
            .await
        }
    };
    // Without an authenticator nothing more is asked.
    assert_eq!(secret(&app.client).await.status(), StatusCode::OK);

    // Turned on in another browser: this older session must confirm.
    let phone_browser = new_client();
    app.sign_in_with(&phone_browser, "dev@example.com", PASSWORD)
        .await;
    let setup: Value = app.call_ok(&phone_browser, "start_two_step", &[]).await;
    let mut phone = Phone::from_setup(&setup);
    let code = phone.code().await;
    let _: Vec<String> = app
        .call_ok(&phone_browser, "confirm_two_step", &[("code", &code)])
        .await;
    // The browser that just typed a code may go on.
    assert_eq!(secret(&phone_browser).await.status(), StatusCode::OK);
    let res = secret(&app.client).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "second_factor_required", "{body}");
    // A wrong code does not confirm; a right one does, for this session.
    let res = app
        .call(
            &app.client,
            "confirm_it_is_you",
            &[("code", &phone.last_code())],
        )
        .await;
    error_of(res, StatusCode::BAD_REQUEST).await;
    let res = app
        .call(
            &app.client,
            "confirm_it_is_you",
            &[("code", &phone.code().await)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(secret(&app.client).await.status(), StatusCode::OK);

    // Ten minutes later it asks again.
    sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 601")
        .execute(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(secret(&app.client).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(secret(&phone_browser).await.status(), StatusCode::FORBIDDEN);
    // Other pages are not in the way.
    let res = app
        .call(
            &app.client,
            "list_secrets",
            &[("client_id", &client.client_id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// A lost phone and lost recovery codes: an admin removes the
/// authenticator (never their own), the list says who has one, the owner
/// signs in with the password again, and an admin with an authenticator
/// confirms it is them first.
async fn admins_reset_a_lost_authenticator(app: TestApp) {
    let erin = new_client();
    with_two_step(&app, &erin, "erin@example.com").await;
    let admin = new_client();
    app.make_admin("root@example.com").await;
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let row = |page: &Value| page["accounts"][0].clone();
    let page: Value = app
        .call_ok(&admin, "list_accounts", &[("q", "erin@")])
        .await;
    assert_eq!(row(&page)["two_step"], true, "{page}");
    let erin_id = row(&page)["account_id"].as_str().unwrap().to_owned();
    let root: Value = app.whoami(&admin).await;
    let root_id = root["account_id"].as_str().unwrap().to_owned();

    let reset = |who: &Client, id: &str| {
        let (who, id) = (who.clone(), id.to_owned());
        let app = &app;
        async move {
            app.call(&who, "reset_two_step", &[("account_id", id.as_str())])
                .await
        }
    };
    assert_eq!(reset(&erin, &erin_id).await.status(), StatusCode::FORBIDDEN);
    let body = error_of(reset(&admin, &root_id).await, StatusCode::BAD_REQUEST).await;
    assert!(body.contains("your account page"), "{body}");
    assert_eq!(
        reset(&admin, "no-such-account").await.status(),
        StatusCode::NOT_FOUND
    );

    let res = reset(&admin, &erin_id).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let page: Value = app
        .call_ok(&admin, "list_accounts", &[("q", "erin@")])
        .await;
    assert_eq!(row(&page)["two_step"], false, "{page}");
    let again = error_of(reset(&admin, &erin_id).await, StatusCode::BAD_REQUEST).await;
    assert!(again.contains("no two-step"), "{again}");
    let back = new_client();
    app.sign_in_with(&back, "erin@example.com", PASSWORD).await;
    assert_eq!(app.whoami(&back).await["email"], "erin@example.com");
    let audit: Value = app
        .call_ok(
            &admin,
            "audit_log",
            &[("query[action]", "account.two_step_reset")],
        )
        .await;
    assert_eq!(
        audit["entries"][0]["actor_email"], "root@example.com",
        "{audit}"
    );

    // An admin who has an authenticator confirms it is them first.
    with_two_step(&app, &new_client(), "gia@example.com").await;
    let setup: Value = app.call_ok(&admin, "start_two_step", &[]).await;
    let mut phone = Phone::from_setup(&setup);
    let _: Vec<String> = app
        .call_ok(&admin, "confirm_two_step", &[("code", &phone.code().await)])
        .await;
    let page: Value = app.call_ok(&admin, "list_accounts", &[("q", "gia@")]).await;
    let gia_id = row(&page)["account_id"].as_str().unwrap().to_owned();
    sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 601")
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let res = reset(&admin, &gia_id).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["kind"], "second_factor_required");
    let res = app
        .call(
            &admin,
            "confirm_it_is_you",
            &[("code", &phone.code().await)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(reset(&admin, &gia_id).await.status(), StatusCode::OK);
}
