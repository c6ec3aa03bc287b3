//! The API reference behind `/api-docs`; public, like the OpenAPI document.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ApiReference;
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "load_api_reference")]
pub async fn load_api_reference() -> Result<ApiReference, AppError> {
    let services = services()?;
    let doc: serde_json::Value = serde_json::from_str(&services.api_document).map_err(|e| {
        tracing::error!(error = %e, "the OpenAPI document is not JSON");
        AppError::Internal {
            request_id: request_id(),
        }
    })?;
    Ok(ApiReference::from_openapi(&doc))
}
