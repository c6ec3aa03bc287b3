//! The one error of every machine-facing endpoint: the REST API under
//! `/api/v1`, RFC 7591/7592 registration, and (through `OAuthError`) the
//! provider. Its JSON is `{error, error_description, fields?}` in the style
//! of RFC 6749 §5.2, with the right status, `WWW-Authenticate` on 401s,
//! `Retry-After` on 429s and `Cache-Control: no-store` always. The OpenAPI
//! document describes this very type.

use app::error::{AppError, FieldError};
use app::services::ServiceError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::oidc::{OAuthError, no_store};

/// An error answer of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    /// `invalid_request`, `invalid_api_key`, `invalid_token`,
    /// `insufficient_scope`, `forbidden`, `not_found`, `conflict`,
    /// `too_many_requests`, `too_many_drafts`, `server_error`, …
    error: String,
    error_description: String,
    /// For 400 and 409: each field and what is wrong with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldError>,
    #[serde(skip)]
    challenge: Option<&'static str>,
    #[serde(skip)]
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, description: impl Into<String>) -> Self {
        Self {
            status,
            error: code.to_owned(),
            error_description: description.into(),
            fields: Vec::new(),
            challenge: None,
            retry_after: None,
        }
    }

    /// 400 `invalid_request` naming each field and its problem.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        Self::with_fields(StatusCode::BAD_REQUEST, "invalid_request", fields)
    }

    fn with_fields(status: StatusCode, code: &str, fields: Vec<FieldError>) -> Self {
        let text: Vec<String> = fields
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        Self {
            fields,
            ..Self::new(status, code, text.join(" "))
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// The same error under another code (e.g. RFC 7591's
    /// `invalid_client_metadata`).
    pub fn with_code(self, code: &str) -> Self {
        Self {
            error: code.to_owned(),
            ..self
        }
    }

    /// Says what was not found, when this is a 404.
    pub fn not_found_says(self, description: &str) -> Self {
        if self.status == StatusCode::NOT_FOUND {
            Self::new(StatusCode::NOT_FOUND, "not_found", description)
        } else {
            self
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn fields(&self) -> &[FieldError] {
        &self.fields
    }

    /// The fields renamed (the API's names for the portal form's fields).
    pub fn map_fields(mut self, rename: impl Fn(&str) -> Option<&'static str>) -> Self {
        for field in &mut self.fields {
            if let Some(name) = rename(&field.field) {
                field.field = name.to_owned();
            }
        }
        if !self.fields.is_empty() {
            let fields = std::mem::take(&mut self.fields);
            let code = std::mem::take(&mut self.error);
            return Self::with_fields(self.status, &code, fields);
        }
        self
    }
}

impl From<OAuthError> for ApiError {
    fn from(err: OAuthError) -> Self {
        Self {
            challenge: err.challenge,
            retry_after: err.retry_after,
            ..Self::new(err.status, err.code, err.description)
        }
    }
}

/// What a service said, as the API answers it: each person-facing error
/// with its status; an internal one logged (with what was being done and
/// the request id of the span) and answered without its text.
impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::Public(public) => public.into(),
            ServiceError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "API request could not be served now");
                Self::unavailable()
            }
            ServiceError::Internal(cause) => {
                tracing::error!(error = %cause, "API request failed");
                Self::server_error()
            }
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        let description = err.to_string();
        match err {
            AppError::Invalid { errors } => Self::invalid_fields(errors),
            AppError::Conflict { errors } => {
                Self::with_fields(StatusCode::CONFLICT, "conflict", errors)
            }
            AppError::Unauthenticated => {
                Self::new(StatusCode::UNAUTHORIZED, "unauthorized", description)
            }
            AppError::Forbidden => Self::new(StatusCode::FORBIDDEN, "forbidden", description),
            AppError::SecondFactorRequired => {
                Self::new(StatusCode::FORBIDDEN, "second_factor_required", description)
            }
            AppError::NotFound => Self::new(StatusCode::NOT_FOUND, "not_found", description),
            AppError::RateLimited { retry_after_secs } => Self {
                retry_after: Some(retry_after_secs),
                ..Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    description,
                )
            },
            AppError::Unavailable { .. } => Self::unavailable(),
            AppError::Internal { .. } | AppError::Unreachable => Self::server_error(),
        }
    }
}

impl ApiError {
    /// 503: nothing was done; try again shortly.
    fn unavailable() -> Self {
        Self {
            retry_after: Some(5),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "Portico cannot serve this request right now and nothing was changed; try again shortly.",
            )
        }
    }

    fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "Internal error; quote the x-request-id response header when reporting it.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, no_store(), Json(&self)).into_response();
        let headers = response.headers_mut();
        if let Some(challenge) = self.challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_keep_their_status_and_retry_time() {
        let limited: ApiError = ServiceError::from(AppError::RateLimited {
            retry_after_secs: 42,
        })
        .into();
        let response = limited.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "42");
        let forbidden: ApiError = ServiceError::from(AppError::Forbidden).into();
        assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
        let internal: ApiError = ServiceError::internal("testing", "disk on fire").into();
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!internal.error_description.contains("disk"));
    }

    #[test]
    fn field_errors_are_listed_and_named_in_the_description() {
        let err: ApiError = AppError::invalid("display_name", "Too long.").into();
        let err = err.map_fields(|f| (f == "display_name").then_some("name"));
        assert_eq!(err.fields()[0].field, "name");
        assert_eq!(err.error_description, "name: Too long.");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["error"], "invalid_request");
        assert!(json.get("status").is_none());
    }
}
