//! The API reference behind `/api-docs`; public, like the OpenAPI document.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ApiReference;
#[cfg(feature = "ssr")]
use crate::services::*;

#[server(prefix = "/api/ui", endpoint = "load_api_reference")]
pub async fn load_api_reference() -> Result<ApiReference, AppError> {
    Ok(ApiReference::clone(&services()?.api_reference))
}
