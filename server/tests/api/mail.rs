//! Email through a real SMTP server: password reset, invitations, and the
//! outbox that retries and never sends twice.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use server::crypto::sealing::Sealer;
use server::mail::{MailSettings, Mailer};
use server::outbox::{Outbox, WorkerSettings};
use server::store::outbox as store;

use crate::helpers::mail::{MailServer, link};
use crate::helpers::{PASSWORD, TestApp, field_message, new_client};

/// People here act as developers at once; `verification.rs` covers the
/// confirmation an SMTP setup requires by default.
const UNCHECKED: &[(&str, &str)] = &[("PORTICO_REQUIRE_VERIFIED_EMAIL", "off")];

crate::with_mail!(
    a_forgotten_password_is_reset_by_email with super::UNCHECKED,
    a_reset_password_still_asks_for_the_second_step with super::UNCHECKED,
    invitations_are_emailed with super::UNCHECKED,
    a_message_waits_for_the_smtp_server_and_is_sent_once with super::UNCHECKED,
    expiry_notices_reach_the_people_who_manage_the_credential with super::UNCHECKED,
    admins_decisions_are_emailed_with_the_reason with super::UNCHECKED,
    admins_get_a_digest_of_the_queue_and_developers_hear_of_their_drafts with super::UNCHECKED,
);

const NEW_PASSWORD: &str = "a brand new passphrase 42";

async fn a_forgotten_password_is_reset_by_email(app: TestApp, mail: MailServer) {
    let ada = app.new_person("ada@example.com").await;
    let other_browser = new_client();
    app.sign_in_with(&other_browser, "ada@example.com", PASSWORD)
        .await;

    // The same answer for an address with and without an account.
    let stranger = new_client();
    let known = app
        .call(
            &stranger,
            "forgot_password",
            &[("email", "Ada@Example.com")],
        )
        .await;
    let unknown = app
        .call(
            &stranger,
            "forgot_password",
            &[("email", "nobody@example.com")],
        )
        .await;
    assert_eq!(known.status(), StatusCode::OK);
    assert_eq!(unknown.status(), StatusCode::OK);
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    let res = app
        .call(&stranger, "forgot_password", &[("email", "not an address")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let message = mail.wait_for("ada@example.com", 1).await.remove(0);
    assert!(
        message.contains("Subject: Reset your Portico password"),
        "{message}"
    );
    assert!(
        message.contains("You receive this because"),
        "says why: {message}"
    );
    let url = link(&message, &format!("{}/reset-password/", app.base));
    let token = url.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 43, "256 random bits");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        mail.messages()
            .iter()
            .all(|m| !m.contains("nobody@example.com")),
        "no mail to an unknown address"
    );

    // Neither the link table nor the outbox keeps the token readable.
    let pattern = format!("%{token}%");
    let stored: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM password_resets WHERE token_hash LIKE $1) + \
                (SELECT COUNT(*) FROM outbox WHERE sealed_body LIKE $1 OR subject LIKE $1)",
    )
    .bind(&pattern)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(stored, 0);
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT sealed_body FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert!(
        bodies.iter().all(String::is_empty),
        "sent messages keep no body"
    );

    // A new password, checked like any other; then every session ends.
    let valid: bool = app
        .call_ok(&stranger, "reset_link_valid", &[("token", &token)])
        .await;
    assert!(valid);
    let res = app
        .call(
            &stranger,
            "reset_password",
            &[
                ("token", &token),
                ("new_password", "short"),
                ("new_password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "new_password").is_some(), "{body}");
    let res = app
        .call(
            &stranger,
            "reset_password",
            &[
                ("token", &token),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(
        res.status() == StatusCode::OK || res.status().is_redirection(),
        "{}",
        res.status()
    );
    assert_eq!(
        app.whoami(&stranger).await["email"],
        "ada@example.com",
        "signed in afresh"
    );
    assert_eq!(
        app.whoami(&ada).await,
        Value::Null,
        "the old session is gone"
    );
    assert_eq!(app.whoami(&other_browser).await, Value::Null);
    let res = app
        .sign_in_with(&new_client(), "ada@example.com", PASSWORD)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "the old password no longer works"
    );
    let res = app
        .sign_in_with(&new_client(), "ada@example.com", NEW_PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Used once; an expired link does nothing either.
    let res = app
        .call(
            &new_client(),
            "reset_password",
            &[
                ("token", &token),
                ("new_password", "another passphrase 1"),
                ("new_password_confirm", "another passphrase 1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "form")
            .unwrap()
            .contains("expired or was already used"),
        "{body}"
    );
    app.call(
        &stranger,
        "forgot_password",
        &[("email", "ada@example.com")],
    )
    .await;
    let second = mail.wait_for("ada@example.com", 2).await;
    let later = second
        .iter()
        .map(|m| link(m, &format!("{}/reset-password/", app.base)))
        .find(|l| !l.ends_with(&token))
        .unwrap();
    app.sql("UPDATE password_resets SET expires_at = 1 WHERE used_at IS NULL")
        .await;
    let late_token = later.rsplit('/').next().unwrap();
    let valid: bool = app
        .call_ok(&stranger, "reset_link_valid", &[("token", late_token)])
        .await;
    assert!(!valid);

    // Three requests an hour per address, whether or not it exists.
    app.call(
        &stranger,
        "forgot_password",
        &[("email", "ada@example.com")],
    )
    .await;
    let res = app
        .call(
            &stranger,
            "forgot_password",
            &[("email", "ada@example.com")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    for _ in 0..3 {
        app.call(
            &stranger,
            "forgot_password",
            &[("email", "ghost@example.com")],
        )
        .await;
    }
    let res = app
        .call(
            &stranger,
            "forgot_password",
            &[("email", "ghost@example.com")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn invitations_are_emailed(app: TestApp, mail: MailServer) {
    let owner = app.new_person("ada@example.com").await;
    let acme = app.create_org(&owner, "Acme Health", "").await;
    let shown = app
        .invite(&owner, &acme.org_id, "bob@example.com", "developer")
        .await;
    let message = mail.wait_for("bob@example.com", 1).await.remove(0);
    assert!(message.contains("invites you to Acme Health"), "{message}");
    assert_eq!(
        link(&message, &format!("{}/invitations/", app.base)),
        shown.link
    );
}

async fn a_message_waits_for_the_smtp_server_and_is_sent_once(app: TestApp, mail: MailServer) {
    app.new_person("ada@example.com").await;
    let port = mail.port;
    drop(mail);
    let res = app
        .call(
            &new_client(),
            "forgot_password",
            &[("email", "ada@example.com")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "queued, even with the SMTP server down"
    );
    // The worker tries, fails, and schedules a retry.
    let mut row = None;
    for _ in 0..100 {
        let rows = store::recent(&app.state.db, 10).await.unwrap();
        if let Some(r) = rows.into_iter().find(|r| r.last_error.is_some()) {
            row = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = row.expect("a failed attempt is recorded");
    assert!(row.sent_at.is_none() && row.failed_at.is_none());
    assert!(row.attempts >= 1);
    assert!(
        row.last_error.as_deref().unwrap().starts_with("SMTP"),
        "{row:?}"
    );
    // Admins see it waiting, with the reason; nobody else does.
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let listed: Vec<app::model::OutboxMessage> = app.call_ok(&admin, "admin_outbox", &[]).await;
    let waiting = listed
        .iter()
        .find(|m| m.recipient == "ada@example.com")
        .unwrap();
    assert_eq!(waiting.state, "waiting");
    assert!(waiting.last_error.is_some());
    let res = app.call(&new_client(), "admin_outbox", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Back up: due now, the message goes out exactly once.
    let mail = MailServer::start_on(port).await;
    app.sql("UPDATE outbox SET due_at = 0").await;
    mail.wait_for("ada@example.com", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(mail.messages().len(), 1);
    let rows = store::recent(&app.state.db, 10).await.unwrap();
    assert!(rows.iter().all(|r| r.sent_at.is_some()), "{rows:?}");
}

crate::on_both_backends!(
    workers_racing_on_one_database_send_each_message_once with &[("PORTICO_OUTBOX_WORKER", "off")]
);

/// Three workers on one database: one claims a batch and dies (its lease
/// runs out), two race for the rest. Every message is delivered once.
async fn workers_racing_on_one_database_send_each_message_once(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let settings = MailSettings {
        smtp: None,
        from: "Portico <portico@example.com>".into(),
        dir: dir.path().join("mail"),
    };
    let kek = secrecy::SecretString::from("a test key-encryption key".to_owned());
    let outbox = || {
        Outbox::new(
            app.state.db.clone(),
            std::sync::Arc::new(Sealer::load(Some(&kek), dir.path()).unwrap()),
            Mailer::new(&settings).unwrap(),
            app.base.as_str().into(),
        )
        .unwrap()
    };
    let first = outbox();
    let mut tx = app.state.db.begin().await.unwrap();
    for i in 0..60 {
        let mail = server::mail::Mail {
            to: format!("person{i}@example.com"),
            subject: format!("Message {i}"),
            paragraphs: vec![format!("Number {i}.")],
            footer: "A test.".into(),
        };
        first.queue(&mut *tx, &mail).await.unwrap();
    }
    tx.commit().await.unwrap();

    // A worker claims ten and is killed before sending any.
    let dead = store::claim(&app.state.db, "dead-worker", server::store::now(), 60, 10)
        .await
        .unwrap();
    assert_eq!(dead.len(), 10);

    let quick = WorkerSettings {
        batch: 5,
        ..WorkerSettings::default()
    };
    let race = |outbox: Outbox, name: &'static str| async move {
        let mut total = 0;
        loop {
            let n = outbox.send_due(name, quick).await.unwrap();
            if n == 0 {
                return total;
            }
            total += n;
        }
    };
    let (a, b) = tokio::join!(race(outbox(), "worker-a"), race(outbox(), "worker-b"));
    assert_eq!(a + b, 50, "the dead worker's ten stay leased");
    assert!(a > 0 && b > 0, "both took part: {a} + {b}");

    // Its lease runs out; the others take the ten over.
    app.sql("UPDATE outbox SET leased_until = 0 WHERE leased_by = 'dead-worker'")
        .await;
    let (c, d) = tokio::join!(race(outbox(), "worker-a"), race(outbox(), "worker-b"));
    assert_eq!(c + d, 10);

    let files: Vec<String> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(files.len(), 60);
    for i in 0..60 {
        let to = format!("To: person{i}@example.com");
        assert_eq!(files.iter().filter(|f| f.contains(&to)).count(), 1, "{to}");
    }
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}

const DAY: i64 = 24 * 3600;

async fn expiry_notices_reach_the_people_who_manage_the_credential(app: TestApp, mail: MailServer) {
    let owner = app.new_person("ada@example.com").await;
    let acme = app.create_org(&owner, "Acme Health", "").await;
    app.member(&owner, &acme.org_id, "bob@example.com", "developer")
        .await;
    app.member(&owner, &acme.org_id, "carol@example.com", "viewer")
        .await;
    let quiet = app
        .member(&owner, &acme.org_id, "dave@example.com", "developer")
        .await;
    let prefs: Vec<app::model::NotificationPref> = app
        .call_ok(&quiet, "set_notification_pref", &[("kind", "expiry")])
        .await;
    assert!(!prefs.iter().find(|p| p.kind == "expiry").unwrap().enabled);
    let client = app
        .create_client(&owner, &crate::helpers::ClientForm::service("ledger"))
        .await;
    let secret = app.create_secret(&owner, &client.client_id).await;
    let expires = secret.info.expires_at;
    let notices = &app.state.notices;

    // 30 days before (seen 29 days before): once, however often it scans.
    assert_eq!(
        notices
            .send_expiry_notices(expires - 29 * DAY)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        notices
            .send_expiry_notices(expires - 29 * DAY + 60)
            .await
            .unwrap(),
        0
    );
    let first = mail.wait_for("ada@example.com", 1).await.remove(0);
    assert!(
        first.contains("Subject: The client secret \"ci\" of ledger expires in 29 days")
            || first.contains("expires in 29 days"),
        "{first}"
    );
    assert!(
        first.contains(&format!(
            "{}/clients/{}/secrets",
            app.base, client.client_id
        )),
        "{first}"
    );
    assert!(first.contains("Turn these emails off"), "{first}");
    mail.wait_for("bob@example.com", 1).await;

    // Two replicas scanning at the same moment send the 7-day notice once.
    let (a, b) = tokio::join!(
        notices.send_expiry_notices(expires - 6 * DAY),
        notices.send_expiry_notices(expires - 6 * DAY)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        notices.send_expiry_notices(expires - 3600).await.unwrap(),
        1
    );
    assert_eq!(
        notices.send_expiry_notices(expires + 3600).await.unwrap(),
        1
    );
    let all = mail.wait_for("ada@example.com", 4).await;
    let subjects: Vec<&str> = all
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject:")))
        .collect();
    assert_eq!(all.len(), 4, "{subjects:?}");
    assert!(all.iter().any(|m| m.contains("has expired")), "{all:?}");
    let to_bob = mail.wait_for("bob@example.com", 5).await;
    assert_eq!(
        to_bob
            .iter()
            .filter(|m| m.contains("client secret"))
            .count(),
        4,
        "the invitation and four notices"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let notices_sent: Vec<String> = mail
        .messages()
        .into_iter()
        .filter(|m| m.contains("client secret"))
        .collect();
    assert!(
        notices_sent
            .iter()
            .all(|m| !m.contains("To: carol@example.com")),
        "viewers are not told"
    );
    assert!(
        notices_sent
            .iter()
            .all(|m| !m.contains("To: dave@example.com")),
        "dave turned them off"
    );
    // A revoked secret gets no notice.
    app.call(
        &owner,
        "revoke_secret",
        &[
            ("client_id", &client.client_id),
            ("secret_id", &secret.info.id),
        ],
    )
    .await;
    let other = app.create_secret(&owner, &client.client_id).await;
    app.call(
        &owner,
        "revoke_secret",
        &[
            ("client_id", &client.client_id),
            ("secret_id", &other.info.id),
        ],
    )
    .await;
    assert_eq!(
        notices
            .send_expiry_notices(other.info.expires_at - 6 * DAY)
            .await
            .unwrap(),
        0
    );
}

async fn admins_decisions_are_emailed_with_the_reason(app: TestApp, mail: MailServer) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    let dev = app.new_person("dev@example.com").await;
    let form = crate::helpers::ClientForm::service("wallet").scopes(&["wallet:create"]);
    let client = app.create_client(&dev, &form).await;
    let id = client.client_id.as_str();
    let res = app
        .call(
            &admin,
            "decide_scope",
            &[
                ("client_id", id),
                ("scope", "wallet:create"),
                ("decision", "reject"),
                ("reason", "Use the sandbox scope first."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let message = mail.wait_for("dev@example.com", 1).await.remove(0);
    assert!(message.contains("was refused wallet:create"), "{message}");
    assert!(
        message.contains("The admin's reason: Use the sandbox scope first."),
        "{message}"
    );
    assert!(
        message.contains(&format!("{}/clients/{id}/access", app.base)),
        "{message}"
    );

    let res = app
        .call(
            &admin,
            "set_suspended",
            &[
                ("client_id", id),
                ("suspended", "true"),
                ("reason", "Leaked secret."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let both = mail.wait_for("dev@example.com", 2).await;
    assert!(
        both.iter()
            .any(|m| m.contains("was suspended") && m.contains("Leaked secret.")),
        "{both:?}"
    );

    // Turned off: the reinstatement sends nothing.
    app.call_ok::<Vec<app::model::NotificationPref>>(
        &dev,
        "set_notification_pref",
        &[("kind", "decisions")],
    )
    .await;
    let res = app
        .call(
            &admin,
            "set_suspended",
            &[("client_id", id), ("suspended", "false")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        mail.messages()
            .iter()
            .filter(|m| m.contains("To: dev@example.com"))
            .count(),
        2
    );
    let res = app
        .call(
            &dev,
            "set_notification_pref",
            &[("kind", "nonsense"), ("enabled", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

async fn admins_get_a_digest_of_the_queue_and_developers_hear_of_their_drafts(
    app: TestApp,
    mail: MailServer,
) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    let dev = app.new_person("dev@example.com").await;
    let system = app
        .create_system(
            &dev,
            &[
                ("form[name]", "Acme Journal"),
                ("form[auth_method]", "client_secret_basic"),
                ("form[grant_types][0]", "client_credentials"),
                ("form[scopes][0]", "wallet:create"),
            ],
        )
        .await;
    let key = app.create_api_key(&dev, &system.system_id).await;
    let res = app
        .client
        .post(app.url("/api/v1/client-drafts"))
        .header("api-key", &key.value)
        .json(&serde_json::json!({"name": "Clinic 1", "scopes": ["wallet:create"], "grant_types": ["client_credentials"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    let draft_id = draft["client_id"].as_str().unwrap().to_owned();
    let notices = &app.state.notices;
    let t0 = server::store::now();
    assert_eq!(
        notices.send_approval_digests(t0).await.unwrap(),
        0,
        "an unconfirmed draft waits for its end user, not for admins"
    );

    // The end user confirms: the developer hears of it, the admin gets a digest.
    let user = app.new_person("clinic@example.com").await;
    let res = app
        .call(
            &user,
            "answer_draft",
            &[
                ("client_id", &draft_id),
                ("answer", "confirm"),
                ("redirect_port", ""),
                ("redirect_path", ""),
            ],
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let t1 = server::store::now();
    let to_dev = mail.wait_for("dev@example.com", 1).await.remove(0);
    assert!(
        to_dev.contains("Clinic 1 was confirmed by clinic@example.com"),
        "{to_dev}"
    );
    assert_eq!(notices.send_approval_digests(t1).await.unwrap(), 1);
    let digest = mail.wait_for("root@example.com", 1).await.remove(0);
    assert!(
        digest.contains("1 client waits for your decision"),
        "{digest}"
    );
    assert!(
        digest.contains("Clinic 1") && digest.contains("wallet:create"),
        "{digest}"
    );
    assert!(
        digest.contains(&format!("{}/admin/approvals", app.base)),
        "{digest}"
    );

    // Not again within 15 minutes, nor later while nothing new arrives.
    assert_eq!(notices.send_approval_digests(t1 + 60).await.unwrap(), 0);
    assert_eq!(
        notices.send_approval_digests(t1 + 20 * 60).await.unwrap(),
        0
    );
    // Something new, and the quarter hour has passed: one more.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let form = crate::helpers::ClientForm::service("wallet").scopes(&["wallet:create"]);
    app.create_client(&dev, &form).await;
    assert_eq!(
        notices.send_approval_digests(t1 + 21 * 60).await.unwrap(),
        1
    );
    let both = mail.wait_for("root@example.com", 2).await;
    assert!(
        both.iter()
            .any(|m| m.contains("2 clients wait for your decision")),
        "{both:?}"
    );
    drop(admin);
}

/// A reset link proves the mailbox, not the phone: with two-step sign-in
/// on, the new password is stored and the code is still asked for.
async fn a_reset_password_still_asks_for_the_second_step(app: TestApp, mail: MailServer) {
    let (mut phone, _) =
        crate::two_step::with_two_step(&app, &new_client(), "gus@example.com").await;
    // Turning it on is told by email, so a change nobody asked for is seen.
    let notice = mail.wait_for("gus@example.com", 1).await.remove(0);
    assert!(
        notice.contains("Subject: Two-step sign-in is on"),
        "{notice}"
    );
    let stranger = new_client();
    let res = app
        .call(
            &stranger,
            "forgot_password",
            &[("email", "gus@example.com")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let message = mail
        .wait_for("gus@example.com", 2)
        .await
        .into_iter()
        .find(|m| m.contains("Subject: Reset your Portico password"))
        .expect("the reset link");
    let url = link(&message, &format!("{}/reset-password/", app.base));
    let token = url.rsplit('/').next().unwrap().to_owned();
    let res = app
        .call(
            &stranger,
            "reset_password",
            &[
                ("token", &token),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login/code"),
        "{:?}",
        res.headers()
    );
    assert_eq!(app.whoami(&stranger).await, Value::Null, "no session yet");
    let res = app
        .call(&stranger, "sign_in_code", &[("code", &phone.code().await)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&stranger).await["email"], "gus@example.com");
    // The new password is the one that works now.
    let res = app
        .sign_in_with(&new_client(), "gus@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
