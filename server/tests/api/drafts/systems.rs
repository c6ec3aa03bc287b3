//! Client systems and their API keys belong to their developer.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    systems_and_their_api_keys_belong_to_their_developer,
    a_developer_narrows_or_deletes_a_system,
);

async fn systems_and_their_api_keys_belong_to_their_developer(app: TestApp) {
    app.sign_up("dev@example.com").await;
    // Every problem at once, each on its field.
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", ""),
            ("form[allow_refresh]", "on"),
            ("form[grant_types][0]", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = json_of(res).await;
    assert!(field_message(&body, "name").is_some(), "{body}");
    assert!(
        field_message(&body, "scopes")
            .unwrap()
            .contains("at least one")
    );
    assert!(
        field_message(&body, "allow_refresh")
            .unwrap()
            .contains("authorization_code")
    );
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", "Acme"),
            ("form[grant_types][0]", "implicit"),
            ("form[scopes][0]", "nope:nope"),
        ],
    )
    .await;
    let body = json_of(res).await;
    assert!(
        field_message(&body, "grant_types")
            .unwrap()
            .contains("not offered")
    );
    // An unknown scope is refused by the catalog check.
    let res = create_system(
        &app,
        &app.client,
        &[
            ("form[name]", "Acme"),
            ("form[grant_types][0]", "client_credentials"),
            ("form[scopes][0]", "nope:nope"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        field_message(&json_of(res).await, "scopes")
            .unwrap()
            .contains("not a scope in the catalog")
    );

    let res = create_system(&app, &app.client, &PKJWT_SYSTEM[..4]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = json_of(res).await;
    let system_id = system["system_id"].as_str().unwrap().to_owned();
    assert_eq!(system["auth_method"], "private_key_jwt");
    assert_eq!(system["scopes"], json!(["consents:read"]));

    let res = app
        .call(
            &app.client,
            "create_api_key",
            &[("system_id", &system_id), ("description", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(field_message(&json_of(res).await, "description").is_some());
    let key = api_key(&app, &app.client, &system_id).await;
    assert!(key.starts_with("pak_") && key.len() == 47, "{key}");

    // Listed without the value; the database keeps a hash only.
    let keys = json_of(
        app.call(&app.client, "list_api_keys", &[("system_id", &system_id)])
            .await,
    )
    .await["rows"]
        .clone();
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert_eq!(keys[0]["hint"], key[4..8]);
    assert!(!keys.to_string().contains(&key));
    let stored: Vec<(String,)> = sqlx::query_as("SELECT key_hash FROM system_api_keys")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_ne!(stored[0].0, key);
    assert_eq!(stored[0].0.len(), 64);
    let listed = json_of(app.call(&app.client, "list_systems", &[]).await).await;
    assert_eq!(listed["rows"][0]["active_keys"], 1);

    // Another developer sees nothing and touches nothing.
    let other = new_client();
    app.sign_up_with(&other, "other@example.com", crate::helpers::PASSWORD)
        .await;
    for (function, form) in [
        ("get_system", vec![("system_id", system_id.as_str())]),
        ("list_api_keys", vec![("system_id", system_id.as_str())]),
        (
            "create_api_key",
            vec![("system_id", system_id.as_str()), ("description", "x")],
        ),
        (
            "revoke_api_key",
            vec![
                ("system_id", system_id.as_str()),
                ("key_id", keys[0]["id"].as_str().unwrap()),
            ],
        ),
    ] {
        let res = app.call(&other, function, &form).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{function}");
    }
    let theirs = json_of(app.call(&other, "list_systems", &[]).await).await;
    assert_eq!(theirs["rows"], json!([]));

    // Revoked keys stop working at once.
    let body = json!({"name": "Clinic", "scopes": ["consents:read"], "grant_types": ["client_credentials"], "jwk": new_key().1});
    assert_eq!(
        post_draft(&app, Some(&key), &body).await.status(),
        StatusCode::CREATED
    );
    let res = app
        .call(
            &app.client,
            "revoke_api_key",
            &[
                ("system_id", &system_id),
                ("key_id", keys[0]["id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    refused_key(post_draft(&app, Some(&key), &body).await).await;
    let keys = json_of(
        app.call(&app.client, "list_api_keys", &[("system_id", &system_id)])
            .await,
    )
    .await["rows"]
        .clone();
    assert_eq!(keys[0]["state"], "revoked");
    assert!(keys[0]["last_used_at"].is_i64());

    let audit: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.0.as_str()).collect();
    for expected in [
        "system.created",
        "system.api_key_created",
        "client.draft_created",
        "system.api_key_revoked",
    ] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    assert!(!format!("{audit:?}").contains(&key));
}

async fn a_developer_narrows_or_deletes_a_system(app: TestApp) {
    let (system_id, key) = system_with_key(&app, &PKJWT_SYSTEM[..4]).await;
    let client_id = new_draft(&app, &key).await;
    let draft = |scope: &str| json!({"name": "Clinic", "scopes": [scope], "grant_types": ["client_credentials"], "jwk": new_key().1});
    let update = |form: Vec<(&'static str, &'static str)>| {
        let (app, system_id) = (&app, system_id.clone());
        async move {
            let mut all = vec![("system_id", system_id.as_str())];
            all.extend(form);
            app.call(&app.client, "update_system", &all).await
        }
    };
    // Another developer can neither change nor delete it.
    let other = new_client();
    app.sign_up_with(&other, "other@example.com", crate::helpers::PASSWORD)
        .await;
    let res = app
        .call(
            &other,
            "update_system",
            &[
                ("system_id", &system_id),
                ("form[name]", "Mine now"),
                ("form[grant_types][0]", "client_credentials"),
                ("form[scopes][0]", "email"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .call(
            &other,
            "delete_system",
            &[("system_id", &system_id), ("confirm_name", "Acme Journal")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Swap consents:read for email: new drafts follow, old clients stay.
    let res = update(vec![
        ("form[name]", "Acme Journal 2"),
        ("form[grant_types][0]", "client_credentials"),
        ("form[scopes][0]", "email"),
        ("form[auth_method]", "client_secret_basic"),
    ])
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = json_of(res).await;
    assert_eq!(system["name"], "Acme Journal 2");
    assert_eq!(system["scopes"], json!(["email"]));
    assert_eq!(
        system["auth_method"], "private_key_jwt",
        "the auth method is fixed"
    );
    let res = post_draft(&app, Some(&key), &draft("consents:read")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        status_json(&app, &key, &client_id).await["client"]["reason"],
        "awaiting_confirmation"
    );

    // Deleting needs its name; then its keys stop working, its clients stay.
    let res = app
        .call(
            &app.client,
            "delete_system",
            &[("system_id", &system_id), ("confirm_name", "nope")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(
            &app.client,
            "delete_system",
            &[
                ("system_id", &system_id),
                ("confirm_name", "Acme Journal 2"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    refused_key(post_draft(&app, Some(&key), &draft("email")).await).await;
    let res = app
        .call(&app.client, "get_system", &[("system_id", &system_id)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(app.call(&app.client, "list_systems", &[]).await).await["rows"],
        json!([])
    );
    let res = app
        .call(&app.client, "get_client", &[("client_id", &client_id)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE action LIKE 'system.%' ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert!(
        actions.contains(&"system.updated") && actions.contains(&"system.deleted"),
        "{actions:?}"
    );
}
