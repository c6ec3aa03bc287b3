use reqwest::StatusCode;

use crate::helpers::{ClientForm, TestApp};
use crate::on_both_backends;

on_both_backends!(another_organisations_ids_are_not_found);

const SYSTEM_FORM: &[(&str, &str)] = &[
    ("form[name]", "Acme Journal"),
    ("form[scopes][0]", "consents:read"),
    ("form[grant_types][0]", "client_credentials"),
    ("form[auth_method]", "client_secret_basic"),
];

/// Every id of one organisation, tried by a developer of another: each
/// operation answers 404, exactly as for an id that does not exist.
async fn another_organisations_ids_are_not_found(app: TestApp) {
    let ada = app.new_person("ada@example.com").await;
    let org = app.whoami(&ada).await["active_org_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = app
        .create_client(&ada, &ClientForm::service("ledger"))
        .await;
    let id = client.client_id.as_str();
    let secret = app.create_secret(&ada, id).await;
    let system = app.create_system(&ada, SYSTEM_FORM).await;
    let sys = system.system_id.as_str();
    let key = app.create_api_key(&ada, sys).await;
    let invitation = app.invite(&ada, &org, "friend@example.com", "viewer").await;
    let ada_id = app.account_id(&ada).await;

    let eve = app.new_person("eve@example.com").await;
    let eve_org = app.whoami(&eve).await["active_org_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let missing_client = format!("{}.ledger", "0".repeat(64));
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("get_client", vec![("client_id", id)]),
        ("list_secrets", vec![("client_id", id)]),
        ("client_history", vec![("client_id", id)]),
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
            "run_client_test",
            vec![("client_id", id), ("secret", &secret.value)],
        ),
        ("get_system", vec![("system_id", sys)]),
        ("system_clients", vec![("system_id", sys)]),
        ("list_api_keys", vec![("system_id", sys)]),
        (
            "create_api_key",
            vec![("system_id", sys), ("description", "x")],
        ),
        (
            "revoke_api_key",
            vec![("system_id", sys), ("key_id", &key.info.id)],
        ),
        (
            "delete_system",
            vec![("system_id", sys), ("confirm_name", "Acme Journal")],
        ),
        ("get_org", vec![("org_id", &org)]),
        ("org_members", vec![("org_id", &org)]),
        ("org_invitations", vec![("org_id", &org)]),
        ("org_history", vec![("org_id", &org)]),
        ("update_org", vec![("org_id", &org), ("form[name]", "Mine")]),
        (
            "delete_org",
            vec![("org_id", &org), ("confirm_name", "Ada Lovelace")],
        ),
        (
            "invite_member",
            vec![
                ("org_id", &org),
                ("email", "eve2@example.com"),
                ("role", "owner"),
            ],
        ),
        (
            "revoke_invitation",
            vec![
                ("org_id", &org),
                ("invitation_id", &invitation.invitation.invitation_id),
            ],
        ),
        (
            "set_member_role",
            vec![
                ("org_id", &org),
                ("account_id", &ada_id),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![("org_id", &org), ("account_id", &ada_id)],
        ),
        ("switch_org", vec![("org_id", &org)]),
        (
            "move_client",
            vec![("client_id", id), ("to_org", &eve_org), ("confirm", id)],
        ),
        (
            "move_system",
            vec![
                ("system_id", sys),
                ("to_org", &eve_org),
                ("confirm", "Acme Journal"),
            ],
        ),
        ("get_client", vec![("client_id", &missing_client)]),
    ];
    for (function, form) in &calls {
        let res = app.call(&eve, function, form).await;
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_eq!(status, StatusCode::NOT_FOUND, "{function}: {body}");
        assert!(
            !body.contains("Acme Journal") && !body.contains("ada@example.com"),
            "{function} leaks: {body}"
        );
    }
    // Nothing changed.
    assert_eq!(app.list_secrets(&ada, id).await.len(), 1);
    assert_eq!(
        app.get_client(&ada, id).await.status,
        app::model::ClientStatus::Active
    );
    let res = app
        .client
        .get(app.url(&format!("/api/v1/client-drafts/{missing_client}/status")))
        .header("api-key", &key.value)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The update form must not have renamed anything either.
    let org_now: app::model::OrgSummary = app.call_ok(&ada, "get_org", &[("org_id", &org)]).await;
    assert_eq!(org_now.name, "Ada Lovelace");
}
