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
use serde::Serialize;
use serde_json::Value;

use super::rfc3339;
use crate::clients::Clients;
use crate::clients::own::{SecretRequest, StatusReport};
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

pub(super) fn failed(provider: &Provider, err: ServiceError) -> OAuthError {
    match err {
        ServiceError::Public(AppError::Invalid { errors }) => OAuthError::invalid_fields(errors),
        ServiceError::Public(AppError::Conflict { errors }) => OAuthError::conflict_fields(errors),
        ServiceError::Public(AppError::NotFound) => OAuthError::api(
            StatusCode::NOT_FOUND,
            "not_found",
            "The client no longer exists.",
        ),
        ServiceError::Public(other) => OAuthError::invalid_request(other.to_string()),
        ServiceError::Internal(cause) => provider.internal(cause),
    }
}

pub(super) fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, OAuthError> {
    json.map(|Json(v)| v).map_err(|e| {
        OAuthError::invalid_request(format!("The body must be JSON ({}).", e.body_text()))
    })
}

/// The answer, or the error as RFC 6750 / 6749 JSON.
pub(super) fn respond<T>(
    result: Result<T, OAuthError>,
    ok: impl FnOnce(T) -> Response,
) -> Response {
    result.map_or_else(IntoResponse::into_response, ok)
}

/// The calling client's own status (its client_credentials token with the
/// `portico:client` scope).
#[utoipa::path(
    get,
    path = "/api/v1/client/status",
    tag = "client self-management",
    security(("bearer" = ["portico:client"])),
    responses(
        (status = 200, description = "The client's status", body = StatusReport),
        (status = 401, description = "Missing or invalid access token", body = super::openapi::ApiError),
        (status = 403, description = "The token lacks portico:client or was issued for a user", body = super::openapi::ApiError),
    )
)]
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

/// A secret shown once, stored hashed. The client's other
/// secrets keep working until they expire or are revoked.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewSecretResponse {
    pub secret_id: String,
    /// The secret; shown only in this response.
    pub value: String,
    pub hint: String,
    pub description: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// Add a new client secret before the current one expires.
#[utoipa::path(
    post,
    path = "/api/v1/client/secrets",
    tag = "client self-management",
    request_body = SecretRequest,
    security(("bearer" = ["portico:client"])),
    responses(
        (status = 201, description = "The new secret, shown once", body = NewSecretResponse),
        (status = 400, description = "Invalid body, or the client uses private_key_jwt", body = super::openapi::ApiError),
        (status = 401, description = "Missing or invalid access token", body = super::openapi::ApiError),
    )
)]
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
        let body = NewSecretResponse {
            expires_at: rfc3339(secret.info.expires_at),
            secret_id: secret.info.secret_id,
            value: secret.value,
            hint: secret.info.hint,
            description: secret.info.description,
        };
        (StatusCode::CREATED, no_store(), Json(body)).into_response()
    })
}

/// Add a public JWK (or every key of a JWK Set) to a private_key_jwt
/// client's keys; answers the client's whole public key set.
#[utoipa::path(
    post,
    path = "/api/v1/client/keys",
    tag = "client self-management",
    request_body(content = Object, description = "A public JWK or JWK Set"),
    security(("bearer" = ["portico:client"])),
    responses(
        (status = 200, description = "The client's public JWK Set", body = Object),
        (status = 400, description = "Not a public signing key, or the client uses secrets", body = super::openapi::ApiError),
        (status = 401, description = "Missing or invalid access token", body = super::openapi::ApiError),
    )
)]
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
