//! A client managing itself with its own access token (client_credentials,
//! scope `portico:client`): `GET /api/v1/client/status`,
//! `POST /api/v1/client/secrets`, `POST /api/v1/client/keys`.

use std::sync::Arc;

use app::error::AppError;
use app::services::ServiceError;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::rfc3339;
use crate::clients::Clients;
use crate::clients::own::SecretRequest;
use crate::oidc::{OAuthError, Provider, no_store};

pub const SCOPE: &str = "portico:client";

/// The calling client's id, from its own client_credentials token.
async fn caller(provider: &Provider, headers: &HeaderMap) -> Result<String, OAuthError> {
    let claims = provider.bearer(headers, SCOPE).await?;
    if claims.sub != claims.client_id {
        return Err(OAuthError::api(
            StatusCode::FORBIDDEN,
            "access_denied",
            "A client manages itself with its own client_credentials token, not with a token issued for a user.",
        ));
    }
    Ok(claims.client_id)
}

fn failed(provider: &Provider, err: ServiceError) -> OAuthError {
    match err {
        ServiceError::Public(AppError::Invalid { errors } | AppError::Conflict { errors }) => {
            let text: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            OAuthError::invalid_request(text.join(" "))
        }
        ServiceError::Public(AppError::NotFound) => OAuthError::api(
            StatusCode::NOT_FOUND,
            "not_found",
            "The client no longer exists.",
        ),
        ServiceError::Public(other) => OAuthError::invalid_request(other.to_string()),
        ServiceError::Internal(cause) => provider.internal(cause),
    }
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, OAuthError> {
    json.map(|Json(v)| v).map_err(|e| {
        OAuthError::invalid_request(format!("The body must be JSON ({}).", e.body_text()))
    })
}

/// The answer, or the error as RFC 6750 / 6749 JSON.
fn respond<T>(result: Result<T, OAuthError>, ok: impl FnOnce(T) -> Response) -> Response {
    result.map_or_else(IntoResponse::into_response, ok)
}

pub async fn status(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let client_id = caller(&provider, &headers).await?;
        clients
            .own_status(&client_id)
            .await
            .map_err(|e| failed(&provider, e))
    }
    .await;
    respond(result, |report| Json(report).into_response())
}

pub async fn add_secret(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
    json: Result<Json<SecretRequest>, JsonRejection>,
) -> Response {
    let result = async {
        let client_id = caller(&provider, &headers).await?;
        clients
            .own_secret(&client_id, body(json)?)
            .await
            .map_err(|e| failed(&provider, e))
    }
    .await;
    respond(result, |secret| {
        let body = serde_json::json!({
            "secret_id": secret.info.secret_id,
            "value": secret.value,
            "hint": secret.info.hint,
            "description": secret.info.description,
            "expires_at": rfc3339(secret.info.expires_at),
        });
        (StatusCode::CREATED, no_store(), Json(body)).into_response()
    })
}

pub async fn add_key(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
    json: Result<Json<Value>, JsonRejection>,
) -> Response {
    let result = async {
        let client_id = caller(&provider, &headers).await?;
        clients
            .own_key(&client_id, &body(json)?)
            .await
            .map_err(|e| failed(&provider, e))
    }
    .await;
    respond(result, |set| Json(set).into_response())
}
