//! Email verification: the link at sign-up, and — where SMTP is set up,
//! so required by default — no developer role and no invitation before it.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::mail::{MailServer, link};
use crate::helpers::{PASSWORD, TestApp, new_client};

crate::on_both_backends!(without_smtp_nothing_waits_for_the_link);

/// The embedded default: no SMTP, so no requirement; the link is still
/// written (as an .eml file) and the account says it is not confirmed.
async fn without_smtp_nothing_waits_for_the_link(app: TestApp) {
    let viewer = app.sign_up("nel@example.com").await;
    assert_eq!(viewer["is_developer"], true);
    assert_eq!(viewer["email_verified"], false);
    assert_eq!(viewer["verification_required"], false);
}

crate::with_mail!(with_smtp_the_address_is_confirmed_first);

/// The tokens of the first `count` confirmation links sent to `email`.
async fn confirmations(app: &TestApp, mail: &MailServer, email: &str, count: usize) -> Vec<String> {
    let messages = mail.wait_for_confirmation(email, count).await;
    messages
        .iter()
        .map(|message| {
            assert!(message.contains("You receive this because"), "{message}");
            let url = link(message, &format!("{}/verify-email/", app.base));
            url.rsplit('/').next().unwrap().to_owned()
        })
        .collect()
}

async fn with_smtp_the_address_is_confirmed_first(app: TestApp, mail: MailServer) {
    // Signing up makes an end user until the address is confirmed.
    let erin = new_client();
    let res = app.sign_up_with(&erin, "erin@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let viewer: Value = res.json().await.unwrap();
    assert_eq!(viewer["is_developer"], false);
    assert_eq!(viewer["email_verified"], false);
    assert_eq!(viewer["verification_required"], true);
    let token = confirmations(&app, &mail, "erin@example.com", 1)
        .await
        .remove(0);
    assert_eq!(token.len(), 43, "256 random bits");
    let readable: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM email_verifications WHERE token_hash LIKE $1) + \
                (SELECT COUNT(*) FROM outbox WHERE sealed_body LIKE $1)",
    )
    .bind(format!("%{token}%"))
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(readable, 0, "the link is kept only as a hash");

    // An admin cannot make her a developer yet.
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let erin_id = viewer["account_id"].as_str().unwrap().to_owned();
    let res = app
        .call(
            &admin,
            "set_roles",
            &[
                ("account_id", &erin_id),
                ("developer", "true"),
                ("admin", "false"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(body.contains("has not verified"), "{body}");

    // Nor can she join an organisation.
    let owner = app.admin_org_owner().await;
    let org = app.create_org(&owner, "Verified Co", "").await;
    let invitation = app
        .invite(&owner, &org.org_id, "erin@example.com", "developer")
        .await;
    let invitation_token = invitation.link.rsplit('/').next().unwrap().to_owned();
    let res = app
        .call(&erin, "accept_invitation", &[("token", &invitation_token)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(body.contains("Confirm your email address first"), "{body}");

    // A new link; either works once, and confirming gives sign-up's role.
    app.call_ok::<Value>(&erin, "resend_verification", &[])
        .await;
    let tokens = confirmations(&app, &mail, "erin@example.com", 2).await;
    let second = tokens
        .into_iter()
        .find(|t| *t != token)
        .expect("a new link");
    let verified: bool = app
        .call_ok(&new_client(), "verify_email", &[("token", &second)])
        .await;
    assert!(verified);
    let viewer = app.whoami(&erin).await;
    assert_eq!(viewer["email_verified"], true);
    assert_eq!(viewer["is_developer"], true);
    let res = app.call(&erin, "verify_email", &[("token", &token)]).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "links end with the first use"
    );
    let res = app.call(&erin, "resend_verification", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(&erin, "accept_invitation", &[("token", &invitation_token)])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
}

impl TestApp {
    /// An admin (verified by the operator) acting as an organisation owner.
    async fn admin_org_owner(&self) -> reqwest::Client {
        self.make_admin("owner@example.com").await;
        let owner = new_client();
        let res = self
            .sign_in_with(&owner, "owner@example.com", PASSWORD)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        owner
    }
}
