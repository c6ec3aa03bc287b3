use app::model::{ClientDetail, Member, OrgSummary};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ClientForm, TestApp, active_prefix, field_message, jwt_claims};
use crate::on_both_backends;

on_both_backends!(
    roles_decide_what_each_member_may_do,
    an_organisation_always_keeps_an_owner,
    admins_find_organisations_by_name_number_and_prefix,
);

async fn roles_decide_what_each_member_may_do(app: TestApp) {
    let owner = app.new_person("ada@example.com").await;
    let acme = app.create_org(&owner, "Acme Health", "974 760 673").await;
    assert_eq!(acme.org_number.as_deref(), Some("974760673"));
    let viewer = app.whoami(&owner).await;
    assert_eq!(
        viewer["active_org_id"],
        acme.org_id.as_str(),
        "a new organisation becomes the active one"
    );
    assert_eq!(active_prefix(&viewer), acme.client_prefix);

    let dev = app
        .member(&owner, &acme.org_id, "bob@example.com", "developer")
        .await;
    let reader = app
        .member(&owner, &acme.org_id, "carol@example.com", "viewer")
        .await;
    let members: Vec<Member> = app
        .call_ok(&owner, "org_members", &[("org_id", &acme.org_id)])
        .await;
    assert_eq!(members.len(), 3);

    // The developer's pages now act for Acme: the client gets its prefix.
    let client = app
        .create_client(&dev, &ClientForm::service("ledger"))
        .await;
    assert_eq!(client.client_id, format!("{}.ledger", acme.client_prefix));
    assert_eq!(client.org_id, acme.org_id);
    let id = client.client_id.as_str();

    // Its tokens carry the organisation.
    let secret = app.create_secret(&dev, id).await;
    let res = app
        .token_basic(id, &secret.value, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let claims = jwt_claims(body["access_token"].as_str().unwrap());
    assert_eq!(claims["org_id"], acme.org_id.as_str());
    assert_eq!(claims["org_number"], "974760673");

    // A viewer reads everything and changes nothing.
    let seen: ClientDetail = app
        .call_ok(&reader, "get_client", &[("client_id", id)])
        .await;
    assert_eq!(seen.org_name, "Acme Health");
    assert_eq!(app.list_secrets(&reader, id).await.len(), 1);
    for (function, form) in [
        (
            "create_secret",
            vec![("client_id", id), ("description", "x")],
        ),
        (
            "revoke_secret",
            vec![("client_id", id), ("secret_id", &secret.info.id)],
        ),
        (
            "delete_client",
            vec![("client_id", id), ("confirm_suffix", "ledger")],
        ),
        (
            "invite_member",
            vec![
                ("org_id", &acme.org_id),
                ("email", "x@example.com"),
                ("role", "viewer"),
            ],
        ),
        ("org_history", vec![("org_id", &acme.org_id)]),
    ] {
        let res = app.call(&reader, function, &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "a viewer's {function}");
    }
    let res = app
        .call(&reader, "create_client", &ClientForm::service("x").pairs())
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a viewer creates no client"
    );
    // A developer manages clients but not people.
    let res = app
        .call(
            &dev,
            "invite_member",
            &[
                ("org_id", &acme.org_id),
                ("email", "x@example.com"),
                ("role", "owner"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A new role counts from the very next request.
    let carol = app.account_id(&reader).await;
    let changed: Member = app
        .call_ok(
            &owner,
            "set_member_role",
            &[
                ("org_id", &acme.org_id),
                ("account_id", &carol),
                ("role", "developer"),
            ],
        )
        .await;
    assert_eq!(changed.role.as_str(), "developer");
    app.create_secret(&reader, id).await;
    app.call_ok::<Member>(
        &owner,
        "set_member_role",
        &[
            ("org_id", &acme.org_id),
            ("account_id", &carol),
            ("role", "viewer"),
        ],
    )
    .await;
    let res = app
        .call(
            &reader,
            "create_secret",
            &[("client_id", id), ("description", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A removed member finds nothing from their next click on.
    let bob = app.account_id(&dev).await;
    let res = app
        .call(
            &owner,
            "remove_member",
            &[("org_id", &acme.org_id), ("account_id", &bob)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (function, form) in [
        ("get_client", vec![("client_id", id)]),
        ("list_secrets", vec![("client_id", id)]),
        (
            "create_secret",
            vec![("client_id", id), ("description", "x")],
        ),
        ("get_org", vec![("org_id", &acme.org_id)]),
    ] {
        let res = app.call(&dev, function, &form).await;
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "a removed member's {function}"
        );
    }
    let after = app.whoami(&dev).await;
    assert_ne!(
        after["active_org_id"],
        acme.org_id.as_str(),
        "their pages act for their own organisation again"
    );
    assert!(
        after["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["org_id"] != acme.org_id.as_str())
    );

    // The organisation's history names each change and who made it.
    let history: Vec<app::model::AuditEntry> = app
        .call_ok::<app::model::AuditPage>(&owner, "org_history", &[("org_id", &acme.org_id)])
        .await
        .entries;
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "org.created",
        "invitation.created",
        "invitation.accepted",
        "member.role_changed",
        "member.removed",
        "client.created",
        "secret.created",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    assert!(
        history
            .iter()
            .filter(|e| e.action == "member.removed")
            .all(|e| e.actor_email.as_deref() == Some("ada@example.com"))
    );
}

async fn an_organisation_always_keeps_an_owner(app: TestApp) {
    let owner = app.new_person("ada@example.com").await;
    let ada = app.account_id(&owner).await;
    let acme: OrgSummary = app.create_org(&owner, "Acme", "").await;
    let org = acme.org_id.as_str();

    // The last owner can neither step down nor leave.
    let res = app
        .call(
            &owner,
            "set_member_role",
            &[("org_id", org), ("account_id", &ada), ("role", "developer")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "role").unwrap().contains("last owner"),
        "{body}"
    );
    let res = app
        .call(
            &owner,
            "remove_member",
            &[("org_id", org), ("account_id", &ada)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // With a second owner, the first may leave.
    let second = app.member(&owner, org, "bob@example.com", "owner").await;
    let res = app
        .call(
            &owner,
            "remove_member",
            &[("org_id", org), ("account_id", &ada)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(
        app.call(&owner, "get_org", &[("org_id", org)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // …and the one left is the last owner now.
    let bob = app.account_id(&second).await;
    let res = app
        .call(
            &second,
            "set_member_role",
            &[("org_id", org), ("account_id", &bob), ("role", "viewer")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // A personal organisation keeps its person as owner, and stays.
    let personal = app.whoami(&owner).await["orgs"][0]["org_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let helper = app
        .member(&owner, &personal, "carol@example.com", "owner")
        .await;
    let res = app
        .call(
            &helper,
            "set_member_role",
            &[
                ("org_id", &personal),
                ("account_id", &ada),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "role").unwrap().contains("personal"),
        "{body}"
    );
    let res = app
        .call(
            &owner,
            "delete_org",
            &[("org_id", &personal), ("confirm_name", "Ada Lovelace")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // An organisation that owns a live client cannot be deleted; an empty one can.
    let fresh = app.create_org(&owner, "Spare", "").await;
    app.create_client(&owner, &ClientForm::service("kept"))
        .await;
    let res = app
        .call(
            &owner,
            "delete_org",
            &[("org_id", &fresh.org_id), ("confirm_name", "Spare")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "it owns a client");
    let res = app
        .call(
            &owner,
            "delete_client",
            &[
                ("client_id", &format!("{}.kept", fresh.client_prefix)),
                ("confirm_suffix", "kept"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            &owner,
            "delete_org",
            &[("org_id", &fresh.org_id), ("confirm_name", "spare")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "the typed name must match"
    );
    let res = app
        .call(
            &owner,
            "delete_org",
            &[("org_id", &fresh.org_id), ("confirm_name", "Spare")],
        )
        .await;
    assert!(
        res.status() == StatusCode::OK || res.status().is_redirection(),
        "{}",
        res.status()
    );
    assert_eq!(
        app.call(&owner, "get_org", &[("org_id", &fresh.org_id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Bad settings are field errors.
    let res = app
        .call(
            &owner,
            "create_org",
            &[("form[name]", ""), ("form[org_number]", "974760674")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "name").is_some(), "{body}");
    assert!(
        field_message(&body, "org_number")
            .unwrap()
            .contains("MOD11"),
        "{body}"
    );
}

async fn admins_find_organisations_by_name_number_and_prefix(app: TestApp) {
    let owner = app.new_person("ada@example.com").await;
    let acme = app.create_org(&owner, "Acme Health", "974760673").await;
    app.create_client(&owner, &ClientForm::service("ledger"))
        .await;
    app.make_admin("root@example.com").await;
    let admin = crate::helpers::new_client();
    app.sign_in_with(&admin, "root@example.com", crate::helpers::PASSWORD)
        .await;

    for query in ["acme", "974760673", &acme.client_prefix[..12]] {
        let found: Vec<OrgSummary> = app
            .call_ok::<app::model::ListPage<OrgSummary>>(&admin, "search_orgs", &[("query", query)])
            .await
            .rows;
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0].org_id, acme.org_id);
        assert_eq!(found[0].clients, 1);
    }
    let none: Vec<OrgSummary> = app
        .call_ok::<app::model::ListPage<OrgSummary>>(&admin, "search_orgs", &[("query", "%")])
        .await
        .rows;
    assert!(none.is_empty(), "wildcards are literal");
    let one: app::model::OrgForAdmin = app
        .call_ok(&admin, "admin_org", &[("org_id", &acme.org_id)])
        .await;
    assert_eq!(one.members.len(), 1);
    assert_eq!(one.clients.len(), 1);
    assert_eq!(
        app.call(&owner, "search_orgs", &[("query", "acme")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&owner, "admin_org", &[("org_id", &acme.org_id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
