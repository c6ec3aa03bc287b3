//! A client managing itself with its own access token (client_credentials,
//! scope `portico:client`): `GET /api/v1/client/status`,
//! `POST /api/v1/client/secrets`, `POST /api/v1/client/keys`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;

use super::body;
use crate::api_error::ApiError;
use crate::clients::Clients;
use crate::clients::own::{SecretRequest, StatusReport};
use crate::oidc::{Provider, no_store};
use crate::time::rfc3339;

pub const SCOPE: &str = "portico:client";

const GONE: &str = "The client no longer exists.";

/// The calling client's id, from its own client_credentials token.
async fn caller(provider: &Provider, headers: &HeaderMap) -> Result<String, ApiError> {
    let claims = provider.bearer(headers, SCOPE).await?;
    if claims.sub != claims.client_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            "A client manages itself with its own client_credentials token, not with a token issued for a user.",
        ));
    }
    Ok(claims.client_id)
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
        (status = 401, description = "Missing or invalid access token", body = ApiError),
        (status = 403, description = "The token lacks portico:client or was issued for a user", body = ApiError),
    )
)]
pub async fn status(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
) -> Result<Json<StatusReport>, ApiError> {
    let client_id = caller(&provider, &headers).await?;
    let report = clients
        .own_status(&client_id)
        .await
        .map_err(|e| ApiError::from(e).not_found_says(GONE))?;
    Ok(Json(report))
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
        (status = 400, description = "Invalid body, or the client uses private_key_jwt", body = ApiError),
        (status = 401, description = "Missing or invalid access token", body = ApiError),
    )
)]
pub async fn add_secret(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
    json: Result<Json<SecretRequest>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let client_id = caller(&provider, &headers).await?;
    let secret = clients
        .own_secret(&client_id, body(json)?)
        .await
        .map_err(|e| ApiError::from(e).not_found_says(GONE))?;
    let body = NewSecretResponse {
        expires_at: rfc3339(secret.info.expires_at),
        secret_id: secret.info.id,
        value: secret.value,
        hint: secret.info.hint,
        description: secret.info.description,
    };
    Ok((StatusCode::CREATED, no_store(), Json(body)))
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
        (status = 400, description = "Not a public signing key, or the client uses secrets", body = ApiError),
        (status = 401, description = "Missing or invalid access token", body = ApiError),
    )
)]
pub async fn add_key(
    State(provider): State<Arc<Provider>>,
    State(clients): State<Arc<Clients>>,
    headers: HeaderMap,
    json: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let client_id = caller(&provider, &headers).await?;
    let set = clients
        .own_key(&client_id, &body(json)?)
        .await
        .map_err(|e| ApiError::from(e).not_found_says(GONE))?;
    Ok(Json(set))
}
