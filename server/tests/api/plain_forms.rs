//! Pages sent without the bundle (one's account, the admins' approvals,
//! clients and scopes) work as plain HTML forms: a post comes back to the
//! page it was sent from, with `?done=` after a success (and without the
//! confirmation it was sent from), with the error after a failure.

use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::{Client, StatusCode};

use crate::helpers::TestApp;
use crate::on_both_backends;

on_both_backends!(
    the_account_page_works_as_plain_forms,
    an_admin_confirms_in_the_address_and_comes_back_without_the_dialog,
);

/// A form sent by a browser without JavaScript from the page at `from`:
/// where the answer leads.
async fn post_from(
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

async fn page(app: &TestApp, who: &Client, path: &str) -> String {
    let res = who.get(app.url(path)).send().await.unwrap();
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
