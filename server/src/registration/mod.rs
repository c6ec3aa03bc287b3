//! RFC 7591 dynamic client registration at `/oauth2/register`, with a
//! client system's API key as the initial access token, and RFC 7592
//! read / update / delete at `/oauth2/register/{client_id}` with the
//! registration access token. Registered clients are drafts like those of
//! the draft API: owned by the system's developer, confirmed by an end
//! user, approved by an admin where a scope needs it.

mod metadata;

use app::error::FieldError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};

use crate::api_error::ApiError;
use crate::clients::registration::Registration;
use crate::http::AppState;
use crate::oidc::tokens::bearer::bearer_of;
use crate::oidc::{OAuthError, no_store};
use crate::systems::System;
use metadata::{ClientMetadata, RegisteredClient, rfc_name};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/register", post(register))
        .route(
            "/oauth2/register/{client_id}",
            axum::routing::get(read).put(update).delete(delete),
        )
}

/// RFC 7591 §3.2.2 for a service's answer: field problems become 400
/// `invalid_redirect_uri` when only redirect URIs are wrong, else
/// `invalid_client_metadata`, each named as the metadata member.
fn as_metadata_error(err: ApiError) -> ApiError {
    if err.fields().is_empty() {
        return err;
    }
    let only_uris = err
        .fields()
        .iter()
        .all(|f| f.field.ends_with("redirect_uris"));
    let code = if only_uris {
        "invalid_redirect_uri"
    } else {
        "invalid_client_metadata"
    };
    let renamed = err.map_fields(rfc_name);
    ApiError::invalid_fields(renamed.fields().to_vec()).with_code(code)
}

fn invalid_metadata(errors: Vec<FieldError>) -> ApiError {
    as_metadata_error(ApiError::invalid_fields(errors))
}

fn metadata(json: Result<Json<ClientMetadata>, JsonRejection>) -> Result<ClientMetadata, ApiError> {
    json.map(|Json(m)| m).map_err(|e| {
        invalid_metadata(vec![FieldError {
            field: "body".into(),
            message: format!(
                "The body must be a JSON object of client metadata ({}).",
                e.body_text()
            ),
        }])
    })
}

/// The system whose API key is the initial access token.
async fn initial_access(state: &AppState, headers: &HeaderMap) -> Result<System, ApiError> {
    let refused = || {
        ApiError::from(OAuthError::invalid_token(
            "Send a client system's API key as the initial access token: Authorization: Bearer <api key>.",
        ))
    };
    let key = bearer_of(headers).ok_or_else(refused)?;
    state
        .systems
        .authenticate(Some(key))
        .await?
        .map_err(|_| refused())
}

/// What the registration access token manages.
async fn managed(
    state: &AppState,
    headers: &HeaderMap,
    client_id: &str,
) -> Result<Registration, ApiError> {
    let token = bearer_of(headers).ok_or_else(not_yours)?;
    state
        .clients
        .registration(token, client_id)
        .await?
        .ok_or_else(not_yours)
}

fn not_yours() -> ApiError {
    OAuthError::invalid_token("The registration access token is not valid for this client.").into()
}

/// A service's refusal, in RFC 7591 terms; a client gone meanwhile is
/// "not yours" like any other.
fn refused(err: app::services::ServiceError) -> ApiError {
    let err = ApiError::from(err);
    if err.status() == StatusCode::NOT_FOUND {
        return not_yours();
    }
    as_metadata_error(err)
}

fn answer(status: StatusCode, body: RegisteredClient) -> impl IntoResponse {
    (status, no_store(), Json(body))
}

async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    json: Result<Json<ClientMetadata>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let system = initial_access(&state, &headers).await?;
    let request = metadata(json)?
        .into_draft(&system)
        .map_err(invalid_metadata)?;
    crate::api_v1::drafts::room(&state, &system).await?;
    let registered = state
        .clients
        .register(&system, request)
        .await
        .map_err(refused)?;
    let mut body = RegisteredClient::of(&registered.draft.detail, &state.public_url);
    body.registration_access_token = Some(registered.registration_access_token);
    if let Some(secret) = registered.draft.secret {
        body.client_secret_expires_at = Some(secret.info.expires_at);
        body.client_secret = Some(secret.value);
    }
    Ok(answer(StatusCode::CREATED, body))
}

async fn read(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let registration = managed(&state, &headers, &client_id).await?;
    let client = state
        .clients
        .registered_client(&registration)
        .await
        .map_err(refused)?;
    Ok(answer(
        StatusCode::OK,
        RegisteredClient::of(&client, &state.public_url),
    ))
}

async fn update(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
    json: Result<Json<ClientMetadata>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let registration = managed(&state, &headers, &client_id).await?;
    let metadata = metadata(json)?;
    if metadata.client_id.as_deref() != Some(client_id.as_str()) {
        return Err(ApiError::invalid_request(
            "The body's client_id must be the client being updated (RFC 7592 §2.2).",
        ));
    }
    let request = metadata
        .into_draft(&registration.system)
        .map_err(invalid_metadata)?;
    let client = state
        .clients
        .update_registered(&registration, request)
        .await
        .map_err(refused)?;
    Ok(answer(
        StatusCode::OK,
        RegisteredClient::of(&client, &state.public_url),
    ))
}

async fn delete(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let registration = managed(&state, &headers, &client_id).await?;
    state
        .clients
        .delete_registered(&registration)
        .await
        .map_err(refused)?;
    Ok((StatusCode::NO_CONTENT, no_store()))
}
