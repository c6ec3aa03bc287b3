//! Signing in through an upstream OpenID provider, with a second real
//! Portico as the provider (on `localhost`, the app on `127.0.0.1`, so the
//! browser's cookies stay apart): the whole redirect dance, accounts made
//! and linked, and every answer that must not sign anyone in.

use reqwest::{Client, StatusCode};
use serde_json::Value;
use url::Url;

use crate::helpers::{ClientForm, PASSWORD, TestApp, field_message, new_client, spawn_upstream};
use crate::on_both_backends;

on_both_backends!(
    a_person_signs_in_with_their_company_account,
    answers_that_cannot_be_trusted_sign_nobody_in,
    addresses_decide_who_gets_in_and_what_is_linked,
    only_admins_set_providers_and_every_field_is_checked,
    a_signed_in_person_links_and_unlinks_a_provider,
    providers_from_the_config_file_are_read_only_on_the_page,
    on_the_page_each_provider_form_shows_its_own_error,
);

const CALLBACK: &str = "/login/upstream/callback";

/// The company's identity provider (a second Portico) with Portico
/// registered there as a client, and the app's admin who added it as
/// "Corp SSO" (`corp`) with `tune` on top of the form.
async fn corp(app: &TestApp, tune: &[(&str, &str)]) -> (TestApp, Client) {
    let upstream = spawn_upstream().await;
    upstream.sign_up("it@corp.example").await;
    let form = ClientForm::new("portico", "Developer portal", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid", "profile", "email"])
        .redirect_uris(&[app.url(CALLBACK).as_str()]);
    let client = upstream.create_client(&upstream.client, &form).await;
    let secret = upstream
        .create_secret(&upstream.client, &client.client_id)
        .await;
    let admin = app_admin(app).await;
    let mut fields = vec![
        ("id", "corp"),
        ("display_name", "Corp SSO"),
        ("issuer", upstream.base.as_str()),
        ("client_id", client.client_id.as_str()),
        ("client_secret", secret.value.as_str()),
        ("scopes", "openid email profile"),
        ("enabled", "on"),
        ("creating", "true"),
    ];
    for (key, value) in tune {
        fields.retain(|(k, _)| k != key);
        fields.push((key, value));
    }
    let saved: Value = app.call_ok(&admin, "save_identity_provider", &fields).await;
    assert_eq!(saved["redirect_uri"], app.url(CALLBACK));
    (upstream, admin)
}

async fn app_admin(app: &TestApp) -> Client {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    let res = app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    admin
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

fn param(url: &str, name: &str) -> Option<String> {
    let url =
        Url::parse(url).unwrap_or_else(|_| Url::parse("http://x").unwrap().join(url).unwrap());
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `/login/with/corp` in `browser`: the address at the provider.
async fn leave(app: &TestApp, browser: &Client, query: &str) -> String {
    let res = browser
        .get(app.url(&format!("/login/with/corp{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    location(&res)
}

/// The provider's authorization endpoint, as the person signed in there
/// (allowing Portico on its consent page the first time): the address it
/// sends the browser back to.
async fn at_provider(upstream: &TestApp, browser: &Client, url: &str) -> String {
    assert!(url.starts_with(&upstream.base), "{url}");
    let res = browser.get(url).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let next = location(&res);
    let Some(request) = next.strip_prefix("/consent?request=") else {
        return next;
    };
    let res = upstream
        .call(
            browser,
            "answer_consent",
            &[("request", request), ("decision", "allow")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    location(&res)
}

/// Back at the app: where the callback sends the browser.
async fn come_back(browser: &Client, back: &str) -> String {
    let res = browser.get(back).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{back}");
    location(&res)
}

/// The whole dance: leave, the provider, back; where it lands.
async fn dance(app: &TestApp, upstream: &TestApp, browser: &Client, query: &str) -> String {
    let out = leave(app, browser, query).await;
    let back = at_provider(upstream, browser, &out).await;
    assert!(back.starts_with(&app.url(CALLBACK)), "{back}");
    come_back(browser, &back).await
}

/// Someone with an account at the company's provider, signed in there.
async fn employee(upstream: &TestApp, email: &str) -> Client {
    let browser = new_client();
    let res = upstream.sign_up_with(&browser, email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    browser
}

/// Unlinks the first of `linked` (the viewer's identities).
async fn unlink_first(app: &TestApp, browser: &Client, linked: &Value) -> reqwest::Response {
    let first = &linked["linked"][0];
    let (issuer, subject) = (first["issuer"].as_str(), first["subject"].as_str());
    app.call(
        browser,
        "unlink_identity",
        &[("issuer", issuer.unwrap()), ("subject", subject.unwrap())],
    )
    .await
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind.to_owned())
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    n
}

async fn a_person_signs_in_with_their_company_account(app: TestApp) {
    let (upstream, _) = corp(&app, &[]).await;
    // The sign-in page's button.
    let options: Value = app.call_ok(&new_client(), "sign_in_options", &[]).await;
    assert_eq!(
        options,
        serde_json::json!([{"id": "corp", "display_name": "Corp SSO"}])
    );

    let browser = employee(&upstream, "erin@corp.example").await;
    let out = leave(&app, &browser, "?next=%2Fclients").await;
    // Code flow with PKCE S256, state and nonce, for Portico's client.
    for name in [
        "state",
        "nonce",
        "code_challenge",
        "client_id",
        "redirect_uri",
    ] {
        assert!(param(&out, name).is_some(), "{name} in {out}");
    }
    assert_eq!(
        param(&out, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(param(&out, "response_type").as_deref(), Some("code"));
    let back = at_provider(&upstream, &browser, &out).await;
    assert_eq!(come_back(&browser, &back).await, "/clients");

    // A new end user, named and addressed as the provider says, signed in
    // "by federation".
    let me = app.whoami(&browser).await;
    assert_eq!(me["email"], "erin@corp.example");
    assert_eq!(me["display_name"], "Ada Lovelace");
    assert_eq!(me["is_developer"], false);
    assert_eq!(me["has_password"], false);
    let amr = "SELECT COUNT(*) FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email = $1 AND s.amr = 'fed'";
    assert_eq!(count(&app, amr, "erin@corp.example").await, 1);
    let linked: Value = app.call_ok(&browser, "linked_identities", &[]).await;
    assert_eq!(linked["has_password"], false);
    assert_eq!(linked["linked"][0]["provider_name"], "Corp SSO");
    assert_eq!(linked["linked"][0]["issuer"], upstream.base);
    assert_eq!(linked["linked"][0]["email"], "erin@corp.example");
    // Its only way in cannot be unlinked.
    let res = unlink_first(&app, &browser, &linked).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "form").unwrap().contains("only way"),
        "{body}"
    );
    // No password works for it.
    let res = app
        .sign_in_with(&new_client(), "erin@corp.example", "any password 123")
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Signed out and in again: the same account, found by the identity.
    app.call(&browser, "sign_out", &[]).await;
    assert!(app.whoami(&browser).await.is_null());
    assert_eq!(dance(&app, &upstream, &browser, "").await, "/");
    assert_eq!(app.whoami(&browser).await["account_id"], me["account_id"]);
    let accounts = "SELECT COUNT(*) FROM accounts WHERE email = $1";
    assert_eq!(count(&app, accounts, "erin@corp.example").await, 1);
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = $1";
    assert_eq!(count(&app, audit, "account.signed_up_upstream").await, 1);

    // The provider rotates its keys (published at once, signing seconds
    // later): the copy of its discovery document Portico keeps lacks the
    // new key, so it is read again when an ID token names it.
    upstream.make_admin("keys@corp.example").await;
    let keys_admin = new_client();
    upstream
        .sign_in_with(&keys_admin, "keys@corp.example", PASSWORD)
        .await;
    upstream
        .call_ok::<()>(&keys_admin, "rotate_keys", &[])
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    app.call(&browser, "sign_out", &[]).await;
    assert_eq!(dance(&app, &upstream, &browser, "").await, "/");
    assert_eq!(app.whoami(&browser).await["account_id"], me["account_id"]);

    // With a passkey besides (passkeys are off on this app's IP address,
    // so one is written straight in), the provider is no longer the only
    // way in.
    let account_id = me["account_id"].as_str().unwrap();
    app.sql(&format!(
        "INSERT INTO passkeys (credential_id, account_id, name, passkey, created_at) VALUES ('cred-1', '{account_id}', 'Phone', '{{}}', 1)"
    ))
    .await;
    let linked: Value = app.call_ok(&browser, "linked_identities", &[]).await;
    assert_eq!(linked["has_passkeys"], true);
    let res = unlink_first(&app, &browser, &linked).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn answers_that_cannot_be_trusted_sign_nobody_in(app: TestApp) {
    let (upstream, _) = corp(&app, &[]).await;
    let browser = employee(&upstream, "erin@corp.example").await;

    // A way back works once.
    let out = leave(&app, &browser, "").await;
    let back = at_provider(&upstream, &browser, &out).await;
    assert_eq!(come_back(&browser, &back).await, "/");
    app.call(&browser, "sign_out", &[]).await;
    let again = come_back(&browser, &back).await;
    assert!(again.starts_with("/login?upstream=expired"), "{again}");
    assert!(app.whoami(&browser).await.is_null());

    // Only the browser that left can come back (login CSRF).
    let out = leave(&app, &browser, "").await;
    let back = at_provider(&upstream, &browser, &out).await;
    let stranger = new_client();
    let theirs = come_back(&stranger, &back).await;
    assert!(theirs.starts_with("/login?upstream=expired"), "{theirs}");
    assert!(app.whoami(&stranger).await.is_null());

    // An ID token whose nonce is not the one sent (the stored one changed
    // while the browser was away) is not believed.
    let out = leave(&app, &browser, "").await;
    let back = at_provider(&upstream, &browser, &out).await;
    app.sql("UPDATE upstream_sign_ins SET nonce = 'not-the-one-sent'")
        .await;
    let refused = come_back(&browser, &back).await;
    assert!(
        refused.starts_with("/login?upstream=unavailable"),
        "{refused}"
    );
    assert!(app.whoami(&browser).await.is_null());

    // A code for another client (a relying party of the same provider)
    // cannot be redeemed as Portico's.
    let out = leave(&app, &browser, "").await;
    let state = param(&out, "state").unwrap();
    let foreign = foreign_code(&upstream, &browser).await;
    let forged = format!("{}?code={foreign}&state={state}", app.url(CALLBACK));
    let refused = come_back(&browser, &forged).await;
    assert!(
        refused.starts_with("/login?upstream=unavailable"),
        "{refused}"
    );

    // The person cancels at the provider.
    let out = leave(&app, &browser, "?next=%2Fclients").await;
    let state = param(&out, "state").unwrap();
    let cancelled = come_back(
        &browser,
        &format!("{}?error=access_denied&state={state}", app.url(CALLBACK)),
    )
    .await;
    assert_eq!(cancelled, "/login?upstream=denied&next=%2Fclients");

    // Unknown and turned-off providers are not found.
    let res = browser
        .get(app.url("/login/with/nobody"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM accounts WHERE email = $1",
            "erin@corp.example"
        )
        .await,
        1
    );
}

/// A code the provider gave another of its clients, for `browser`'s
/// person.
async fn foreign_code(upstream: &TestApp, browser: &Client) -> String {
    let form = ClientForm::new("other", "Another app", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid", "email"])
        .redirect_uris(&["http://127.0.0.1/elsewhere"]);
    let other = upstream.create_client(&upstream.client, &form).await;
    let url = format!(
        "{}?response_type=code&client_id={}&redirect_uri={}&scope=openid&state=s&nonce=n&code_challenge={}&code_challenge_method=S256",
        upstream.url("/oauth2/authorize"),
        other.client_id,
        "http%3A%2F%2F127.0.0.1%2Felsewhere",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    let back = at_provider(upstream, browser, &url).await;
    param(&back, "code").expect("a code for the other client")
}

async fn addresses_decide_who_gets_in_and_what_is_linked(app: TestApp) {
    let (upstream, _) = corp(&app, &[("allowed_domains", "corp.example")]).await;

    // Outside the allowed domains: no account.
    let mallory = employee(&upstream, "mallory@elsewhere.example").await;
    let refused = dance(&app, &upstream, &mallory, "").await;
    assert!(refused.starts_with("/login?upstream=domain"), "{refused}");
    let accounts = "SELECT COUNT(*) FROM accounts WHERE email = $1";
    assert_eq!(count(&app, accounts, "mallory@elsewhere.example").await, 0);

    // Ana has a Portico account; her provider account has the same
    // address but does not vouch for it: nothing is linked.
    let ana_here = app.new_person("ana@corp.example").await;
    let ana_id = app.whoami(&ana_here).await["account_id"].clone();
    let ana = employee(&upstream, "ana@corp.example").await;
    let refused = dance(&app, &upstream, &ana, "").await;
    assert!(
        refused.starts_with("/login?upstream=unverified"),
        "{refused}"
    );

    // Once the provider vouches for the address, her Portico password
    // links the two (a wrong one does not).
    upstream
        .sql("UPDATE accounts SET email_verified_at = 1 WHERE email = 'ana@corp.example'")
        .await;
    let offered = dance(&app, &upstream, &ana, "?next=%2Faccount").await;
    assert!(offered.starts_with("/login/link?offer="), "{offered}");
    let offer = param(&offered, "offer").unwrap();
    let shown: Value = app.call_ok(&ana, "link_offer", &[("offer", &offer)]).await;
    assert_eq!(shown["provider_name"], "Corp SSO");
    assert_eq!(shown["email"], "ana@corp.example");
    let res = app
        .call(
            &ana,
            "accept_link_offer",
            &[("offer", &offer), ("password", "not her password 1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(app.whoami(&ana).await.is_null());
    let res = app
        .call(
            &ana,
            "accept_link_offer",
            &[("offer", &offer), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(location(&res), "/account");
    assert_eq!(app.whoami(&ana).await["account_id"], ana_id);
    // The offer worked once.
    let res = app
        .call(
            &new_client(),
            "accept_link_offer",
            &[("offer", &offer), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // From now on the provider alone signs her in, to the same account.
    app.call(&ana, "sign_out", &[]).await;
    assert_eq!(dance(&app, &upstream, &ana, "").await, "/");
    assert_eq!(app.whoami(&ana).await["account_id"], ana_id);
    assert_eq!(count(&app, accounts, "ana@corp.example").await, 1);
}

async fn only_admins_set_providers_and_every_field_is_checked(app: TestApp) {
    let someone = app.new_person("dev@example.com").await;
    for (function, form) in [
        ("identity_providers", vec![]),
        ("delete_identity_provider", vec![("id", "corp")]),
    ] {
        let res = app.call(&someone, function, &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{function}");
    }
    let admin = app_admin(&app).await;
    let res = app
        .call(
            &admin,
            "save_identity_provider",
            &[
                ("id", "Corp SSO"),
                ("display_name", ""),
                ("issuer", "http://login.example.com"),
                ("client_id", ""),
                ("allowed_domains", "not a domain"),
                ("creating", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    for field in [
        "id",
        "display_name",
        "issuer",
        "client_id",
        "client_secret",
        "allowed_domains",
    ] {
        assert!(field_message(&body, field).is_some(), "{field}: {body}");
    }
    // An issuer whose discovery document cannot be read.
    let res = app
        .call(
            &admin,
            "save_identity_provider",
            &[
                ("id", "corp"),
                ("display_name", "Corp SSO"),
                ("issuer", "http://127.0.0.1:9"),
                ("client_id", "portico"),
                ("client_secret", "s3cret"),
                ("creating", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let says = field_message(&body, "issuer").unwrap();
    assert!(says.contains("could not read"), "{says}");

    let (upstream, admin) = corp(&app, &[]).await;
    // The same issuer under another name is refused: discovery names the
    // issuer exactly.
    let wrong = upstream.base.replace("localhost", "127.0.0.1");
    let res = app
        .call(
            &admin,
            "save_identity_provider",
            &[
                ("id", "corp2"),
                ("display_name", "Corp again"),
                ("issuer", &wrong),
                ("client_id", "portico"),
                ("client_secret", "s3cret"),
                ("creating", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let listed = app.call(&admin, "identity_providers", &[]).await;
    let text = listed.text().await.unwrap();
    let providers: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(providers.as_array().unwrap().len(), 1);
    assert_eq!(providers[0]["scopes"], "openid email profile");
    assert_eq!(providers[0]["linked"], 0);
    // The secret is sealed, never shown.
    let (sealed,): (String,) =
        sqlx::query_as("SELECT sealed_client_secret FROM identity_providers WHERE id = 'corp'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert!(
        !text.contains(&sealed) && !text.contains("secret"),
        "{text}"
    );

    // Changed without a new secret (the stored one stays), then turned off.
    let issuer = upstream.base.clone();
    let client_id = providers[0]["client_id"].as_str().unwrap().to_owned();
    let edit = |enabled: &'static str| {
        vec![
            ("id", "corp".to_owned()),
            ("display_name", "Corp".to_owned()),
            ("issuer", issuer.clone()),
            ("client_id", client_id.clone()),
            ("enabled", enabled.to_owned()),
        ]
    };
    let form = edit("on");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved: Value = app.call_ok(&admin, "save_identity_provider", &pairs).await;
    assert_eq!(saved["display_name"], "Corp");
    let browser = employee(&upstream, "erin@corp.example").await;
    assert_eq!(dance(&app, &upstream, &browser, "").await, "/");
    let form = edit("false");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _: Value = app.call_ok(&admin, "save_identity_provider", &pairs).await;
    let options: Value = app.call_ok(&new_client(), "sign_in_options", &[]).await;
    assert_eq!(options, serde_json::json!([]));
    let res = browser
        .get(app.url("/login/with/corp"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Removed, with its links.
    let res = app
        .call(&admin, "delete_identity_provider", &[("id", "corp")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM upstream_identities WHERE provider_id = $1",
            "corp"
        )
        .await,
        0
    );
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action LIKE $1";
    assert_eq!(count(&app, audit, "identity_provider.%").await, 4);
}

async fn a_signed_in_person_links_and_unlinks_a_provider(app: TestApp) {
    let (upstream, _) = corp(&app, &[]).await;
    // Signed in here with a password as one address, at the provider as
    // another: linking needs no matching address, only both sign-ins.
    let browser = app.new_person("zoe@example.com").await;
    let res = upstream
        .sign_up_with(&browser, "zoe.k@corp.example", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        dance(&app, &upstream, &browser, "?link=1").await,
        "/account/security#sign-in-methods"
    );
    let me = app.whoami(&browser).await;
    assert_eq!(me["email"], "zoe@example.com");
    let linked: Value = app.call_ok(&browser, "linked_identities", &[]).await;
    assert_eq!(linked["has_password"], true);
    assert_eq!(linked["linked"][0]["email"], "zoe.k@corp.example");

    // Linking the same provider account to someone else is refused.
    let other = app.new_person("yann@example.com").await;
    let cookies = upstream
        .sign_in_with(&other, "zoe.k@corp.example", PASSWORD)
        .await;
    assert_eq!(cookies.status(), StatusCode::OK);
    let refused = dance(&app, &upstream, &other, "?link=1").await;
    assert_eq!(
        refused,
        "/account/security?upstream=linked_elsewhere#sign-in-methods"
    );

    // The provider signs Zoe in now.
    app.call(&browser, "sign_out", &[]).await;
    assert_eq!(dance(&app, &upstream, &browser, "").await, "/");
    assert_eq!(app.whoami(&browser).await["account_id"], me["account_id"]);

    // Unlinked (she has a password): the provider alone makes a new
    // account then, as for anyone else.
    let res = unlink_first(&app, &browser, &linked).await;
    assert_eq!(res.status(), StatusCode::OK);
    let linked: Value = app.call_ok(&browser, "linked_identities", &[]).await;
    assert_eq!(linked["linked"], serde_json::json!([]));
    // Linking needs a session.
    let res = new_client()
        .get(app.url("/login/with/corp?link=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/login?next=%2Faccount%2Fsecurity");

    // A new way in is a step-up change: with an authenticator app, linking
    // asks for a fresh code first (the account page asks for it).
    let careful = new_client();
    let (mut phone, _) = crate::two_step::with_two_step(&app, &careful, "kim@example.com").await;
    app.sql("UPDATE sessions SET second_factor_at = 1").await;
    let res = careful
        .get(app.url("/login/with/corp?link=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&res),
        "/account/security?upstream=confirm#sign-in-methods"
    );
    let ways: Value = app.call_ok(&careful, "step_up_ways", &[]).await;
    assert_eq!(ways, serde_json::json!({ "code": true, "passkey": false }));
    let code = phone.code().await;
    app.call_ok::<()>(&careful, "confirm_it_is_you", &[("code", &code)])
        .await;
    let out = leave(&app, &careful, "?link=1").await;
    assert!(out.starts_with(&upstream.base), "{out}");
}

async fn providers_from_the_config_file_are_read_only_on_the_page(app: TestApp) {
    let (upstream, admin) = corp(&app, &[]).await;
    let listed: Value = app.call_ok(&admin, "identity_providers", &[]).await;
    let client_id = listed[0]["client_id"].as_str().unwrap().to_owned();
    let secret = upstream
        .create_secret(&upstream.client, &client_id)
        .await
        .value;
    // The operator moves the provider into the config file (a restart
    // writes it), and lists another that is gone later.
    let file = |id: &str, name: &str| server::federation::FileProvider {
        id: id.into(),
        display_name: name.into(),
        issuer: upstream.base.clone(),
        client_id: client_id.clone(),
        client_secret: secret.clone().into(),
        scopes: None,
        allowed_domains: Some("corp.example".into()),
        new_accounts: Some("developer".into()),
        enabled: true,
    };
    let federation = &app.state.federation;
    federation
        .apply_config(&[file("corp", "Corp (config)"), file("old", "Old SSO")])
        .await
        .unwrap();
    federation
        .apply_config(&[file("corp", "Corp (config)")])
        .await
        .unwrap();
    let listed: Value = app.call_ok(&admin, "identity_providers", &[]).await;
    let corp = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "corp")
        .unwrap();
    assert_eq!(corp["from_config"], true);
    assert_eq!(corp["display_name"], "Corp (config)");
    let old = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "old")
        .unwrap();
    assert_eq!(
        old["enabled"], false,
        "gone from the file: turned off, links kept"
    );
    for (function, form) in [
        (
            "save_identity_provider",
            vec![
                ("id", "corp"),
                ("display_name", "Mine now"),
                ("issuer", upstream.base.as_str()),
                ("client_id", client_id.as_str()),
            ],
        ),
        ("delete_identity_provider", vec![("id", "corp")]),
    ] {
        let res = app.call(&admin, function, &form).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{function}");
        let body: Value = res.json().await.unwrap();
        assert!(
            field_message(&body, "form")
                .unwrap()
                .contains("config file"),
            "{body}"
        );
    }
    // Its settings apply: a new account from it is a developer.
    let browser = employee(&upstream, "erin@corp.example").await;
    assert_eq!(dance(&app, &upstream, &browser, "").await, "/");
    assert_eq!(app.whoami(&browser).await["is_developer"], true);
}

/// The providers' page is sent without the bundle: its forms, one per
/// provider and one to add, post as plain forms, and an error comes back
/// under the form that was sent only (its button names it: `?__form=`).
async fn on_the_page_each_provider_form_shows_its_own_error(app: TestApp) {
    let (upstream, admin) = corp(&app, &[]).await;
    let page = "/admin/identity-providers";
    let html = |path: String| {
        let admin = admin.clone();
        let url = app.url(&path);
        async move {
            let res = admin
                .get(url)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.text().await.unwrap()
        }
    };
    let before = html(page.to_owned()).await;
    assert!(!before.contains(".wasm"), "sent without the bundle");
    for form in ["corp", "new"] {
        let action = format!("formaction=\"/api/ui/save_identity_provider?__form={form}\"");
        assert!(before.contains(&action), "{action}");
    }

    let change = [
        ("id", "corp"),
        ("display_name", ""),
        ("issuer", upstream.base.as_str()),
        ("client_id", "portico"),
        ("scopes", "openid email"),
    ];
    let refused = app.call(&admin, "save_identity_provider", &change).await;
    let body: Value = refused.json().await.unwrap();
    let message = field_message(&body, "display_name").expect("the name is refused");
    let res = admin
        .post(app.url("/api/ui/save_identity_provider?__form=corp"))
        .header("accept", "text/html")
        .header("referer", app.url(page))
        .form(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert_eq!(param(&back, "__form").as_deref(), Some("corp"), "{back}");
    let after = html(back).await;
    assert_eq!(
        after.matches(message.as_str()).count(),
        1,
        "under one form: {message}"
    );
    let details = after.find("<details").map(|at| &after[at..at + 40]);
    assert!(
        details.is_some_and(|d| d.contains(" open")),
        "its form is open: {details:?}"
    );
}
