//! Server functions answer errors as `AppError` JSON. Leptos answers every
//! error with 500 unless the function itself set a status, and an error
//! raised before the function runs (a malformed or incomplete body, a
//! field that is not text) names no request id. This layer gives those
//! answers the status their error names, and the request's real id.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Error bodies are a few hundred bytes; anything larger is not one.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn answer_with_status(req: Request, next: Next) -> Response {
    let request_id = super::request_id_of(&req);
    if !req.uri().path().starts_with("/api/ui/") {
        return next.run(req).await;
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let error = match serde_json::from_slice::<AppError>(&bytes) {
        Ok(AppError::Internal { .. }) => {
            tracing::error!("a server function failed before it ran");
            AppError::Internal { request_id }
        }
        Ok(error) => error,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let json = serde_json::to_vec(&error).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(json))
}
