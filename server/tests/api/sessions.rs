//! A person's sessions on `/account/security` (browser, address, when seen; ending
//! one or all others) and an admin signing an account out everywhere.

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, new_client};
use crate::on_both_backends;

on_both_backends!(
    people_see_their_sessions_and_end_others,
    admins_sign_an_account_out_everywhere,
);

/// A browser that says what it is.
fn browser(user_agent: &str) -> Client {
    server::outbox::install_crypto_provider();
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .build()
        .expect("client")
}

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async fn sessions(app: &TestApp, who: &Client) -> Vec<Value> {
    let res = app.call(who, "my_sessions", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

async fn people_see_their_sessions_and_end_others(app: TestApp) {
    app.sign_up("erin@example.com").await;
    let (laptop, phone, tablet) = (browser(FIREFOX), browser(SAFARI), new_client());
    for who in [&laptop, &phone, &tablet] {
        let res = app.sign_in_with(who, "erin@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Someone else's session is never in the list.
    app.sign_up_with(&new_client(), "mallory@example.com", PASSWORD)
        .await;

    let list = sessions(&app, &laptop).await;
    assert_eq!(
        list.len(),
        4,
        "sign-up's session and three sign-ins: {list:?}"
    );
    let current: Vec<&Value> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["browser"], "Firefox on Linux");
    assert_eq!(current[0]["ip"], "127.0.0.1");
    assert!(current[0]["last_seen_at"].as_i64().is_some());
    // A client that sends no User-Agent is an unknown browser, seen too.
    app.whoami(&tablet).await;
    let list = sessions(&app, &laptop).await;
    let unknown = list
        .iter()
        .find(|s| s["browser"] == "Unknown browser" && s["last_seen_at"].is_i64())
        .expect("the tablet, seen");
    assert_eq!(unknown["current"], false);
    // The phone has been seen (it signed in and its requests carry the
    // cookie) once it calls; before, it says only when it began.
    sessions(&app, &phone).await;
    let list = sessions(&app, &laptop).await;
    let phone_row = list
        .iter()
        .find(|s| s["browser"] == "Safari on iPhone")
        .expect("the phone's session");
    assert_eq!(phone_row["current"], false);
    let reference = phone_row["reference"].as_str().unwrap().to_owned();
    assert_eq!(reference.len(), 16, "a short reference, not the key");
    assert!(list.iter().all(|s| s["reference"] != s["id_hash"]));

    // Ending this session from the list is refused (sign out does that);
    // an unknown reference is 404; the phone's session ends.
    let own = current_reference(&list);
    let res = app
        .call(&laptop, "end_session", &[("reference", &own)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(&laptop, "end_session", &[("reference", "0000000000000000")])
        .await;
    let status = res.status();
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "{}",
        res.text().await.unwrap()
    );
    let res = app
        .call(&laptop, "end_session", &[("reference", &reference)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.whoami(&phone).await,
        Value::Null,
        "the phone is signed out"
    );
    assert_eq!(app.whoami(&laptop).await["email"], "erin@example.com");

    // Mallory cannot end Erin's sessions, even knowing a reference.
    let mallory = new_client();
    app.sign_in_with(&mallory, "mallory@example.com", PASSWORD)
        .await;
    let tablet_ref = sessions(&app, &laptop)
        .await
        .into_iter()
        .find(|s| s["current"] == false)
        .map(|s| s["reference"].as_str().unwrap().to_owned())
        .unwrap();
    let res = app
        .call(&mallory, "end_session", &[("reference", &tablet_ref)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Everywhere else: only the laptop stays.
    let res = app.call(&laptop, "end_other_sessions", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<u64>().await.unwrap(), 2);
    assert_eq!(app.whoami(&tablet).await, Value::Null);
    let list = sessions(&app, &laptop).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["current"], true);
    // Signed out, the list is not there to see.
    let res = app.call(&phone, "my_sessions", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

fn current_reference(list: &[Value]) -> String {
    list.iter()
        .find(|s| s["current"] == true)
        .and_then(|s| s["reference"].as_str())
        .unwrap()
        .to_owned()
}

async fn admins_sign_an_account_out_everywhere(app: TestApp) {
    app.sign_up("erin@example.com").await;
    let erin_id = app.whoami(&app.client).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = browser(SAFARI);
    app.sign_in_with(&phone, "erin@example.com", PASSWORD).await;
    let admin = new_client();
    app.make_admin("root@example.com").await;
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;

    // The list says how many browsers are signed in.
    let page: Value = app
        .call_ok(&admin, "list_accounts", &[("q", "erin@")])
        .await;
    assert_eq!(page["accounts"][0]["live_sessions"], 2, "{page}");

    // Only admins; never their own sessions this way.
    let res = app
        .call(&phone, "end_account_sessions", &[("account_id", &erin_id)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let root_id = app.whoami(&admin).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .call(&admin, "end_account_sessions", &[("account_id", &root_id)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(
            &admin,
            "end_account_sessions",
            &[("account_id", "no-such-account")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = app
        .call(&admin, "end_account_sessions", &[("account_id", &erin_id)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<u64>().await.unwrap(), 2);
    assert_eq!(app.whoami(&phone).await, Value::Null);
    assert_eq!(app.whoami(&app.client).await, Value::Null);
    let page: Value = app
        .call_ok(&admin, "list_accounts", &[("q", "erin@")])
        .await;
    assert_eq!(page["accounts"][0]["live_sessions"], 0);
    // Erin signs in again as before; the audit log tells who did it.
    let res = app.sign_in_with(&phone, "erin@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let audit: Value = app
        .call_ok(
            &admin,
            "audit_log",
            &[("query[action]", "account.signed_out")],
        )
        .await;
    let entry = &audit["entries"][0];
    assert_eq!(entry["actor_email"], "root@example.com", "{audit}");
    let after: Value = serde_json::from_str(entry["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["sessions"], 2, "{audit}");
    assert_eq!(after["account_id"], erin_id.as_str());
}
