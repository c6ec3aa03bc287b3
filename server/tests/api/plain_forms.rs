//! Pages sent without the bundle (one's account, the admins' approvals,
//! clients and scopes) work as plain HTML forms: a post comes back to the
//! page it was sent from, with `?done=` after a success (and without the
//! confirmation it was sent from), with the error after a failure; and
//! "confirm it is you" asked there works as a plain form too; a value
//! shown once reaches the page it comes back to, once.

use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::{Client, StatusCode};

use crate::helpers::{ClientForm, TestApp};
use crate::on_both_backends;

on_both_backends!(
    the_account_page_works_as_plain_forms,
    an_admin_confirms_in_the_address_and_comes_back_without_the_dialog,
    confirm_it_is_you_works_on_a_light_page,
    a_new_secret_reaches_its_page_once,
    two_step_sign_in_is_set_up_on_the_light_security_page,
);

/// A form sent by a browser without JavaScript from the page at `from`:
/// where the answer leads.
pub(crate) async fn post_from(
    app: &TestApp,
    who: &Client,
    from: &str,
    function: &str,
    form: &[(&str, &str)],
) -> String {
    let res = who
        .post(app.url(&format!("/api/ui/{function}")))
        .header(ACCEPT, "text/html")
        .header(REFERER, app.url(from))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND, "{function} from {from}");
    res.headers()[LOCATION].to_str().unwrap().to_owned()
}

pub(crate) async fn page(app: &TestApp, who: &Client, path: &str) -> String {
    let res = who
        .get(app.url(path))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let body = res.text().await.unwrap();
    assert!(!body.contains(".wasm"), "{path} comes without the bundle");
    body
}

async fn the_account_page_works_as_plain_forms(app: TestApp) {
    let ada = app.new_person("ada@example.com").await;
    page(&app, &ada, "/account").await;

    let back = post_from(
        &app,
        &ada,
        "/account",
        "update_profile",
        &[("display_name", "Ada Lovelace")],
    )
    .await;
    assert_eq!(back, "/account?done=update_profile");
    let body = page(&app, &ada, &back).await;
    assert!(body.contains("Your name was saved."));
    assert!(body.contains("value=\"Ada Lovelace\""));

    // A name that breaks the rules comes back as the field's message,
    // and the saved name stays.
    let back = post_from(
        &app,
        &ada,
        &back,
        "update_profile",
        &[("display_name", "  ")],
    )
    .await;
    assert!(
        back.starts_with("/account?__path=") && back.contains("&__err="),
        "{back}"
    );
    assert!(!back.contains("done="), "{back}");
    let body = page(&app, &ada, &back).await;
    let message = app::domain::DisplayName::parse("  ").unwrap_err();
    assert!(body.contains(&message), "{message}");
    assert!(!body.contains("Your name was saved."));
    assert!(body.contains("value=\"Ada Lovelace\""));

    // The error in the address is signed: a link that writes its own (or
    // drops the signature) shows no error at all.
    let (unsigned, _) = back.split_once("&__sig=").expect("signed");
    let body = page(&app, &ada, unsigned).await;
    assert!(!body.contains(&message), "an unsigned error is not shown");
}

async fn an_admin_confirms_in_the_address_and_comes_back_without_the_dialog(app: TestApp) {
    let (admin, id, _) = crate::approvals::pending_client(&app).await;
    for path in ["/admin/approvals", "/admin/clients", "/admin/scopes"] {
        page(&app, &admin, path).await;
    }
    let client_page = format!("/admin/clients/{id}");
    let asking = format!("{client_page}?confirm=suspend.{id}");
    let body = page(&app, &admin, &asking).await;
    assert!(body.contains("<dialog"), "the dialog is drawn open");

    // Without a reason the dialog comes back with its message.
    let suspend = |reason| {
        [
            ("client_id", id.as_str()),
            ("suspended", "true"),
            ("reason", reason),
        ]
    };
    let back = post_from(&app, &admin, &asking, "set_suspended", &suspend("")).await;
    assert!(
        back.contains("confirm=suspend.") && back.contains("__err="),
        "{back}"
    );
    let body = page(&app, &admin, &back).await;
    assert!(body.contains("<dialog") && body.contains("role=\"alert\""));

    // With one it is done: back on the client's page, no dialog.
    let back = post_from(
        &app,
        &admin,
        &asking,
        "set_suspended",
        &suspend("Leaked secret"),
    )
    .await;
    assert_eq!(back, format!("{client_page}?done=set_suspended"));
    let body = page(&app, &admin, &back).await;
    assert!(!body.contains("<dialog"));
    assert!(body.contains("Reason given: Leaked secret"));

    // A scope saved from the catalog says so.
    let form = [
        ("name", "wallet:create"),
        ("description", "Create wallets in your name"),
        ("resource", "wallet"),
        ("requires_approval", "on"),
        ("enabled", "on"),
    ];
    let back = post_from(&app, &admin, "/admin/scopes", "save_scope", &form).await;
    assert_eq!(back, "/admin/scopes?done=save_scope");
    let body = page(&app, &admin, &back).await;
    assert!(body.contains("Saved.") && body.contains("Create wallets in your name"));
}

/// An admin whose authenticator app gave no code lately changes a role
/// from `/admin/accounts`, sent without the bundle: "confirm it is you"
/// comes in the dialog; without a script its button posts the dialog's
/// form (and the code) to `confirm_it_is_you`, which comes back to the
/// dialog, and the change then goes through.
async fn confirm_it_is_you_works_on_a_light_page(app: TestApp) {
    let root = crate::helpers::new_client();
    let (mut phone, _) = crate::two_step::with_two_step(&app, &root, "root@example.com").await;
    app.make_admin("root@example.com").await;
    let bob = app.new_person("bob@example.com").await;
    let bob_id = app.whoami(&bob).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.sql("UPDATE sessions SET second_factor_at = 1").await;

    let asking = format!("/admin/accounts?confirm=grant-admin.{bob_id}");
    let body = page(&app, &root, &asking).await;
    assert!(body.contains("<dialog"));
    let grant = [
        ("account_id", bob_id.as_str()),
        ("developer", "true"),
        ("admin", "true"),
    ];
    let back = post_from(&app, &root, &asking, "set_roles", &grant).await;
    assert!(
        back.contains("confirm=grant-admin.") && back.contains("__err="),
        "{back}"
    );
    let body = page(&app, &root, &back).await;
    assert!(body.contains("data-step-up"), "the dialog asks");
    assert!(body.contains("name=\"code\""));
    assert!(body.contains("formaction=\"/api/ui/confirm_it_is_you\""));

    // The button posts the dialog's whole form, with the code: a used
    // code is refused, a new one vouches, and the dialog stays open.
    let with_code = |code: String| {
        let mut form = grant.map(|(k, v)| (k, v.to_owned())).to_vec();
        form.push(("code", code));
        form
    };
    let used = with_code(phone.last_code());
    let refused = post_from_owned(&app, &root, &back, "confirm_it_is_you", &used).await;
    assert!(refused.contains("__err="), "{refused}");
    let fresh = with_code(phone.code().await);
    let confirmed = post_from_owned(&app, &root, &back, "confirm_it_is_you", &fresh).await;
    assert_eq!(
        confirmed,
        format!("/admin/accounts?confirm=grant-admin.{bob_id}&done=confirm_it_is_you")
    );
    let body = page(&app, &root, &confirmed).await;
    assert!(body.contains("<dialog") && !body.contains("data-step-up"));

    let done = post_from(&app, &root, &confirmed, "set_roles", &grant).await;
    assert_eq!(done, "/admin/accounts?done=set_roles");
    assert_eq!(app.whoami(&bob).await["is_admin"], true);
}

/// `post_from` with owned values.
async fn post_from_owned(
    app: &TestApp,
    who: &Client,
    from: &str,
    function: &str,
    form: &[(&str, String)],
) -> String {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_from(app, who, from, function, &form).await
}

/// The text of the element marked `data-testid="{test_id}"`.
fn text_of(body: &str, test_id: &str) -> Option<String> {
    let at = body.find(&format!("data-testid=\"{test_id}\""))?;
    let start = at + body[at..].find('>')? + 1;
    let end = start + body[start..].find('<')?;
    Some(body[start..end].to_owned())
}

async fn a_new_secret_reaches_its_page_once(app: TestApp) {
    app.sign_up("ada@example.com").await;
    let client = app
        .create_client(&app.client, &ClientForm::service("shop"))
        .await;
    let secrets = format!("/clients/{}/secrets", client.client_id);
    page(&app, &app.client, &secrets).await;

    let res = app
        .client
        .post(app.url("/api/ui/create_secret"))
        .header(ACCEPT, "text/html")
        .header(REFERER, app.url(&secrets))
        .form(&[
            ("client_id", client.client_id.as_str()),
            ("description", "production"),
            ("expiry", "6"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{secrets}?done=create_secret"));
    let cookie = res.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("portico_answer=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // The value is in neither the redirect nor its address.
    assert!(res.text().await.unwrap().is_empty());

    let body = page(&app, &app.client, &back).await;
    let value = text_of(&body, app::ids::SECRET_VALUE).expect("the new secret is shown");
    assert_eq!(value.len(), 43, "{value}");
    let listed = app.list_secrets(&app.client, &client.client_id).await;
    assert_eq!(listed.len(), 1);
    assert!(
        value.starts_with(&listed[0].hint),
        "the secret made is the one shown"
    );
    assert!(!cookie.contains(&value));

    // Shown once: the same page again, or the address it came back to,
    // has only the list.
    for path in [&secrets, &back] {
        let again = page(&app, &app.client, path).await;
        assert!(text_of(&again, app::ids::SECRET_VALUE).is_none(), "{path}");
        assert!(!again.contains(&value), "{path}");
    }
}

/// The recovery codes a page shows (none: an empty list).
pub(crate) fn recovery_codes(body: &str) -> Vec<String> {
    let Some(at) = body.find(&format!(
        "data-testid=\"{}\"",
        app::ids::TWO_STEP_RECOVERY_CODES
    )) else {
        return Vec::new();
    };
    let list = &body[at..at + body[at..].find("</ul>").unwrap_or(0)];
    list.split("<li>")
        .skip(1)
        .filter_map(|item| item.split('<').next())
        .map(str::to_owned)
        .collect()
}

async fn two_step_sign_in_is_set_up_on_the_light_security_page(app: TestApp) {
    let ada = app.new_person("ada@example.com").await;
    let security = "/account/security";
    let body = page(&app, &ada, security).await;
    assert!(text_of(&body, app::ids::TWO_STEP_SECRET).is_none());

    // Started: the page it comes back to shows the key to scan, and shows
    // it again (a reload) until a code turns it on.
    let back = post_from(&app, &ada, security, "start_two_step", &[]).await;
    assert_eq!(back, format!("{security}?done=start_two_step"));
    let body = page(&app, &ada, &back).await;
    let secret = text_of(&body, app::ids::TWO_STEP_SECRET).expect("the key is shown");
    assert!(body.contains("<svg"), "the QR code");
    let again = page(&app, &ada, security).await;
    assert_eq!(
        text_of(&again, app::ids::TWO_STEP_SECRET),
        Some(secret.clone())
    );
    let mut phone = crate::two_step::Phone::from_setup(&serde_json::json!({ "secret": secret }));

    // A wrong code: the same key, the error.
    let now = crate::two_step::Phone::from_setup(&serde_json::json!({ "secret": secret }))
        .code()
        .await;
    let wrong = if now == "000000" { "111111" } else { "000000" };
    let back = post_from(&app, &ada, security, "confirm_two_step", &[("code", wrong)]).await;
    assert!(back.contains("__err="), "{back}");
    let body = page(&app, &ada, &back).await;
    assert!(
        body.contains("That code is not right"),
        "the field's message"
    );
    assert_eq!(text_of(&body, app::ids::TWO_STEP_SECRET), Some(secret));

    // The right one: on, and the recovery codes shown once.
    let code = phone.code().await;
    let back = post_from(&app, &ada, security, "confirm_two_step", &[("code", &code)]).await;
    assert_eq!(back, format!("{security}?done=confirm_two_step"));
    let body = page(&app, &ada, &back).await;
    let codes = recovery_codes(&body);
    assert_eq!(codes.len(), 10, "{body}");
    assert!(body.contains("On since"));
    assert!(text_of(&body, app::ids::TWO_STEP_SECRET).is_none());
    let again = page(&app, &ada, &back).await;
    assert!(recovery_codes(&again).is_empty() && !again.contains(&codes[0]));
    // They work: one turns it off (a plain form too).
    let back = post_from(
        &app,
        &ada,
        security,
        "turn_off_two_step",
        &[("code", &codes[0])],
    )
    .await;
    assert_eq!(back, format!("{security}?done=turn_off_two_step"));
    let body = page(&app, &ada, &back).await;
    assert!(body.contains("Two-step sign-in is off"));
}
