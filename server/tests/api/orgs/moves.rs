use app::model::{AuditPage, ClientDetail, SystemSummary};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ClientForm, TestApp, field_message, jwt_claims};
use crate::on_both_backends;

on_both_backends!(owners_of_both_move_clients_and_systems_keeping_their_ids);

async fn owners_of_both_move_clients_and_systems_keeping_their_ids(app: TestApp) {
    let ada = app.new_person("ada@example.com").await;
    let personal = app.whoami(&ada).await["active_org_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = app
        .create_client(&ada, &ClientForm::service("ledger"))
        .await;
    let id = client.client_id.clone();
    let secret = app.create_secret(&ada, &id).await;
    let system = app
        .create_system(
            &ada,
            &[
                ("form[name]", "Acme Journal"),
                ("form[scopes][0]", "consents:read"),
                ("form[grant_types][0]", "client_credentials"),
                ("form[auth_method]", "client_secret_basic"),
            ],
        )
        .await;
    let key = app.create_api_key(&ada, &system.system_id).await;
    let draft = app
        .client
        .post(app.url("/api/v1/client-drafts"))
        .header("api-key", &key.value)
        .json(&serde_json::json!({"name": "Clinic 7", "scopes": ["consents:read"], "grant_types": ["client_credentials"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(draft.status(), StatusCode::CREATED);
    let draft: Value = draft.json().await.unwrap();
    let draft_id = draft["client_id"].as_str().unwrap().to_owned();

    let acme = app.create_org(&ada, "Acme", "974760673").await;

    // A typed confirmation, and a target the mover owns.
    let res = app
        .call(
            &ada,
            "move_client",
            &[
                ("client_id", &id),
                ("to_org", &acme.org_id),
                ("confirm", "Ledger"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "confirm").is_some(), "{body}");
    let res = app
        .call(
            &ada,
            "move_client",
            &[
                ("client_id", &draft_id),
                ("to_org", &acme.org_id),
                ("confirm", &draft_id),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a system's client moves only with its system"
    );

    let res = app
        .call(
            &ada,
            "move_client",
            &[
                ("client_id", &id),
                ("to_org", &acme.org_id),
                ("confirm", "ledger"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let moved: ClientDetail = app.get_client(&ada, &id).await;
    assert_eq!(moved.client_id, id, "the id stays");
    assert_eq!(moved.org_id, acme.org_id);

    // The old secret still works; tokens now name the new organisation.
    let res = app
        .token_basic(&id, &secret.value, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let claims = jwt_claims(body["access_token"].as_str().unwrap());
    assert_eq!(claims["org_id"], acme.org_id.as_str());
    assert_eq!(claims["org_number"], "974760673");

    // The system moves with its drafts; its key keeps working.
    let res = app
        .call(
            &ada,
            "move_system",
            &[
                ("system_id", &system.system_id),
                ("to_org", &acme.org_id),
                ("confirm", "Acme Journal"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let moved: SystemSummary = app
        .call_ok(&ada, "get_system", &[("system_id", &system.system_id)])
        .await;
    assert_eq!(moved.org_id, acme.org_id);
    assert_eq!(app.get_client(&ada, &draft_id).await.org_id, acme.org_id);
    let status = app
        .client
        .get(app.url(&format!("/api/v1/client-drafts/{draft_id}/status")))
        .header("api-key", &key.value)
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), StatusCode::OK);

    // Both organisations' histories record the moves.
    let history = |org: String| {
        let ada = &ada;
        let app = &app;
        async move {
            let page: AuditPage = app.call_ok(ada, "org_history", &[("org_id", &org)]).await;
            page.entries
                .into_iter()
                .map(|e| e.action)
                .collect::<Vec<_>>()
        }
    };
    let from = history(personal.clone()).await;
    let to = history(acme.org_id.clone()).await;
    assert!(
        from.contains(&"client.moved_out".into()) && from.contains(&"system.moved_out".into()),
        "{from:?}"
    );
    assert!(
        to.contains(&"client.moved_in".into()) && to.contains(&"system.moved_in".into()),
        "{to:?}"
    );

    // Only an owner of both may move: a developer of the target may not.
    let bob = app
        .member(&ada, &acme.org_id, "bob@example.com", "developer")
        .await;
    let bob_org = app.whoami(&bob).await["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["personal"] == true)
        .unwrap()["org_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .call(
            &bob,
            "move_client",
            &[
                ("client_id", &id),
                ("to_org", &bob_org),
                ("confirm", "ledger"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(
            &ada,
            "move_client",
            &[
                ("client_id", &id),
                ("to_org", &bob_org),
                ("confirm", "ledger"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        field_message(&body, "to_org").as_deref(),
        Some("Choose an organisation where you are an owner."),
        "the same answer for any organisation ada does not own: {body}"
    );
}
