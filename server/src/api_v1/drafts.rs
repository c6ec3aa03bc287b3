//! The draft API for client systems, authenticated by an `api-key` header:
//! `POST /api/v1/client-drafts` and `GET /api/v1/client-drafts/{id}/status`.

use app::error::{AppError, FieldError};
use app::services::ServiceError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::own_client::{body, failed, respond};
use super::rfc3339;
use crate::clients::drafts::DraftRequest;
use crate::clients::own::StatusReport;
use crate::http::AppState;
use crate::oidc::{OAuthError, no_store};
use crate::store::systems::SystemRow;
use crate::systems::API_KEY_HEADER;

/// The system behind the request's API key, or 401.
async fn system(state: &AppState, headers: &HeaderMap) -> Result<SystemRow, OAuthError> {
    let key = headers.get(API_KEY_HEADER).and_then(|v| v.to_str().ok());
    let verdict = state
        .systems
        .authenticate(key)
        .await
        .map_err(|e| failed(&state.provider, e))?;
    verdict.map_err(|refused| {
        let text = match refused {
            crate::systems::KeyRefused::Missing => {
                "Send a client system's API key in the api-key header."
            }
            crate::systems::KeyRefused::Unknown => "The API key is unknown, expired or revoked.",
        };
        OAuthError::api(StatusCode::UNAUTHORIZED, "invalid_api_key", text)
    })
}

/// 429 when the system has as many unconfirmed drafts as it may.
pub(crate) async fn room(state: &AppState, system: &SystemRow) -> Result<(), OAuthError> {
    let verdict = state
        .clients
        .room_for_draft(system)
        .await
        .map_err(|e| failed(&state.provider, e))?;
    verdict.map_err(|limit| {
        OAuthError::api(
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
fn body_names(err: ServiceError) -> ServiceError {
    let rename = |errors: Vec<FieldError>| -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|e| FieldError {
                field: match e.field.as_str() {
                    "display_name" => "name".into(),
                    "jwks" => "jwk".into(),
                    _ => e.field,
                },
                message: e.message,
            })
            .collect()
    };
    match err {
        ServiceError::Public(AppError::Invalid { errors }) => {
            ServiceError::Public(AppError::Invalid {
                errors: rename(errors),
            })
        }
        ServiceError::Public(AppError::Conflict { errors }) => {
            ServiceError::Public(AppError::Conflict {
                errors: rename(errors),
            })
        }
        other => other,
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
        (status = 400, description = "Invalid body; `fields` names each problem", body = super::openapi::ApiError),
        (status = 401, description = "Missing, unknown, expired or revoked API key", body = super::openapi::ApiError),
        (status = 409, description = "The suffix was used before", body = super::openapi::ApiError),
        (status = 429, description = "The system already has as many unconfirmed drafts as it may (PORTICO_MAX_OPEN_DRAFTS)", body = super::openapi::ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    json: Result<Json<DraftRequest>, JsonRejection>,
) -> Response {
    let provider = state.provider.clone();
    let result = async {
        let system = system(&state, &headers).await?;
        let request = body(json)?;
        room(&state, &system).await?;
        state
            .clients
            .create_draft(&system, request)
            .await
            .map_err(|e| failed(&provider, body_names(e)))
    }
    .await;
    respond(result, |created| {
        let answer = DraftResponse {
            confirm_url: format!("{}/confirm-client/{}", state.public_url, created.client_id),
            client_id: created.client_id,
            status: "draft",
            expires_at: rfc3339(created.expires_at),
            client_secret_expires_at: created.secret.as_ref().map(|s| rfc3339(s.info.expires_at)),
            client_secret: created.secret.map(|s| s.value),
        };
        (StatusCode::CREATED, no_store(), Json(answer)).into_response()
    })
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
        (status = 401, description = "Missing, unknown, expired or revoked API key", body = super::openapi::ApiError),
        (status = 404, description = "No such client of this system (or the draft expired)", body = super::openapi::ApiError),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let system = system(&state, &headers).await?;
        state
            .clients
            .draft_status(&system, &client_id)
            .await
            .map_err(|e| match e {
                ServiceError::Public(AppError::NotFound) => OAuthError::api(
                    StatusCode::NOT_FOUND,
                    "not_found",
                    "This system has no client with that id (drafts nobody confirmed expire).",
                ),
                other => failed(&state.provider, other),
            })
    }
    .await;
    respond(result, |report| Json(report).into_response())
}
