//! Admins require two-step sign-in of admins or developers: a grace
//! period with a reminder, then the set-up comes before any session.

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, new_client};
use crate::on_both_backends;
use crate::plain_forms::{page, post_from, recovery_codes};
use crate::two_step::Phone;

on_both_backends!(
    a_required_second_step_has_a_grace_period_then_comes_first,
    only_admins_set_the_policy_within_its_limits,
);

const DAY: i64 = 24 * 60 * 60;

async fn save_policy(app: &TestApp, admin: &Client, form: &[(&str, &str)]) -> Response {
    app.call(admin, "save_sign_in_policy", form).await
}

fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn a_required_second_step_has_a_grace_period_then_comes_first(app: TestApp) {
    app.make_admin("root@example.com").await;
    let root = new_client();
    app.sign_in_with(&root, "root@example.com", PASSWORD).await;
    let dev = app.new_person("dev@example.com").await;
    assert_eq!(app.whoami(&root).await["two_step_due"], Value::Null);

    // Required of admins, a week to set it up: the admin is reminded, the
    // developer is not, and signing in lands where it is set up.
    let res = save_policy(
        &app,
        &root,
        &[("two_step_for_admins", "on"), ("grace_days", "7")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let due = app.whoami(&root).await["two_step_due"].as_i64().unwrap();
    assert!((due - (now() + 7 * DAY)).abs() < 60, "{due}");
    assert_eq!(app.whoami(&dev).await["two_step_due"], Value::Null);
    let laptop = new_client();
    let res = app
        .sign_in_with(&laptop, "root@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(location(&res), "/account/security#two-step");
    assert_eq!(app.whoami(&laptop).await["two_step_due"], due);

    // Required of developers at once: not while that would sign out the
    // admin saving it, who sets it up first.
    let at_once = [
        ("two_step_for_admins", "on"),
        ("two_step_for_developers", "on"),
        ("grace_days", "0"),
    ];
    let res = save_policy(&app, &root, &at_once).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("sign you out"));
    let setup: Value = app.call_ok(&root, "start_two_step", &[]).await;
    let mut root_phone = Phone::from_setup(&setup);
    let code = root_phone.code().await;
    let _: Vec<String> = app
        .call_ok(&root, "confirm_two_step", &[("code", &code)])
        .await;
    assert_eq!(app.whoami(&root).await["two_step_due"], Value::Null);
    // The developer's session ends, and signing in sets up an
    // authenticator before any session.
    let res = save_policy(&app, &root, &at_once).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&dev).await, Value::Null, "session ended");
    assert_eq!(
        app.whoami(&laptop).await["email"],
        "root@example.com",
        "an admin with an authenticator stays signed in"
    );
    let res = app.sign_in_with(&dev, "dev@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        location(&res).starts_with("/set-up-two-step"),
        "{}",
        location(&res)
    );
    assert_eq!(app.whoami(&dev).await, Value::Null);
    // The set-up challenge is no sign-in code's challenge.
    let res = app.call(&dev, "sign_in_code", &[("code", "123456")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("expired"));

    let setup: Value = app.call_ok(&dev, "set_up_authenticator", &[]).await;
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    // Drawn again (a reload, the page back from a wrong code): the key
    // the app scanned, not a new one.
    let again: Value = app.call_ok(&dev, "set_up_authenticator", &[]).await;
    assert_eq!(again["secret"], setup["secret"]);
    let mut phone = Phone::from_setup(&setup);
    let code = phone.code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = app.call(&dev, "finish_set_up", &[("code", wrong)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("not right"));
    // Sent as the page's plain form: the page it comes back to, in the
    // session the code started, shows the recovery codes once.
    let from = "/set-up-two-step?next=%2Fclients";
    let back = post_from(&app, &dev, from, "finish_set_up", &[("code", &code)]).await;
    assert_eq!(back, format!("{from}&done=finish_set_up"));
    let body = page(&app, &dev, &back).await;
    let codes = recovery_codes(&body);
    assert_eq!(codes.len(), 10, "{body}");
    assert!(
        body.contains("href=\"/clients\""),
        "on to where the sign-in was going"
    );
    // Once: the page again has no sign-in to set up, and no codes.
    let again = dev.get(app.url(&back)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let body = again.text().await.unwrap();
    assert!(body.contains("Sign in again") && recovery_codes(&body).is_empty());
    assert!(!body.contains(&codes[0]));
    let me = app.whoami(&dev).await;
    assert_eq!(me["email"], "dev@example.com", "{me}");
    assert_eq!(me["two_step_due"], Value::Null);
    let status: Value = app.call_ok(&dev, "two_step_status", &[]).await;
    assert!(status["on_since"].as_i64().is_some(), "{status}");

    // While required, it stays on; the next sign-in asks for a code.
    let code = phone.code().await;
    let res = app
        .call(&dev, "turn_off_two_step", &[("code", &code)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("stays on"));
    let res = app
        .sign_in_with(&new_client(), "dev@example.com", PASSWORD)
        .await;
    assert!(
        location(&res).starts_with("/login/code"),
        "{}",
        location(&res)
    );

    // No longer required: it may be turned off again.
    let res = save_policy(&app, &root, &[("grace_days", "7")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let code = phone.code().await;
    let res = app
        .call(&dev, "turn_off_two_step", &[("code", &code)])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let audit: Value = app
        .call_ok(
            &root,
            "audit_log",
            &[("query[action]", "policy.sign_in_changed")],
        )
        .await;
    assert!(
        audit.to_string().contains("policy.sign_in_changed"),
        "{audit}"
    );
}

async fn only_admins_set_the_policy_within_its_limits(app: TestApp) {
    app.make_admin("root@example.com").await;
    let root = new_client();
    app.sign_in_with(&root, "root@example.com", PASSWORD).await;
    let dev = app.new_person("dev@example.com").await;
    let res = save_policy(&app, &dev, &[("grace_days", "7")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&dev, "sign_in_policy", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    for bad in ["91", "-1", "", "a week"] {
        let res = save_policy(&app, &root, &[("grace_days", bad)]).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert!(body.to_string().contains("grace_days"), "{body}");
    }
    let policy: Value = app.call_ok(&root, "sign_in_policy", &[]).await;
    assert_eq!(policy["two_step_for_admins"], false);
    assert_eq!(policy["grace_days"], 7);
    // Nobody mid-sign-in can set up an authenticator without a password.
    let res = app.call(&new_client(), "set_up_authenticator", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
