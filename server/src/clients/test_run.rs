//! The Test tab's "Run test": the ETT check run from the portal. It goes
//! through the provider's own `client_credentials` grant and consents query
//! (the code behind `/oauth2/token` and `/api/v1/consents`), with the
//! pasted secret used once and never stored or logged.

use std::net::IpAddr;
use std::sync::Arc;

use app::domain::{AuthMethod, Scopes};
use app::model::{TestRun, TestStep};
use app::services::PastedSecret;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::Value;

use crate::oidc::{OAuthError, Presented, Provider};
use crate::store::clients::ClientRow;

const SCOPE: &str = "consents:read";

/// What an endpoint would have answered: its status and JSON body.
fn answer<T: Serialize>(result: &Result<T, OAuthError>) -> (u16, Value) {
    match result {
        Ok(body) => (200, serde_json::to_value(body).unwrap_or(Value::Null)),
        Err(err) => (
            err.status().as_u16(),
            serde_json::json!({ "error": err.code(), "error_description": err.description() }),
        ),
    }
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

pub async fn run(
    provider: &Arc<Provider>,
    client: &ClientRow,
    secret: PastedSecret,
    from: IpAddr,
) -> TestRun {
    let method = client.token_endpoint_auth_method;
    let scopes = Scopes::parse(SCOPE).unwrap_or_default();
    let presented = Presented::secret(client.id.clone(), secret.0);
    let issued = match provider.authenticate(presented, from).await {
        Ok(auth) => provider.client_credentials(&auth, &scopes),
        Err(refused) => Err(refused),
    };
    let (status, mut body) = answer(&issued);
    let token = body["access_token"].as_str().map(str::to_owned);
    if let Some(token) = &token {
        let short: String = token.chars().take(24).collect();
        body["access_token"] = Value::String(format!("{short}…"));
    }
    let mut steps = vec![TestStep {
        title: "Get an access token".into(),
        request: format!(
            "POST /oauth2/token — grant_type=client_credentials, scope={SCOPE}, {}",
            if method == AuthMethod::ClientSecretPost {
                "client_secret_post"
            } else {
                "client_secret_basic"
            }
        ),
        status: Some(status),
        response: pretty(&body),
        ok: token.is_some(),
        explanation: token
            .is_none()
            .then(|| token_explanation(status, &body, method == AuthMethod::PrivateKeyJwt)),
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
    let consents = match provider.bearer_token(&token, SCOPE).await {
        Ok(claims) => provider.consents_of(&claims.client_id).await,
        Err(refused) => Err(refused),
    };
    let (status, body) = answer(&consents);
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
