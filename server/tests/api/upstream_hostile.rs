//! A provider that answers with whatever ID token the test shapes (its own
//! discovery document, JWKS and token endpoint on a random port): Portico
//! must believe none that is not for it, from it, fresh, with its nonce
//! and signed by a published key — and must believe the one that is.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, Nonce, StandardClaims,
    SubjectIdentifier,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::oidc::keys::signing_key::SigningKey;
use tokio::net::TcpListener;
use url::Url;

use crate::helpers::{PASSWORD, TestApp, new_client};
use crate::on_both_backends;

on_both_backends!(id_tokens_that_are_not_for_portico_sign_nobody_in);

/// How the next ID token is made.
#[derive(Clone)]
struct Shape {
    issuer: String,
    audience: String,
    nonce: String,
    expires_in: Duration,
    /// Signed by the published key (else by one the JWKS does not have).
    published_key: bool,
}

/// What a case changes in a good ID token.
type Tamper = fn(Shape) -> Shape;

struct Hostile {
    base: String,
    key: SigningKey,
    stranger: SigningKey,
    shape: Mutex<Option<Shape>>,
}

impl Hostile {
    async fn start() -> Arc<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let alg = app::domain::SigningAlg::Rs256;
        let this = Arc::new(Self {
            base: format!("http://{addr}"),
            key: SigningKey::generate(alg, "published".into()).unwrap().0,
            stranger: SigningKey::generate(alg, "published".into()).unwrap().0,
            shape: Mutex::new(None),
        });
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(this.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        this
    }

    fn id_token(&self, shape: &Shape) -> String {
        let now = Utc::now();
        let claims = CoreIdTokenClaims::new(
            IssuerUrl::new(shape.issuer.clone()).unwrap(),
            vec![Audience::new(shape.audience.clone())],
            now + shape.expires_in,
            now,
            StandardClaims::new(SubjectIdentifier::new("mallory-1".into()))
                .set_email(Some(EndUserEmail::new("mallory@corp.example".into())))
                .set_email_verified(Some(true)),
            EmptyAdditionalClaims {},
        )
        .set_nonce(Some(Nonce::new(shape.nonce.clone())));
        let key = if shape.published_key {
            &self.key
        } else {
            &self.stranger
        };
        CoreIdToken::new(
            claims,
            key,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            None,
            None,
        )
        .unwrap()
        .to_string()
    }
}

async fn discovery(State(this): State<Arc<Hostile>>) -> Json<Value> {
    let base = &this.base;
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks(State(this): State<Arc<Hostile>>) -> Json<Value> {
    let set = CoreJsonWebKeySet::new(vec![this.key.public_jwk().clone()]);
    Json(serde_json::to_value(set).unwrap())
}

async fn token(State(this): State<Arc<Hostile>>) -> Json<Value> {
    let shape = this.shape.lock().unwrap().clone().expect("a shape");
    Json(json!({
        "access_token": "opaque",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": this.id_token(&shape),
    }))
}

fn param(url: &str, name: &str) -> String {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

async fn id_tokens_that_are_not_for_portico_sign_nobody_in(app: TestApp) {
    let hostile = Hostile::start().await;
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let _: Value = app
        .call_ok(
            &admin,
            "save_identity_provider",
            &[
                ("id", "evil"),
                ("display_name", "Evil SSO"),
                ("issuer", hostile.base.as_str()),
                ("client_id", "portico"),
                ("client_secret", "s3cret"),
                ("enabled", "on"),
                ("creating", "true"),
            ],
        )
        .await;
    let good = |nonce: &str| Shape {
        issuer: hostile.base.clone(),
        audience: "portico".into(),
        nonce: nonce.into(),
        expires_in: Duration::minutes(5),
        published_key: true,
    };
    let cases: [(&str, Tamper); 5] = [
        ("another issuer", |s| Shape {
            issuer: "http://127.0.0.1:1".into(),
            ..s
        }),
        ("another audience", |s| Shape {
            audience: "someone-else".into(),
            ..s
        }),
        ("expired", |s| Shape {
            expires_in: Duration::minutes(-10),
            ..s
        }),
        ("another nonce", |s| Shape {
            nonce: "replayed-from-elsewhere".into(),
            ..s
        }),
        ("an unpublished key", |s| Shape {
            published_key: false,
            ..s
        }),
    ];
    let browser = new_client();
    for (what, tamper) in cases {
        let (state, nonce) = leave(&app, &browser).await;
        *hostile.shape.lock().unwrap() = Some(tamper(good(&nonce)));
        let landed = back(&app, &browser, &state).await;
        assert!(
            landed.starts_with("/login?upstream=unavailable"),
            "{what}: {landed}"
        );
        assert!(app.whoami(&browser).await.is_null(), "{what}");
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "only the admin");

    // The same provider with a token that is right signs the person in.
    let (state, nonce) = leave(&app, &browser).await;
    *hostile.shape.lock().unwrap() = Some(good(&nonce));
    assert_eq!(back(&app, &browser, &state).await, "/");
    assert_eq!(app.whoami(&browser).await["email"], "mallory@corp.example");
}

/// `/login/with/evil`: the state and nonce Portico sent.
async fn leave(app: &TestApp, browser: &reqwest::Client) -> (String, String) {
    let res = browser
        .get(app.url("/login/with/evil"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    (param(&to, "state"), param(&to, "nonce"))
}

async fn back(app: &TestApp, browser: &reqwest::Client, state: &str) -> String {
    let url = format!(
        "{}?code=anything&state={state}",
        app.url("/login/upstream/callback")
    );
    let res = browser.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    res.headers()["location"].to_str().unwrap().to_owned()
}
