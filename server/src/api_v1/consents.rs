//! `GET /api/v1/consents`: the consents end users granted to the calling
//! client (bearer token with `consents:read`).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::rfc3339;
use crate::oidc::{OAuthError, Provider};
use crate::store::consents as consent_store;

/// One end user's consent to the calling client.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Consent {
    /// The end user's subject identifier (`sub` in their tokens).
    subject: String,
    scopes: Vec<String>,
    /// RFC 3339.
    granted_at: String,
    /// RFC 3339.
    updated_at: String,
}

/// The consents end users granted to the calling client: `[]` for a new
/// client. The portal's Test tab calls this.
#[utoipa::path(
    get,
    path = "/api/v1/consents",
    tag = "consents",
    security(("bearer" = ["consents:read"])),
    responses(
        (status = 200, description = "The consents", body = Vec<Consent>),
        (status = 401, description = "Missing or invalid access token", body = super::openapi::ApiError),
        (status = 403, description = "The token lacks consents:read", body = super::openapi::ApiError),
    )
)]
pub async fn list(State(provider): State<Arc<Provider>>, headers: HeaderMap) -> Response {
    let result = async {
        let claims = provider.bearer(&headers, "consents:read").await?;
        let rows = consent_store::for_client(provider.db(), &claims.client_id)
            .await
            .map_err(|e| provider.internal(e))?;
        Ok::<_, OAuthError>(
            rows.into_iter()
                .map(|row| Consent {
                    subject: row.account_id,
                    scopes: row
                        .scopes
                        .split(' ')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    granted_at: rfc3339(row.granted_at),
                    updated_at: rfc3339(row.updated_at),
                })
                .collect::<Vec<_>>(),
        )
    }
    .await;
    match result {
        Ok(consents) => Json(consents).into_response(),
        Err(err) => err.into_response(),
    }
}
