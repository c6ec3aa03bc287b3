//! The draft API for client systems, authenticated by an `api-key` header:
//! `POST /api/v1/client-drafts` and `GET /api/v1/client-drafts/{id}/status`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Serialize;

use super::body;
use crate::api_error::ApiError;
use crate::clients::drafts::DraftRequest;
use crate::clients::own::StatusReport;
use crate::http::AppState;
use crate::oidc::no_store;
use crate::systems::{API_KEY_HEADER, KeyRefused, System};
use crate::time::rfc3339;

/// The system behind the request's API key, or 401.
async fn system(state: &AppState, headers: &HeaderMap) -> Result<System, ApiError> {
    let key = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok());
    state.systems.authenticate(key).await?.map_err(|refused| {
        let text = match refused {
            KeyRefused::Missing => "Send a client system's API key in the api-key header.",
            KeyRefused::Unknown => "The API key is unknown, expired or revoked.",
        };
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_api_key", text)
    })
}

/// 429 when the system has as many unconfirmed drafts as it may.
pub(crate) async fn room(state: &AppState, system: &System) -> Result<(), ApiError> {
    state.clients.room_for_draft(system).await?.map_err(|limit| {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_drafts",
            format!(
                "This system already has {limit} drafts waiting for confirmation; new ones can be created as they are confirmed, declined or expire."
            ),
        )
    })
}

/// The answer to a new draft.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DraftResponse {
    pub client_id: String,
    /// Where the end user confirms it; add `redirectPort` and
    /// `redirectPath` to be sent back to a loopback listener.
    pub confirm_url: String,
    /// `draft` until an end user confirms it.
    #[schema(value_type = String, example = "draft")]
    pub status: &'static str,
    /// When the draft is deleted if nobody confirms it (RFC 3339).
    pub expires_at: String,
    /// Only for systems whose clients use secrets; shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_expires_at: Option<String>,
}

/// The draft API names fields as its body does (`name`, `jwk`), not as
/// the portal's form does.
fn body_name(field: &str) -> Option<&'static str> {
    match field {
        "display_name" => Some("name"),
        "jwks" => Some("jwk"),
        _ => None,
    }
}

/// Create a client draft for one installation of the system's software.
/// The client belongs to the system's developer; an end user confirms it
/// at `confirm_url`, then an admin approves scopes that need approval.
#[utoipa::path(
    post,
    path = "/api/v1/client-drafts",
    tag = "client drafts",
    request_body = DraftRequest,
    security(("api_key" = [])),
    responses(
        (status = 201, description = "Draft created; the secret (if any) is shown only here", body = DraftResponse),
        (status = 400, description = "Invalid body; `fields` names each problem", body = ApiError),
        (status = 401, description = "Missing, unknown, expired or revoked API key", body = ApiError),
        (status = 409, description = "The suffix was used before", body = ApiError),
        (status = 429, description = "The system already has as many unconfirmed drafts as it may (PORTICO_MAX_OPEN_DRAFTS)", body = ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    json: Result<Json<DraftRequest>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let system = system(&state, &headers).await?;
    let request = body(json)?;
    room(&state, &system).await?;
    let created = state
        .clients
        .create_draft(&system, request)
        .await
        .map_err(|e| ApiError::from(e).map_fields(body_name))?;
    let answer = DraftResponse {
        confirm_url: format!("{}/confirm-client/{}", state.public_url, created.client_id),
        client_id: created.client_id,
        status: "draft",
        expires_at: rfc3339(created.expires_at),
        client_secret_expires_at: created.secret.as_ref().map(|s| rfc3339(s.info.expires_at)),
        client_secret: created.secret.map(|s| s.value),
    };
    Ok((StatusCode::CREATED, no_store(), Json(answer)))
}

/// The status of a client this system created: whether it can get tokens,
/// what it waits for, and each scope's access.
#[utoipa::path(
    get,
    path = "/api/v1/client-drafts/{client_id}/status",
    tag = "client drafts",
    params(("client_id" = String, Path, description = "The full client id from the draft response")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The client's status", body = StatusReport),
        (status = 401, description = "Missing, unknown, expired or revoked API key", body = ApiError),
        (status = 404, description = "No such client of this system (or the draft expired)", body = ApiError),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<StatusReport>, ApiError> {
    let system = system(&state, &headers).await?;
    let report = state
        .clients
        .draft_status(&system, &client_id)
        .await
        .map_err(|e| {
            ApiError::from(e).not_found_says(
                "This system has no client with that id (drafts nobody confirmed expire).",
            )
        })?;
    Ok(Json(report))
}
