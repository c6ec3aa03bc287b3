use app::model::{Invitation, InvitationOffer};
use reqwest::StatusCode;
use serde_json::Value;

use super::token_of;
use crate::helpers::{TestApp, field_message};
use crate::on_both_backends;

on_both_backends!(invitations_are_for_one_address_once_for_seven_days);

async fn accept(app: &TestApp, who: &reqwest::Client, token: &str) -> (StatusCode, Value) {
    let res = app
        .call(who, "accept_invitation", &[("token", token)])
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn invitations_are_for_one_address_once_for_seven_days(app: TestApp) {
    let owner = app.new_person("ada@example.com").await;
    let acme = app.create_org(&owner, "Acme", "").await;
    let org = acme.org_id.as_str();
    let invitation = app
        .invite(&owner, org, "Bob@Example.com", "developer")
        .await;
    assert_eq!(invitation.invitation.email, "bob@example.com");
    let token = token_of(&invitation).to_owned();
    assert!(token.len() >= 43, "256 random bits");
    let until = invitation.invitation.expires_at - invitation.invitation.created_at;
    assert_eq!(until, 7 * 24 * 3600);

    // Only its hash is stored.
    let pending: Vec<Invitation> = app
        .call_ok(&owner, "org_invitations", &[("org_id", org)])
        .await;
    assert_eq!(pending.len(), 1);
    let row = sqlx::query_scalar::<_, String>("SELECT token_hash FROM invitations")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_ne!(row, token);
    assert!(!row.contains(&token));

    // Someone else, signed in, is refused and told why.
    let eve = app.new_person("eve@example.com").await;
    let offer: InvitationOffer = app
        .call_ok(&eve, "load_invitation", &[("token", &token)])
        .await;
    assert!(!offer.for_viewer);
    let (status, body) = accept(&app, &eve, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        field_message(&body, "form")
            .unwrap()
            .contains("is for bob@example.com"),
        "{body}"
    );
    assert_eq!(
        app.call(&eve, "get_org", &[("org_id", org)]).await.status(),
        StatusCode::NOT_FOUND
    );

    // Signed out, nobody accepts anything.
    let stranger = crate::helpers::new_client();
    assert_eq!(
        accept(&app, &stranger, &token).await.0,
        StatusCode::UNAUTHORIZED
    );

    // The invited address joins once; the link is spent.
    let bob = app.new_person("bob@example.com").await;
    let offer: InvitationOffer = app
        .call_ok(&bob, "load_invitation", &[("token", &token)])
        .await;
    assert!(offer.for_viewer && !offer.already_member);
    assert_eq!(offer.org_name, "Acme");
    let (status, _) = accept(&app, &bob, &token).await;
    assert!(
        status == StatusCode::OK || status.is_redirection(),
        "{status}"
    );
    assert_eq!(
        app.call(&bob, "get_org", &[("org_id", org)]).await.status(),
        StatusCode::OK
    );
    let (status, body) = accept(&app, &bob, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let pending: Vec<Invitation> = app
        .call_ok(&owner, "org_invitations", &[("org_id", org)])
        .await;
    assert!(
        pending.is_empty(),
        "accepted invitations are no longer pending"
    );

    // A withdrawn link, an expired one and a made-up one do nothing.
    let withdrawn = app.invite(&owner, org, "carol@example.com", "viewer").await;
    let res = app
        .call(
            &owner,
            "revoke_invitation",
            &[
                ("org_id", org),
                ("invitation_id", &withdrawn.invitation.invitation_id),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let carol = app.new_person("carol@example.com").await;
    let (status, body) = accept(&app, &carol, token_of(&withdrawn)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        field_message(&body, "form").unwrap().contains("withdrawn"),
        "{body}"
    );

    let late = app.invite(&owner, org, "carol@example.com", "viewer").await;
    app.sql(
        "UPDATE invitations SET expires_at = 1 WHERE revoked_at IS NULL AND accepted_at IS NULL",
    )
    .await;
    let (status, body) = accept(&app, &carol, token_of(&late)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        field_message(&body, "form").unwrap().contains("expired"),
        "{body}"
    );
    let (status, body) = accept(&app, &carol, "not-a-real-token").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        field_message(&body, "form").unwrap().contains("not valid"),
        "{body}"
    );
    assert_eq!(
        app.call(&carol, "get_org", &[("org_id", org)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Owners only; a member already is told so instead of invited twice.
    let res = app
        .call(
            &bob,
            "invite_member",
            &[
                ("org_id", org),
                ("email", "x@example.com"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(
            &owner,
            "invite_member",
            &[
                ("org_id", org),
                ("email", "bob@example.com"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(
            &owner,
            "invite_member",
            &[
                ("org_id", org),
                ("email", "not an address"),
                ("role", "boss"),
            ],
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "email").is_some() && field_message(&body, "role").is_some(),
        "{body}"
    );
}
