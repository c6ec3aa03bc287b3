//! The OpenID provider: discovery, JWKS, client_credentials, introspection,
//! revocation and the consents API, with every client-authentication error.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::JsonWebKey as _;
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::helpers::{ClientForm, PASSWORD, TestApp, new_client, register_cc_client};
use crate::on_both_backends;

on_both_backends!(
    discovery_and_jwks_describe_the_provider,
    client_credentials_gives_a_signed_jwt_that_opens_the_consents_api,
    bad_client_credentials_get_invalid_client,
    clients_get_only_granted_scopes_and_only_when_active,
    repeated_failures_are_rate_limited_per_client,
    introspection_and_revocation_follow_rfc_7662_and_7009,
    tokens_die_with_their_client_on_every_replica,
    rotated_keys_sign_new_tokens_and_old_ones_still_verify,
    the_test_tab_runs_the_ett_check_with_a_pasted_secret,
);

/// The error code of an RFC 6749 error response, after checking it is one.
async fn oauth_error(res: Response, status: StatusCode) -> (String, String) {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    let description = body["error_description"].as_str().unwrap().to_owned();
    assert!(!description.is_empty());
    (body["error"].as_str().unwrap().to_owned(), description)
}

fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

async fn discovery_and_jwks_describe_the_provider(app: TestApp) {
    let meta: Value = app.get_json("/.well-known/openid-configuration").await;
    assert_eq!(meta["issuer"], app.base);
    assert_eq!(meta["token_endpoint"], app.url("/oauth2/token"));
    assert_eq!(meta["jwks_uri"], app.url("/oauth2/jwks"));
    assert_eq!(
        meta["introspection_endpoint"],
        app.url("/oauth2/introspect")
    );
    assert_eq!(meta["revocation_endpoint"], app.url("/oauth2/revoke"));
    assert_eq!(
        meta["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    let algs = meta["id_token_signing_alg_values_supported"].to_string();
    assert!(algs.contains("RS256") && algs.contains("ES256"), "{algs}");
    let grants = meta["grant_types_supported"].to_string();
    assert!(grants.contains("client_credentials") && grants.contains("refresh_token"));
    assert!(
        meta["scopes_supported"]
            .to_string()
            .contains("consents:read")
    );
    let rfc8414: Value = app
        .get_json("/.well-known/oauth-authorization-server")
        .await;
    assert_eq!(rfc8414["issuer"], app.base);

    let jwks: Value = app.get_json("/oauth2/jwks").await;
    let keys = jwks["keys"].as_array().unwrap();
    let kinds: Vec<&str> = keys.iter().map(|k| k["kty"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 2, "{jwks}");
    assert!(kinds.contains(&"EC") && kinds.contains(&"RSA"));
    for key in keys {
        assert!(key["kid"].is_string());
        assert_eq!(key["use"], "sig");
        assert!(key.get("d").is_none(), "no private parts in the JWKS");
    }
    // The private keys are sealed in the database, not stored as PKCS#8.
    let (sealed,): (String,) =
        sqlx::query_as("SELECT sealed_private_key FROM signing_keys LIMIT 1")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&sealed)
        .unwrap();
    assert!(!raw.windows(3).any(|w| w == [0x30, 0x81, 0x87]) && !raw.starts_with(&[0x30, 0x82]));
}

async fn client_credentials_gives_a_signed_jwt_that_opens_the_consents_api(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let res = app
        .token_basic(
            &reg.client_id,
            &reg.secret,
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["token_type"].as_str().unwrap().to_lowercase(),
        "bearer"
    );
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "consents:read");
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    let token = body["access_token"].as_str().unwrap();

    // RFC 9068: typ at+jwt, ES256, signed by a key in the JWKS.
    let header = decode_part(token, 0);
    assert_eq!(header["typ"], "at+jwt");
    assert_eq!(header["alg"], "ES256");
    let jwks: CoreJsonWebKeySet =
        serde_json::from_value(app.get_json("/oauth2/jwks").await).unwrap();
    let key = jwks
        .keys()
        .iter()
        .find(|k| k.key_id().map(|id| id.as_str()) == header["kid"].as_str())
        .expect("kid in the JWKS");
    let (signed, signature) = token.rsplit_once('.').unwrap();
    key.verify_signature(
        &CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        signed.as_bytes(),
        &URL_SAFE_NO_PAD.decode(signature).unwrap(),
    )
    .expect("signature verifies with the published key");
    let claims = decode_part(token, 1);
    assert_eq!(claims["iss"], app.base);
    assert_eq!(claims["sub"], reg.client_id);
    assert_eq!(claims["client_id"], reg.client_id);
    assert_eq!(claims["aud"], serde_json::json!(["portico"]));
    assert_eq!(claims["scope"], "consents:read");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    assert!(claims["jti"].as_str().unwrap().len() >= 16);

    // The ETT check: a new client sees no consents.
    let res = app.consents(Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), serde_json::json!([]));
    let res = app.consents(None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        res.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let res = app.consents(Some("x.y.z")).await;
    assert_eq!(
        oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
        "invalid_token"
    );

    // client_secret_post works too, and use is recorded on the secret.
    let res = app
        .post_form(
            "/oauth2/token",
            None,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &reg.client_id),
                ("client_secret", &reg.secret),
                ("scope", "consents:read"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut last_used = Value::Null;
    for _ in 0..50 {
        let secrets: Value = app
            .call_ok(
                &app.client,
                "list_secrets",
                &[("client_id", &reg.client_id)],
            )
            .await;
        last_used = secrets["rows"][0]["last_used_at"].clone();
        if last_used.is_i64() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(last_used.is_i64(), "last used recorded");
}

async fn bad_client_credentials_get_invalid_client(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let cc = [("grant_type", "client_credentials")];
    let wrong = format!("{}x", &reg.secret[..42]);
    for (id, secret) in [
        (reg.client_id.as_str(), wrong.as_str()),
        ("nobody.unknown", reg.secret.as_str()),
    ] {
        let res = app.token_basic(id, secret, &cc).await;
        assert_eq!(res.headers()["www-authenticate"], "Basic realm=\"portico\"");
        assert_eq!(
            oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
            "invalid_client"
        );
    }
    let res = app.post_form("/oauth2/token", None, &cc).await;
    assert_eq!(
        oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
        "invalid_client"
    );

    // A revoked secret stops working at once, even right after a success
    // (which put it in the verified-secret cache).
    app.cc_token(&reg).await;
    let res = app
        .call(
            &app.client,
            "revoke_secret",
            &[("client_id", &reg.client_id), ("secret_id", &reg.secret_id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.token_basic(&reg.client_id, &reg.secret, &cc).await;
    assert_eq!(
        oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
        "invalid_client"
    );

    // An expired secret never authenticates.
    let other = register_cc_client(&app, "dev2@example.com", "other").await;
    app.sql(&format!(
        "UPDATE client_secrets SET expires_at = 1 WHERE id = '{}'",
        other.secret_id
    ))
    .await;
    let res = app.token_basic(&other.client_id, &other.secret, &cc).await;
    assert_eq!(
        oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
        "invalid_client"
    );

    // Malformed requests are invalid_request, never a 500 or HTML.
    let res = app
        .post_form(
            "/oauth2/token",
            Some((&other.client_id, &other.secret)),
            &[
                ("grant_type", "client_credentials"),
                ("client_secret", "again"),
            ],
        )
        .await;
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "invalid_request"
    );
    let res = app
        .client
        .post(app.url("/oauth2/token"))
        .body("grant_type=client_credentials&grant_type=password")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "invalid_request"
    );
    let res = app
        .client
        .post(app.url("/oauth2/token"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "invalid_request"
    );
    let res = app
        .token_basic(
            &other.client_id,
            &other.secret,
            &[("grant_type", "password")],
        )
        .await;
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "unsupported_grant_type"
    );
}

async fn clients_get_only_granted_scopes_and_only_when_active(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    for (scope, why) in [("wallet:create", "not granted"), ("openid", "an end user")] {
        let res = app
            .token_basic(
                &reg.client_id,
                &reg.secret,
                &[("grant_type", "client_credentials"), ("scope", scope)],
            )
            .await;
        let (code, description) = oauth_error(res, StatusCode::BAD_REQUEST).await;
        assert_eq!(code, "invalid_scope", "{scope}");
        assert!(
            description.contains(why) || description.contains(scope),
            "{description}"
        );
    }

    // Suspended (and any other non-active) clients get invalid_client.
    // (Set in the database directly, before the first token request, until
    // admins can suspend clients in the portal.)
    let held = register_cc_client(&app, "dev2@example.com", "held").await;
    app.sql(&format!(
        "UPDATE clients SET status = 'suspended' WHERE id = '{}'",
        held.client_id
    ))
    .await;
    let res = app
        .token_basic(
            &held.client_id,
            &held.secret,
            &[("grant_type", "client_credentials")],
        )
        .await;
    let (code, description) = oauth_error(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(code, "invalid_client");
    assert!(description.contains("suspended"), "{description}");

    // A client without the grant is unauthorized_client.
    let form = ClientForm::new("web", "Web", "confidential")
        .grants(&["authorization_code"])
        .scopes(&["openid"])
        .redirect_uris(&["https://app.example.com/cb"]);
    let web = app.create_client(&app.client, &form).await;
    let secret = app.create_secret(&app.client, &web.client_id).await;
    let res = app
        .token_basic(
            &web.client_id,
            &secret.value,
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "unauthorized_client"
    );
}

async fn repeated_failures_are_rate_limited_per_client(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let cc = [("grant_type", "client_credentials")];
    let wrong = format!("{}zzzz", &reg.secret[..39]);
    for _ in 0..10 {
        let res = app.token_basic(&reg.client_id, &wrong, &cc).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.token_basic(&reg.client_id, &wrong, &cc).await;
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(
        oauth_error(res, StatusCode::TOO_MANY_REQUESTS).await.0,
        "invalid_client"
    );
    // Other clients are not affected.
    let other = register_cc_client(&app, "dev2@example.com", "other").await;
    app.cc_token(&other).await;
}

async fn introspection_and_revocation_follow_rfc_7662_and_7009(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let token = app.cc_token(&reg).await;
    let introspect = |token: String| {
        let (app, reg) = (&app, &reg);
        async move {
            let res = app
                .post_form(
                    "/oauth2/introspect",
                    Some((&reg.client_id, &reg.secret)),
                    &[("token", token.as_str())],
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    let active = introspect(token.clone()).await;
    assert_eq!(active["active"], true);
    assert_eq!(active["client_id"], reg.client_id);
    assert_eq!(active["scope"], "consents:read");
    assert_eq!(active["token_type"], "Bearer");
    assert_eq!(
        introspect("garbage".into()).await,
        serde_json::json!({"active": false})
    );

    // Introspection needs client authentication.
    let res = app
        .post_form("/oauth2/introspect", None, &[("token", token.as_str())])
        .await;
    assert_eq!(
        oauth_error(res, StatusCode::UNAUTHORIZED).await.0,
        "invalid_client"
    );

    // Another client may not revoke this client's token, nor learn about
    // it; a resource server of the token's audience may.
    let other = register_cc_client(&app, "dev2@example.com", "other").await;
    let res = app
        .post_form(
            "/oauth2/introspect",
            Some((&other.client_id, &other.secret)),
            &[("token", token.as_str())],
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"active": false}), "not its token");
    let api = app.resource_server("portico").await;
    let res = app
        .post_form(
            "/oauth2/introspect",
            Some((&api.client_id, &api.secret)),
            &[("token", token.as_str())],
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["active"], true, "a resource server of the audience");
    assert_eq!(body["client_id"], reg.client_id);
    let res = app
        .post_form(
            "/oauth2/revoke",
            Some((&other.client_id, &other.secret)),
            &[("token", token.as_str())],
        )
        .await;
    assert_eq!(
        oauth_error(res, StatusCode::BAD_REQUEST).await.0,
        "unauthorized_client"
    );
    assert_eq!(introspect(token.clone()).await["active"], true);

    for _ in 0..2 {
        // Revoking twice (or an unknown token) is still 200.
        let res = app
            .post_form(
                "/oauth2/revoke",
                Some((&reg.client_id, &reg.secret)),
                &[
                    ("token", token.as_str()),
                    ("token_type_hint", "access_token"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(introspect(token.clone()).await["active"], false);
    let res = app.consents(Some(&token)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// Two real replicas on one database: what one replica changes, the
/// other stops trusting from its caches within about a second (a code path
/// that forgot to move the cache generations would fail here).
async fn tokens_die_with_their_client_on_every_replica(app: TestApp) {
    let other = app.replica().await;
    let introspector = app.resource_server("portico").await;
    let introspect = |token: String| {
        let (app, by) = (&app, &introspector);
        async move {
            let body: Value = app
                .post_form(
                    "/oauth2/introspect",
                    Some((&by.client_id, &by.secret)),
                    &[("token", token.as_str())],
                )
                .await
                .json()
                .await
                .unwrap();
            body["active"].as_bool().unwrap()
        }
    };
    let eventually_inactive = |token: String| {
        let introspect = &introspect;
        async move {
            for _ in 0..50 {
                if !introspect(token.clone()).await {
                    return true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            false
        }
    };
    // Signed in as dev@ on this replica from here on.
    let gone = register_cc_client(&app, "dev@example.com", "gone").await;
    let held = app.service_client("held").await;
    let gone_token = app.cc_token(&gone).await;
    let held_token = app.cc_token(&held).await;
    // Checked once here, so both are remembered as live on this replica.
    assert!(introspect(gone_token.clone()).await);
    assert!(introspect(held_token.clone()).await);

    // The developer deletes a client on the other replica.
    let dev = new_client();
    let res = other
        .call(
            &dev,
            "sign_in",
            &[("email", "dev@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = other
        .call(
            &dev,
            "delete_client",
            &[("client_id", &gone.client_id), ("confirm_suffix", "gone")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        eventually_inactive(gone_token).await,
        "a client deleted on another replica must stop its tokens here"
    );

    // An admin suspends the other client on the other replica: its token
    // and its (cached, verified) secret stop working here too.
    let admin = new_client();
    let res = other
        .call(
            &admin,
            "sign_in",
            &[("email", "root@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = other
        .call(
            &admin,
            "set_suspended",
            &[
                ("client_id", &held.client_id),
                ("suspended", "true"),
                ("reason", "audit"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        eventually_inactive(held_token).await,
        "a client suspended on another replica must stop its tokens here"
    );
    let res = app
        .token_basic(
            &held.client_id,
            &held.secret,
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "no new tokens either"
    );
}

async fn rotated_keys_sign_new_tokens_and_old_ones_still_verify(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let other = app.replica().await;
    let old = app.cc_token(&reg).await;
    let added = app
        .state
        .provider
        .keys()
        .rotate(server::audit::Actor::Portico)
        .await
        .unwrap();
    assert_eq!(added.len(), 2);
    let jwks: Value = app.get_json("/oauth2/jwks").await;
    let published: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(
        published.len(),
        4,
        "the new keys are published at once, the old ones stay"
    );
    // The other replica publishes them within a second or two, before
    // they sign anything.
    let other_jwks = || {
        let url = other.url("/oauth2/jwks");
        async move {
            let jwks: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
            jwks["keys"].as_array().unwrap().len()
        }
    };
    let mut published_there = false;
    for _ in 0..30 {
        if other_jwks().await == 4 {
            published_there = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        published_there,
        "the other replica publishes the new keys within 3 s"
    );
    // The new keys sign only once every replica publishes them.
    let right_after = app.cc_token(&reg).await;
    assert_eq!(
        decode_part(&old, 0)["kid"],
        decode_part(&right_after, 0)["kid"]
    );
    let mut new = right_after;
    for _ in 0..100 {
        if decode_part(&new, 0)["kid"] != decode_part(&old, 0)["kid"] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        new = app.cc_token(&reg).await;
    }
    let new_kid = decode_part(&new, 0)["kid"].as_str().unwrap().to_owned();
    assert_ne!(
        decode_part(&old, 0)["kid"],
        new_kid.as_str(),
        "new keys sign within seconds"
    );
    assert!(
        published.contains(&new_kid.as_str()),
        "and were published before"
    );
    for token in [old, new] {
        let res = app.consents(Some(&token)).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

async fn the_test_tab_runs_the_ett_check_with_a_pasted_secret(app: TestApp) {
    let reg = register_cc_client(&app, "dev@example.com", "billing").await;
    let run = |secret: String| {
        let app = &app;
        let id = reg.client_id.clone();
        async move {
            app.call(
                &app.client,
                "run_client_test",
                &[("client_id", &id), ("secret", &secret)],
            )
            .await
        }
    };
    let res = run(reg.secret.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["ok"], true, "{result}");
    let steps = result["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0]["status"], 200);
    assert!(
        steps[1]["response"]
            .as_str()
            .unwrap()
            .contains("\"scope\": \"consents:read\"")
    );
    assert_eq!(steps[2]["status"], 200);
    assert_eq!(steps[2]["response"], "[]");
    assert!(
        !result.to_string().contains(&reg.secret),
        "the secret is not echoed"
    );

    let wrong = run(format!("{}x", &reg.secret[..42]))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(wrong["ok"], false);
    assert_eq!(wrong["steps"].as_array().unwrap().len(), 1);
    assert_eq!(wrong["steps"][0]["status"], 401);
    assert!(
        wrong["steps"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("Secrets tab")
    );

    let empty = run(String::new()).await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

    // Another developer cannot run tests on this client.
    let other = crate::helpers::new_client();
    app.sign_up_with(&other, "eve@example.com", crate::helpers::PASSWORD)
        .await;
    let res = app
        .call(
            &other,
            "run_client_test",
            &[("client_id", &reg.client_id), ("secret", &reg.secret)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
