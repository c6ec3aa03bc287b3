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

#[derive(Serialize)]
struct Consent {
    /// The end user's subject identifier (`sub` in their tokens).
    subject: String,
    scopes: Vec<String>,
    granted_at: String,
    updated_at: String,
}

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
