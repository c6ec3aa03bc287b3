//! `GET /api/v1/consents`: the consents end users granted to the calling
//! client (bearer token with `consents:read`).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use crate::api_error::ApiError;
use crate::oidc::ClientConsent;
use crate::oidc::Provider;

/// The consents end users granted to the calling client: `[]` for a new
/// client. The portal's Test tab calls this.
#[utoipa::path(
    get,
    path = "/api/v1/consents",
    tag = "consents",
    security(("bearer" = ["consents:read"])),
    responses(
        (status = 200, description = "The consents", body = Vec<ClientConsent>),
        (status = 401, description = "Missing or invalid access token", body = ApiError),
        (status = 403, description = "The token lacks consents:read", body = ApiError),
    )
)]
pub async fn list(
    State(provider): State<Arc<Provider>>,
    headers: HeaderMap,
) -> Result<Json<Vec<ClientConsent>>, ApiError> {
    let claims = provider.bearer(&headers, "consents:read").await?;
    Ok(Json(provider.consents_of(&claims.client_id).await?))
}
