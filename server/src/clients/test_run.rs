//! The Test tab's "Run test": the ETT check run from the portal. It calls
//! the provider's own token and consents handlers in-process (the code
//! behind `/oauth2/token` and `/api/v1/consents`), with the pasted secret
//! used once and never stored or logged.

use std::sync::Arc;

use app::model::{TestRun, TestStep};
use app::services::PastedSecret;
use axum::body::to_bytes;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;

use crate::oidc::Provider;
use crate::oidc::token::{self, TokenForm};
use crate::store::clients::ClientRow;

const SCOPE: &str = "consents:read";

async fn body_json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// What the developer can do about a failed token request.
fn token_explanation(status: u16, body: &Value, private_key_jwt: bool) -> String {
    let said = body["error_description"].as_str().unwrap_or_default();
    let advice = match (status, body["error"].as_str().unwrap_or_default()) {
        (_, "invalid_client") if private_key_jwt => {
            "This client authenticates with private_key_jwt, so a pasted secret cannot stand in for it, and Portico never holds its private key. Test it from the client itself: sign a client assertion with its key and send it as client_assertion."
        }
        (429, _) => {
            "Too many wrong secrets were tried for this client in the last minute. Wait a minute, then run the test again with a current secret."
        }
        (_, "invalid_client") => {
            "Portico did not accept the client's credentials. Check that you pasted a secret of this client that is neither expired nor revoked (compare its first characters with the hints on the Secrets tab), and that the client is active."
        }
        (_, "invalid_scope") => {
            "The client has no granted access to consents:read. Add the scope in Settings; if it needs approval, an admin has to approve it first."
        }
        (_, "unauthorized_client") => {
            "The client is not registered for the client_credentials grant. Add it in Settings."
        }
        _ => "The token request failed.",
    };
    format!("{advice} Portico said: “{said}”")
}

fn consents_explanation(status: u16, body: &Value) -> String {
    let said = body["error_description"].as_str().unwrap_or_default();
    let advice = match status {
        403 => "The token does not carry the consents:read scope.",
        401 => "The API did not accept the token (it is invalid, expired or revoked).",
        _ => "The API call failed.",
    };
    format!("{advice} Portico said: “{said}”")
}

/// `{header, claims}` of a JWT, decoded without checking (the API checks).
fn decode(token: &str) -> Value {
    let part = |i: usize| {
        token
            .split('.')
            .nth(i)
            .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .unwrap_or(Value::Null)
    };
    serde_json::json!({ "header": part(0), "claims": part(1) })
}

pub async fn run(provider: &Arc<Provider>, client: &ClientRow, secret: PastedSecret) -> TestRun {
    let basic = client.token_endpoint_auth_method != "client_secret_post";
    let mut headers = HeaderMap::new();
    let mut form = TokenForm {
        grant_type: Some("client_credentials".into()),
        scope: Some(SCOPE.into()),
        ..TokenForm::default()
    };
    if basic {
        // Client ids and secrets use only URL-safe characters, so the
        // RFC 6749 §2.3.1 form-encoding leaves them as they are.
        let credentials = STANDARD.encode(format!("{}:{}", client.id, secret.0));
        if let Ok(value) = HeaderValue::from_str(&format!("Basic {credentials}")) {
            headers.insert(header::AUTHORIZATION, value);
        }
    } else {
        form.client_id = Some(client.id.clone());
        form.client_secret = Some(secret.0);
    }
    let response = token::token(State(provider.clone()), headers, Ok(Form(form))).await;
    let (status, mut body) = body_json(response).await;
    let token = body["access_token"].as_str().map(str::to_owned);
    if let Some(token) = &token {
        let short: String = token.chars().take(24).collect();
        body["access_token"] = Value::String(format!("{short}…"));
    }
    let mut steps = vec![TestStep {
        title: "Get an access token".into(),
        request: format!(
            "POST /oauth2/token — grant_type=client_credentials, scope={SCOPE}, {}",
            if basic {
                "client_secret_basic"
            } else {
                "client_secret_post"
            }
        ),
        status: Some(status),
        response: pretty(&body),
        ok: token.is_some(),
        explanation: token.is_none().then(|| {
            token_explanation(
                status,
                &body,
                client.token_endpoint_auth_method == "private_key_jwt",
            )
        }),
    }];
    let Some(token) = token else {
        return TestRun { steps, ok: false };
    };
    steps.push(TestStep {
        title: "Read the token".into(),
        request: "Decode the JWT (RFC 9068 access token)".into(),
        status: None,
        response: pretty(&decode(&token)),
        ok: true,
        explanation: None,
    });
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}")) {
        headers.insert(header::AUTHORIZATION, value);
    }
    let response = crate::api_v1::consents(State(provider.clone()), headers).await;
    let (status, body) = body_json(response).await;
    let ok = status == 200;
    steps.push(TestStep {
        title: "Call the consents API".into(),
        request: "GET /api/v1/consents — Authorization: Bearer <token>".into(),
        status: Some(status),
        response: pretty(&body),
        ok,
        explanation: (!ok).then(|| consents_explanation(status, &body)),
    });
    TestRun { steps, ok }
}
