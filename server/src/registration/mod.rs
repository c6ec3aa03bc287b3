//! RFC 7591 dynamic client registration at `/oauth2/register`, with a
//! client system's API key as the initial access token, and RFC 7592
//! read / update / delete at `/oauth2/register/{client_id}` with the
//! registration access token. Registered clients are drafts like those of
//! the draft API: owned by the system's developer, confirmed by an end
//! user, approved by an admin where a scope needs it.

mod metadata;

use app::error::{AppError, FieldError};
use app::services::ServiceError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

use crate::http::AppState;
use crate::oidc::{OAuthError, no_store};
use crate::store::clients::ClientRow;
use crate::store::systems::SystemRow;
use metadata::{ClientMetadata, RegisteredClient, rfc_field};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/register", post(register))
        .route(
            "/oauth2/register/{client_id}",
            axum::routing::get(read).put(update).delete(delete),
        )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// 400 `invalid_redirect_uri` when only redirect URIs are wrong, else
/// `invalid_client_metadata` (RFC 7591 §3.2.2), naming each member.
fn invalid_metadata(errors: Vec<FieldError>) -> OAuthError {
    let fields: Vec<FieldError> = errors
        .into_iter()
        .map(|e| FieldError {
            field: rfc_field(&e.field).to_owned(),
            message: e.message,
        })
        .collect();
    let only_uris = fields.iter().all(|f| f.field.ends_with("redirect_uris"));
    let code = if only_uris {
        "invalid_redirect_uri"
    } else {
        "invalid_client_metadata"
    };
    OAuthError::invalid_fields(fields).with_code(code)
}

fn failed(state: &AppState, err: ServiceError) -> OAuthError {
    match err {
        ServiceError::Public(AppError::Invalid { errors } | AppError::Conflict { errors }) => {
            invalid_metadata(errors)
        }
        ServiceError::Public(AppError::NotFound) => {
            OAuthError::invalid_token("The registration access token is not valid for this client.")
        }
        ServiceError::Public(other) => OAuthError::invalid_request(other.to_string()),
        ServiceError::Internal(cause) => state.provider.internal(cause),
    }
}

fn metadata(
    json: Result<Json<ClientMetadata>, JsonRejection>,
) -> Result<ClientMetadata, OAuthError> {
    json.map(|Json(m)| m).map_err(|e| {
        OAuthError::invalid_fields(vec![FieldError {
            field: "body".into(),
            message: format!(
                "The body must be a JSON object of client metadata ({}).",
                e.body_text()
            ),
        }])
        .with_code("invalid_client_metadata")
    })
}

/// The system whose API key is the initial access token.
async fn initial_access(state: &AppState, headers: &HeaderMap) -> Result<SystemRow, OAuthError> {
    let refused = || {
        OAuthError::invalid_token(
            "Send a client system's API key as the initial access token: Authorization: Bearer <api key>.",
        )
    };
    let key = bearer(headers).ok_or_else(refused)?;
    state
        .systems
        .authenticate(Some(key))
        .await
        .map_err(|e| failed(state, e))?
        .map_err(|_| refused())
}

/// The client the registration access token manages, and its system.
async fn managed(
    state: &AppState,
    headers: &HeaderMap,
    client_id: &str,
) -> Result<(ClientRow, SystemRow), OAuthError> {
    let refused =
        || OAuthError::invalid_token("The registration access token is not valid for this client.");
    let token = bearer(headers).ok_or_else(refused)?;
    state
        .clients
        .registered(token, client_id)
        .await
        .map_err(|e| failed(state, e))?
        .ok_or_else(refused)
}

fn answer(status: StatusCode, body: RegisteredClient) -> Response {
    (status, no_store(), Json(body)).into_response()
}

async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    json: Result<Json<ClientMetadata>, JsonRejection>,
) -> Response {
    let result = async {
        let system = initial_access(&state, &headers).await?;
        let request = metadata(json)?
            .into_draft(&system)
            .map_err(invalid_metadata)?;
        crate::api_v1::drafts::room(&state, &system).await?;
        let registered = state
            .clients
            .register(&system, request)
            .await
            .map_err(|e| failed(&state, e))?;
        let mut body = RegisteredClient::of(&registered.draft.detail, &state.public_url);
        body.registration_access_token = Some(registered.registration_access_token);
        if let Some(secret) = registered.draft.secret {
            body.client_secret_expires_at = Some(secret.info.expires_at);
            body.client_secret = Some(secret.value);
        }
        Ok::<_, OAuthError>(body)
    }
    .await;
    result.map_or_else(IntoResponse::into_response, |body| {
        answer(StatusCode::CREATED, body)
    })
}

async fn read(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (row, _) = managed(&state, &headers, &client_id).await?;
        state
            .clients
            .load_detail(row)
            .await
            .map_err(|e| failed(&state, e))
    }
    .await;
    result.map_or_else(IntoResponse::into_response, |client| {
        answer(
            StatusCode::OK,
            RegisteredClient::of(&client, &state.public_url),
        )
    })
}

async fn update(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
    json: Result<Json<ClientMetadata>, JsonRejection>,
) -> Response {
    let result = async {
        let (row, system) = managed(&state, &headers, &client_id).await?;
        let metadata = metadata(json)?;
        if metadata.client_id.as_deref() != Some(client_id.as_str()) {
            return Err(OAuthError::invalid_request(
                "The body's client_id must be the client being updated (RFC 7592 §2.2).",
            ));
        }
        let request = metadata.into_draft(&system).map_err(invalid_metadata)?;
        let client = state
            .clients
            .update_registered(&system, &row, request)
            .await
            .map_err(|e| failed(&state, e))?;
        Ok(RegisteredClient::of(&client, &state.public_url))
    }
    .await;
    result.map_or_else(IntoResponse::into_response, |body| {
        answer(StatusCode::OK, body)
    })
}

async fn delete(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (row, system) = managed(&state, &headers, &client_id).await?;
        state
            .clients
            .delete_registered(&system, &row)
            .await
            .map_err(|e| failed(&state, e))
    }
    .await;
    result.map_or_else(IntoResponse::into_response, |()| {
        (StatusCode::NO_CONTENT, no_store()).into_response()
    })
}
