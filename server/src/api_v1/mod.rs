//! The REST API under `/api/v1`, for client systems (an `api-key` header)
//! and client applications (their own bearer access tokens). Handlers
//! answer `Result<_, ApiError>`.

mod consents;
pub(crate) mod drafts;
pub mod openapi;
mod own_client;

use axum::Json;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, post};

use crate::api_error::ApiError;
use crate::http::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/consents", get(consents::list))
        .route("/api/v1/client/status", get(own_client::status))
        .route("/api/v1/client/secrets", post(own_client::add_secret))
        .route("/api/v1/client/keys", post(own_client::add_key))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/client-drafts", post(drafts::create))
        .route(
            "/api/v1/client-drafts/{client_id}/status",
            get(drafts::status),
        )
}

/// A JSON body, or 400 `invalid_request` saying why it could not be read.
fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v).map_err(|e| {
        ApiError::invalid_request(format!("The body must be JSON ({}).", e.body_text()))
    })
}
