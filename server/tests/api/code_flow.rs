//! The authorization-code flow end to end, with the `openidconnect` crate as
//! the relying party, and every error path of it over raw HTTP.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use url::Url;

use crate::helpers::{ClientForm, PASSWORD, TestApp, field_message, jwt_claims, new_client};
use crate::on_both_backends;

on_both_backends!(
    a_relying_party_signs_a_user_in_and_refreshes,
    codes_and_refresh_tokens_are_single_use,
    bad_requests_are_refused_where_it_is_safe,
    consent_is_remembered_denied_and_revocable,
    a_client_that_registered_es256_gets_es256_id_tokens,
    a_disabled_account_cannot_sign_in_and_its_tokens_stop,
    a_client_asks_for_a_fresh_sign_in,
    a_second_step_shows_in_the_id_token,
    a_client_asks_for_a_second_factor,
    a_passkey_sign_in_shows_in_the_id_token with &[(crate::helpers::TEST_HOST, "localhost")],
);

const REDIRECT: &str = "http://127.0.0.1:8765/callback";

struct WebClient {
    id: String,
    secret: String,
}

/// A developer's confidential web client (code + refresh) with a secret;
/// `tune` changes the form first.
async fn register_web_client(
    app: &TestApp,
    tune: impl FnOnce(ClientForm) -> ClientForm,
) -> WebClient {
    app.sign_up("dev@example.com").await;
    let form = ClientForm::new("web", "Web shop", "confidential")
        .grants(&["authorization_code", "refresh_token"])
        .scopes(&[
            "openid",
            "profile",
            "email",
            "offline_access",
            "consents:read",
        ])
        .redirect_uris(&["http://127.0.0.1/callback"])
        .post_logout_redirect_uris(&["https://shop.example.com/bye"]);
    let client = app.create_client(&app.client, &tune(form)).await;
    let secret = app.create_secret(&app.client, &client.client_id).await;
    WebClient {
        id: client.client_id,
        secret: secret.value,
    }
}

/// An end user with their own cookie jar, signed in.
async fn end_user(app: &TestApp) -> Client {
    app.new_person("user@example.com").await
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

fn param(url: &str, name: &str) -> Option<String> {
    let url = Url::parse(url).unwrap();
    let pairs = match url.fragment() {
        Some(fragment) => url::form_urlencoded::parse(fragment.as_bytes())
            .into_owned()
            .collect::<Vec<_>>(),
        None => url.query_pairs().into_owned().collect(),
    };
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Opens an authorization URL as the user; answers the consent page with
/// `decision` if it comes up. Returns where the browser ends up.
async fn authorize(app: &TestApp, user: &Client, url: &str, decision: &str) -> String {
    let res = user.get(url).send().await.unwrap();
    assert!(
        res.status().is_redirection(),
        "{}: {}",
        res.status(),
        res.text().await.unwrap()
    );
    let next = location(&res);
    let Some(request) = next.strip_prefix("/consent?request=") else {
        return next;
    };
    let prompt: Value = app
        .call_ok(user, "load_consent", &[("request", request)])
        .await;
    assert_eq!(prompt["client_name"], "Web shop");
    assert_eq!(prompt["org_name"], "Ada Lovelace");
    let res = app
        .call(
            user,
            "answer_consent",
            &[("request", request), ("decision", decision)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    location(&res)
}

async fn a_relying_party_signs_a_user_in_and_refreshes(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Discovery → authorize (PKCE S256, state, nonce) → consent → code.
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(app.base.clone()).unwrap(), &http)
            .await
            .expect("discovery and JWKS");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(web.id.clone()),
        Some(ClientSecret::new(web.secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (auth_url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("offline_access".into()))
        .add_scope(Scope::new("consents:read".into()))
        .set_pkce_challenge(challenge)
        .url();
    let back = authorize(&app, &user, auth_url.as_str(), "allow").await;
    assert!(back.starts_with(REDIRECT), "{back}");
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(state.secret().as_str())
    );
    assert_eq!(param(&back, "iss").as_deref(), Some(app.base.as_str()));
    let code = param(&back, "code").expect("a code");

    // Token → ID token verified (signature, iss, aud, nonce, at_hash).
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("an ID token");
    let verifier = client.id_token_verifier();
    let claims = id_token.claims(&verifier, &nonce).expect("valid ID token");
    let at_hash = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(claims.access_token_hash(), Some(&at_hash));
    assert!(claims.auth_time().is_some());
    assert_eq!(claims.email().map(|e| e.as_str()), Some("user@example.com"));
    // The address was never confirmed, and the sign-in was by password.
    assert_eq!(claims.email_verified(), Some(false));
    assert_eq!(
        jwt_claims(&id_token.to_string())["amr"],
        serde_json::json!(["pwd"])
    );
    // The client's organisation, in the ID token and the access token.
    let dev_org = app.whoami(&app.client).await["active_org_id"].clone();
    assert_eq!(jwt_claims(&id_token.to_string())["org_id"], dev_org);
    assert_eq!(
        jwt_claims(tokens.access_token().secret())["org_id"],
        dev_org
    );
    let scopes: Vec<String> = tokens
        .scopes()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(scopes.contains(&"offline_access".to_owned()));

    // Userinfo with the access token.
    let info: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .unwrap()
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(info.email().map(|e| e.as_str()), Some("user@example.com"));
    assert_eq!(
        info.name().and_then(|n| n.get(None)).map(|n| n.as_str()),
        Some("Ada Lovelace")
    );

    // The consents API now lists this user for the client.
    let consents: Value = app
        .consents(Some(tokens.access_token().secret()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(consents[0]["subject"], claims.subject().as_str());

    // Refresh: new tokens, a new (rotated) refresh token.
    let refresh = tokens
        .refresh_token()
        .expect("offline_access gives a refresh token");
    let refreshed = client
        .exchange_refresh_token(refresh)
        .unwrap()
        .request_async(&http)
        .await
        .expect("refresh");
    let rotated = refreshed.refresh_token().expect("rotated");
    assert_ne!(rotated.secret(), refresh.secret());
    assert_ne!(
        refreshed.access_token().secret(),
        tokens.access_token().secret()
    );

    // RP-initiated logout: back to the registered URI, session ended.
    let mut logout = Url::parse(&app.url("/oauth2/logout")).unwrap();
    logout
        .query_pairs_mut()
        .append_pair("id_token_hint", &id_token.to_string())
        .append_pair("post_logout_redirect_uri", "https://evil.example/bye");
    let res = user.get(logout.as_str()).send().await.unwrap();
    assert_eq!(location(&res), "/login?logout=unregistered_redirect");
    app.sign_in_with(&user, "user@example.com", PASSWORD).await;
    logout
        .query_pairs_mut()
        .clear()
        .append_pair("id_token_hint", &id_token.to_string())
        .append_pair("post_logout_redirect_uri", "https://shop.example.com/bye")
        .append_pair("state", "s1");
    let res = user.get(logout.as_str()).send().await.unwrap();
    assert_eq!(location(&res), "https://shop.example.com/bye?state=s1");
    assert_eq!(app.whoami(&user).await, Value::Null, "signed out");
}

async fn a_client_that_registered_es256_gets_es256_id_tokens(app: TestApp) {
    let web = register_web_client(&app, |form| form.set("id_token_alg", "ES256")).await;
    let user = end_user(&app).await;
    let c = code(&app, &user, &web).await;
    let (status, tokens) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let id_token: CoreIdToken = tokens["id_token"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        *id_token.signing_alg().unwrap(),
        CoreJwsSigningAlgorithm::EcdsaP256Sha256
    );
    // Verified by a relying party that allows ES256, against the JWKS.
    let http = reqwest::Client::new();
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(app.base.clone()).unwrap(), &http)
            .await
            .unwrap();
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(web.id.clone()),
        Some(ClientSecret::new(web.secret.clone())),
    );
    let verifier = client
        .id_token_verifier()
        .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
    let no_nonce = |nonce: Option<&Nonce>| match nonce {
        None => Ok(()),
        Some(_) => Err("no nonce was sent".to_owned()),
    };
    let claims = id_token
        .claims(&verifier, no_nonce)
        .expect("valid ES256 ID token");
    assert_eq!(claims.audiences()[0].as_str(), web.id);
}

async fn token_form(app: &TestApp, web: &WebClient, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = app
        .post_form("/oauth2/token", Some((&web.id, &web.secret)), form)
        .await;
    (res.status(), res.json().await.unwrap())
}

fn auth_url(app: &TestApp, client_id: &str, extra: &[(&str, &str)]) -> String {
    let mut url = Url::parse(&app.url("/oauth2/authorize")).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "code")
        .append_pair("state", "st")
        .extend_pairs(extra);
    url.into()
}

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K1uhbGYrAPDiuDw56lZtBBpYmQ";
/// SHA-256 of `VERIFIER`, base64url (RFC 7636 S256).
const CHALLENGE: &str = "lEboMpPqePB89iwOkOAietLcQh8ureLWcpGSRsGlsKM";

/// Exchanges a code from `code` (with its PKCE verifier) for tokens.
async fn redeem(app: &TestApp, web: &WebClient, code: &str) -> (StatusCode, Value) {
    token_form(
        app,
        web,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

/// A fresh code for scopes openid + offline_access, with PKCE.
async fn code(app: &TestApp, user: &Client, web: &WebClient) -> String {
    let url = auth_url(
        app,
        &web.id,
        &[
            ("scope", "openid offline_access"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let back = authorize(app, user, &url, "allow").await;
    param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"))
}

async fn codes_and_refresh_tokens_are_single_use(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;

    // Wrong PKCE verifier, then a missing one: invalid_grant.
    let c = code(&app, &user, &web).await;
    let wrong = "x".repeat(43);
    let (status, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &wrong),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    // Even the right verifier fails now: the code was spent.
    let (_, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(body["error"], "invalid_grant");

    // A redirect URI other than the request's: invalid_grant.
    let c = code(&app, &user, &web).await;
    let (_, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", "http://127.0.0.1:8765/other"),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(body["error"], "invalid_grant");

    // A replayed code revokes what the first exchange issued.
    let c = code(&app, &user, &web).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", c.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    let (status, first) = token_form(&app, &web, &exchange).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let access = first["access_token"].as_str().unwrap();
    assert_eq!(
        app.consents(Some(access)).await.status(),
        StatusCode::FORBIDDEN,
        "no consents:read asked for"
    );
    let (_, again) = token_form(&app, &web, &exchange).await;
    assert_eq!(again["error"], "invalid_grant");
    let introspected: Value = app
        .post_form(
            "/oauth2/introspect",
            Some((&web.id, &web.secret)),
            &[("token", access)],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        introspected["active"], false,
        "tokens of a replayed code are revoked"
    );
    let (_, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", first["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(body["error"], "invalid_grant");

    // A reused refresh token revokes its whole family.
    let c = code(&app, &user, &web).await;
    let (_, tokens) = redeem(&app, &web, &c).await;
    let old = tokens["refresh_token"].as_str().unwrap().to_owned();
    // A request that asks for more than the grant, or names a malformed
    // scope, is refused before the token rotates: the token still works.
    for scope in ["openid consents:read", "openid bad\"scope"] {
        let (status, body) = token_form(
            &app,
            &web,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &old),
                ("scope", scope),
            ],
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_scope"))
        );
    }
    let (status, rotated) = token_form(
        &app,
        &web,
        &[("grant_type", "refresh_token"), ("refresh_token", &old)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    assert!(rotated["id_token"].is_string());
    let new = rotated["refresh_token"].as_str().unwrap().to_owned();
    let (_, reused) = token_form(
        &app,
        &web,
        &[("grant_type", "refresh_token"), ("refresh_token", &old)],
    )
    .await;
    assert_eq!(reused["error"], "invalid_grant");
    let (_, after) = token_form(
        &app,
        &web,
        &[("grant_type", "refresh_token"), ("refresh_token", &new)],
    )
    .await;
    assert_eq!(
        after["error"], "invalid_grant",
        "the rotated one dies with the family"
    );

    // Another client cannot redeem this client's refresh token.
    let (_, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "nonsense"),
        ],
    )
    .await;
    assert_eq!(body["error"], "invalid_grant");
}

async fn bad_requests_are_refused_where_it_is_safe(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;
    let get = |url: String| {
        let user = user.clone();
        async move { location(&user.get(url).send().await.unwrap()) }
    };

    // Unknown client and foreign redirect URIs: an error page, no redirect.
    let mut url = Url::parse(&auth_url(&app, &web.id, &[("scope", "openid")])).unwrap();
    url.query_pairs_mut()
        .clear()
        .append_pair("client_id", &web.id)
        .append_pair("redirect_uri", "https://evil.example/cb")
        .append_pair("response_type", "code")
        .append_pair("scope", "openid");
    assert_eq!(
        get(url.to_string()).await,
        "/authorize-error?reason=redirect_uri_mismatch"
    );
    assert_eq!(
        get(auth_url(&app, "nobody.x", &[("scope", "openid")])).await,
        "/authorize-error?reason=unknown_client"
    );
    let page = app
        .client
        .get(app.url("/authorize-error?reason=redirect_uri_mismatch"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("not one it registered"));

    // Everything else goes back to the client, with the state.
    for (extra, error) in [
        (vec![("scope", "wallet:create")], "invalid_scope"),
        (
            vec![
                ("scope", "openid"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
        ),
        (
            vec![("scope", "openid"), ("response_type", "token")],
            "unsupported_response_type",
        ),
    ] {
        let mut url = Url::parse(&auth_url(&app, &web.id, &[])).unwrap();
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .into_owned()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .extend_pairs(&extra);
        let back = get(url.to_string()).await;
        assert!(back.starts_with(REDIRECT), "{back}");
        assert_eq!(param(&back, "error").as_deref(), Some(error), "{back}");
        assert_eq!(param(&back, "state").as_deref(), Some("st"));
    }

    // Hybrid needs the hybrid grant.
    let back = get(
        auth_url(&app, &web.id, &[("scope", "openid"), ("nonce", "n")])
            .replace("response_type=code", "response_type=code+id_token"),
    )
    .await;
    assert_eq!(
        param(&back, "error").as_deref(),
        Some("unauthorized_client"),
        "{back}"
    );

    // Not signed in: to the sign-in page, then back here.
    let anonymous = new_client();
    let res = anonymous
        .get(auth_url(&app, &web.id, &[("scope", "openid")]))
        .send()
        .await
        .unwrap();
    assert!(location(&res).starts_with("/login?next=%2Foauth2%2Fauthorize%3F"));
    let res = anonymous
        .get(auth_url(
            &app,
            &web.id,
            &[("scope", "openid"), ("prompt", "none")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&location(&res), "error").as_deref(),
        Some("login_required")
    );
}

async fn consent_is_remembered_denied_and_revocable(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];

    // Denied: access_denied goes back to the app, and nothing is remembered.
    let mut extra = vec![("scope", "openid")];
    extra.extend_from_slice(&pkce);
    let back = authorize(&app, &user, &auth_url(&app, &web.id, &extra), "deny").await;
    assert_eq!(param(&back, "error").as_deref(), Some("access_denied"));
    let apps: Value = app.call_ok::<Value>(&user, "my_apps", &[]).await["rows"].clone();
    assert_eq!(apps, serde_json::json!([]));

    // Allowed once, then not asked again for the same scopes.
    let c = code(&app, &user, &web).await;
    let res = user
        .get(auth_url(
            &app,
            &web.id,
            &[
                ("scope", "openid"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert!(
        location(&res).starts_with(REDIRECT),
        "remembered consent skips the page"
    );
    // More scopes than consented to: asked again.
    let res = user
        .get(auth_url(
            &app,
            &web.id,
            &[
                ("scope", "openid email"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert!(location(&res).starts_with("/consent?request="));

    // The account page lists the app; revoking ends its refresh tokens.
    let (_, tokens) = redeem(&app, &web, &c).await;
    let apps: Value = app.call_ok::<Value>(&user, "my_apps", &[]).await["rows"].clone();
    assert_eq!(apps[0]["client_id"], web.id);
    assert_eq!(
        apps[0]["scopes"][0]["description"],
        "Sign you in with your Portico account"
    );
    let res = app
        .call(&user, "revoke_app", &[("client_id", &web.id)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, body) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(body["error"], "invalid_grant");
    let apps: Value = app.call_ok::<Value>(&user, "my_apps", &[]).await["rows"].clone();
    assert_eq!(apps, serde_json::json!([]));

    // Someone else's pending request is not found.
    let url = auth_url(
        &app,
        &web.id,
        &[
            ("scope", "openid"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let next = location(&user.get(url).send().await.unwrap());
    let request = next.strip_prefix("/consent?request=").unwrap();
    // The page allows its form's answer to redirect to the client (no JS).
    let page = user.get(app.url(&next)).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("form-action 'self' http://127.0.0.1:8765;"),
        "{csp}"
    );
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Allow Web shop to use your Portico account?")
    );
    let res = app
        .call(&app.client, "load_consent", &[("request", request)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn a_disabled_account_cannot_sign_in_and_its_tokens_stop(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;
    let c = code(&app, &user, &web).await;
    let (status, tokens) = redeem(&app, &web, &c).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    assert_eq!(introspect(&app, &web, &access).await["active"], true);
    let user_id = app.whoami(&user).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Only an admin disables, and never their own account.
    let admin = new_client();
    app.make_admin("root@example.com").await;
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    let disable = |who: &Client, id: &str, disabled: &str| {
        let (who, id, disabled) = (who.clone(), id.to_owned(), disabled.to_owned());
        let app = &app;
        async move {
            app.call(
                &who,
                "set_account_disabled",
                &[("account_id", id.as_str()), ("disabled", disabled.as_str())],
            )
            .await
        }
    };
    assert_eq!(
        disable(&user, &user_id, "true").await.status(),
        StatusCode::FORBIDDEN
    );
    let admin_id = app.whoami(&admin).await["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = disable(&admin, &admin_id, "true").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = disable(&admin, &user_id, "true").await;
    assert_eq!(res.status(), StatusCode::OK);
    let summary: Value = res.json().await.unwrap();
    assert_eq!(summary["disabled"], true);
    assert!(summary["last_sign_in_at"].is_i64(), "{summary}");

    // Signed out everywhere, and the right password no longer lets in.
    assert_eq!(app.whoami(&user).await, Value::Null);
    let res = app.sign_in_with(&user, "user@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "form").unwrap().contains("disabled"),
        "{body}"
    );
    // The app's refresh token is refused, and its access token too.
    let (status, body) = token_form(
        &app,
        &web,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert_eq!(introspect(&app, &web, &access).await["active"], false);

    // Enabled again: the password works as before.
    let res = disable(&admin, &user_id, "false").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.sign_in_with(&user, "user@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.whoami(&user).await["email"], "user@example.com");
}

async fn introspect(app: &TestApp, web: &WebClient, token: &str) -> Value {
    let res = app
        .post_form(
            "/oauth2/introspect",
            Some((&web.id, &web.secret)),
            &[("token", token)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// `prompt=login` and `max_age`: the person signs in again (a new session,
/// so a new `auth_time`) and comes back to the same request.
async fn a_client_asks_for_a_fresh_sign_in(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let user = end_user(&app).await;
    code(&app, &user, &web).await; // consented once: later requests go through
    let with = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("scope", "openid"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        pairs.extend_from_slice(extra);
        auth_url(&app, &web.id, &pairs)
    };
    let open = async |url: String| {
        let res = user.get(&url).send().await.unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        location(&res)
    };

    // prompt=login: to the sign-in page, and back to the request without it.
    let to = open(with(&[("prompt", "login")])).await;
    assert!(to.starts_with("/login?next="), "{to}");
    let next = param(&app.url(&to), "next").unwrap();
    assert!(next.starts_with("/oauth2/authorize?"), "{next}");
    assert!(!next.contains("prompt"), "{next}");
    assert!(next.contains("code_challenge="), "{next}");
    // With prompt=none too, the client is told instead.
    let to = open(with(&[("prompt", "login none")])).await;
    assert_eq!(param(&to, "error").as_deref(), Some("login_required"));

    // max_age: a generous one goes straight through; a bad one is an
    // error at the client; 0 once a second has passed asks again.
    let to = open(with(&[("max_age", "3600")])).await;
    assert!(param(&to, "code").is_some(), "{to}");
    let to = open(with(&[("max_age", "soon")])).await;
    assert_eq!(param(&to, "error").as_deref(), Some("invalid_request"));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let to = open(with(&[("max_age", "0")])).await;
    assert!(to.starts_with("/login?next="), "{to}");

    // Signed in again, the way back gives a code whose ID token says when.
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let res = app.sign_in_with(&user, "user@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let back = open(app.url(&next)).await;
    let c = param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"));
    let (status, tokens) = redeem(&app, &web, &c).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert!(claims["auth_time"].as_i64().unwrap() >= before, "{claims}");
    assert_eq!(claims["amr"], serde_json::json!(["pwd"]));

    // Signed out, prompt=login asks once: the way back does not ask again.
    let stranger = new_client();
    let res = stranger
        .get(with(&[("prompt", "login")]))
        .send()
        .await
        .unwrap();
    let next = param(&app.url(&location(&res)), "next").unwrap();
    assert!(!next.contains("prompt"), "{next}");
    let res = app
        .sign_in_with(&stranger, "user@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = stranger.get(app.url(&next)).send().await.unwrap();
    let back = location(&res);
    assert!(param(&back, "code").is_some(), "{back}");
}

/// A person with two-step sign-in: the ID token says password and
/// one-time code (RFC 8176 `pwd`, `otp`), and so do its refreshes.
async fn a_second_step_shows_in_the_id_token(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let (mut phone, _) =
        crate::two_step::with_two_step(&app, &new_client(), "careful@example.com").await;
    let user = new_client();
    let res = app
        .sign_in_with(&user, "careful@example.com", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(&user, "sign_in_code", &[("code", &phone.code().await)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let c = code(&app, &user, &web).await;
    let (status, tokens) = redeem(&app, &web, &c).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]), "{claims}");
    assert_eq!(claims["acr"], "urn:portico:acr:mfa", "{claims}");
    let (status, refreshed) = token_form(
        &app,
        &web,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let claims = jwt_claims(refreshed["id_token"].as_str().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]), "{claims}");
}

/// `acr_values=urn:portico:acr:mfa`: a person with an authenticator is
/// asked to sign in again with it (when this session took no code); one
/// without gets the client an error it can act on; a password-only sign-in
/// says so in `acr`.
async fn a_client_asks_for_a_second_factor(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let with = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("scope", "openid"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        pairs.extend_from_slice(extra);
        auth_url(&app, &web.id, &pairs)
    };
    let mfa = [("acr_values", "urn:portico:acr:mfa")];

    // Discovery lists both classes.
    let meta: Value = app
        .client
        .get(app.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        meta["acr_values_supported"],
        serde_json::json!(["urn:portico:acr:password", "urn:portico:acr:mfa"])
    );

    // Password only: the sign-in says so, and asking for more is an error
    // at the client (OpenID Connect "Unmet Authentication Requirements").
    let user = end_user(&app).await;
    let c = code(&app, &user, &web).await;
    let (_, tokens) = redeem(&app, &web, &c).await;
    let claims = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["acr"], "urn:portico:acr:password", "{claims}");
    let res = user.get(with(&mfa)).send().await.unwrap();
    let to = location(&res);
    assert_eq!(
        param(&to, "error").as_deref(),
        Some("unmet_authentication_requirements"),
        "{to}"
    );

    // With an authenticator turned on in another browser, this session
    // (which took no code) is sent to sign in again, and back.
    let setup: Value = app.call_ok(&user, "start_two_step", &[]).await;
    let mut phone = crate::two_step::Phone::from_setup(&setup);
    let other = new_client();
    app.sign_in_with(&other, "user@example.com", PASSWORD).await;
    let res = user.get(with(&mfa)).send().await.unwrap();
    assert_eq!(
        param(&location(&res), "error").as_deref(),
        Some("unmet_authentication_requirements"),
        "not on until a code confirms it"
    );
    let _: Vec<String> = app
        .call_ok(&user, "confirm_two_step", &[("code", &phone.code().await)])
        .await;
    // Turning it on took a code in this very session: it counts.
    let res = user.get(with(&mfa)).send().await.unwrap();
    let back = location(&res);
    assert!(param(&back, "code").is_some(), "{back}");
    // The older session in the other browser is asked to sign in again;
    // under prompt=none the client hears login_required instead.
    let res = other.get(with(&mfa)).send().await.unwrap();
    let to = location(&res);
    assert!(to.starts_with("/login?next="), "{to}");
    let res = other
        .get(with(&[mfa[0], ("prompt", "none")]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&location(&res), "error").as_deref(),
        Some("login_required")
    );
    // Signed in again with the code, the way back gives an MFA sign-in.
    let next = param(&app.url(&to), "next").unwrap();
    app.sign_in_with(&other, "user@example.com", PASSWORD).await;
    let res = app
        .call(&other, "sign_in_code", &[("code", &phone.code().await)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = other.get(app.url(&next)).send().await.unwrap();
    let back = location(&res);
    let c = param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"));
    let (status, tokens) = redeem(&app, &web, &c).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["acr"], "urn:portico:acr:mfa", "{claims}");
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]), "{claims}");
}

/// A sign-in with a passkey (no password): the ID token says a software
/// key that checked the person (RFC 8176 `swk`, `mfa`), the multi-factor
/// class, and a client asking for that class gets it without another
/// sign-in.
async fn a_passkey_sign_in_shows_in_the_id_token(app: TestApp) {
    let web = register_web_client(&app, |form| form).await;
    let owner = end_user(&app).await;
    let mut phone = crate::helpers::authenticator::Authenticator::new();
    crate::passkeys::add_passkey(&app, &owner, &mut phone, "Phone").await;

    let user = new_client();
    let res = crate::passkeys::sign_in_with_passkey(&app, &user, &mut phone).await;
    assert_eq!(res.status(), StatusCode::OK);
    let c = code(&app, &user, &web).await;
    let (status, tokens) = redeem(&app, &web, &c).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["swk", "mfa"]), "{claims}");
    assert_eq!(claims["acr"], "urn:portico:acr:mfa", "{claims}");
    assert!(claims["auth_time"].is_i64(), "{claims}");

    let url = auth_url(
        &app,
        &web.id,
        &[
            ("scope", "openid"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("acr_values", "urn:portico:acr:mfa"),
        ],
    );
    let res = user.get(url).send().await.unwrap();
    let back = location(&res);
    assert!(param(&back, "code").is_some(), "{back}");
}
