//! `private_key_jwt` (RFC 7523): a client registers its public key in the
//! portal and gets tokens with assertions signed by its private key.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, field_message};
use crate::on_both_backends;

on_both_backends!(
    a_client_with_a_registered_key_gets_tokens_with_signed_assertions,
    bad_assertions_get_invalid_client_with_the_reason,
    the_portal_accepts_only_public_signing_keys,
);

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub struct KeyClient {
    pub client_id: String,
    pub pair: EcdsaKeyPair,
    pub token_endpoint: String,
}

pub fn new_key() -> (EcdsaKeyPair, Value) {
    new_key_with_kid("key-1")
}

pub fn new_key_with_kid(kid: &str) -> (EcdsaKeyPair, Value) {
    let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let point = pair.public_key().as_ref().to_vec();
    let jwk = json!({
        "kty": "EC", "crv": "P-256", "kid": kid, "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..]),
    });
    (pair, jwk)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn sign(pair: &EcdsaKeyPair, claims: &Value) -> String {
    sign_with_kid(pair, "key-1", claims)
}

pub fn sign_with_kid(pair: &EcdsaKeyPair, kid: &str, claims: &Value) -> String {
    let header = json!({"alg": "ES256", "kid": kid, "typ": "JWT"});
    let mut jwt = URL_SAFE_NO_PAD.encode(header.to_string());
    jwt.push('.');
    jwt.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = pair.sign(&SystemRandom::new(), jwt.as_bytes()).unwrap();
    jwt.push('.');
    jwt.push_str(&URL_SAFE_NO_PAD.encode(signature.as_ref()));
    jwt
}

impl KeyClient {
    pub fn claims(&self, jti: &str) -> Value {
        json!({
            "iss": self.client_id, "sub": self.client_id, "aud": self.token_endpoint,
            "iat": now(), "exp": now() + 60, "jti": jti,
        })
    }

    pub async fn token_with(&self, app: &TestApp, assertion: &str) -> Response {
        app.client
            .post(&self.token_endpoint)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", ASSERTION_TYPE),
                ("client_assertion", assertion),
            ])
            .send()
            .await
            .unwrap()
    }
}

/// Registers a private_key_jwt client for the signed-in developer.
async fn register(app: &TestApp, jwks: &str) -> Response {
    register_with_scope(app, jwks, "consents:read").await
}

async fn register_with_scope(app: &TestApp, jwks: &str, scope: &str) -> Response {
    app.call(
        &app.client,
        "create_client",
        &[
            ("suffix", "signer"),
            ("form[display_name]", "Signer"),
            ("form[kind]", "confidential"),
            ("form[auth_method]", "private_key_jwt"),
            ("form[jwks]", jwks),
            ("form[grant_types][0]", "client_credentials"),
            ("form[scopes][0]", scope),
        ],
    )
    .await
}

async fn key_client(app: &TestApp) -> KeyClient {
    key_client_with_scope(app, "consents:read").await
}

/// A developer and a private_key_jwt client with one scope.
pub async fn key_client_with_scope(app: &TestApp, scope: &str) -> KeyClient {
    app.sign_up("keys@example.com").await;
    let (pair, jwk) = new_key();
    let res = register_with_scope(app, &jwk.to_string(), scope).await;
    assert_eq!(res.status(), StatusCode::OK);
    let client: Value = res.json().await.unwrap();
    assert_eq!(client["token_endpoint_auth_method"], "private_key_jwt");
    let discovery = app.get_json("/.well-known/openid-configuration").await;
    KeyClient {
        client_id: client["client_id"].as_str().unwrap().to_owned(),
        pair,
        token_endpoint: discovery["token_endpoint"].as_str().unwrap().to_owned(),
    }
}

async fn refused(res: Response) -> String {
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    body["error_description"].as_str().unwrap().to_owned()
}

async fn a_client_with_a_registered_key_gets_tokens_with_signed_assertions(app: TestApp) {
    let discovery = app.get_json("/.well-known/openid-configuration").await;
    let methods = discovery["token_endpoint_auth_methods_supported"].to_string();
    assert!(methods.contains("private_key_jwt"), "{methods}");
    assert!(
        discovery["token_endpoint_auth_signing_alg_values_supported"]
            .to_string()
            .contains("ES256")
    );

    let client = key_client(&app).await;
    let res = client
        .token_with(&app, &sign(&client.pair, &client.claims("one")))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let consents = app.consents(Some(token)).await;
    assert_eq!(consents.status(), StatusCode::OK);
    assert_eq!(consents.json::<Value>().await.unwrap(), json!([]));

    // The issuer is an accepted audience too; each assertion has its own jti.
    let mut claims = client.claims("two");
    claims["aud"] = json!([discovery["issuer"]]);
    let res = client.token_with(&app, &sign(&client.pair, &claims)).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn bad_assertions_get_invalid_client_with_the_reason(app: TestApp) {
    let client = key_client(&app).await;
    let used = sign(&client.pair, &client.claims("once"));
    assert_eq!(
        client.token_with(&app, &used).await.status(),
        StatusCode::OK
    );
    assert!(
        refused(client.token_with(&app, &used).await)
            .await
            .contains("already used")
    );

    let (stranger, _) = new_key();
    let forged = sign(&stranger, &client.claims("forged"));
    assert!(
        refused(client.token_with(&app, &forged).await)
            .await
            .contains("signature")
    );

    let mut claims = client.claims("elsewhere");
    claims["aud"] = json!("https://other.example/token");
    let res = client.token_with(&app, &sign(&client.pair, &claims)).await;
    assert!(refused(res).await.contains("aud"));

    let mut claims = client.claims("old");
    claims["exp"] = json!(now() - 600);
    let res = client.token_with(&app, &sign(&client.pair, &claims)).await;
    assert!(refused(res).await.contains("expired"));

    // A client_id that differs from the assertion's subject.
    let res = app
        .client
        .post(&client.token_endpoint)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "someone.else"),
            ("client_assertion_type", ASSERTION_TYPE),
            (
                "client_assertion",
                &sign(&client.pair, &client.claims("mixed")),
            ),
        ])
        .send()
        .await
        .unwrap();
    assert!(refused(res).await.contains("sub"));

    // A secret cannot stand in for the key.
    let secret: Value = app
        .call_ok(
            &app.client,
            "create_secret",
            &[("client_id", &client.client_id), ("description", "stray")],
        )
        .await;
    let res = app
        .post_form(
            "/oauth2/token",
            Some((&client.client_id, secret["value"].as_str().unwrap())),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert!(refused(res).await.contains("private_key_jwt"));

    // Suspended: the signature is fine, the client is not.
    app.sql(&format!(
        "UPDATE clients SET status = 'suspended' WHERE id = '{}'",
        client.client_id
    ))
    .await;
    let res = client
        .token_with(&app, &sign(&client.pair, &client.claims("suspended")))
        .await;
    assert!(refused(res).await.contains("suspended"));
}

async fn the_portal_accepts_only_public_signing_keys(app: TestApp) {
    app.sign_up("keys@example.com").await;
    let (_, mut jwk) = new_key();
    jwk["d"] = json!(URL_SAFE_NO_PAD.encode([7u8; 32]));
    let res = register(&app, &jwk.to_string()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    let message = field_message(&body, "jwks").unwrap();
    assert!(message.contains("private key"), "{message}");

    // private_key_jwt without a key says so on the field.
    let res = register(&app, "").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(field_message(&body, "jwks").unwrap().contains("public key"));
}
