//! RFC 6749 §5.2 / RFC 6750 §3 errors of the provider's endpoints: a
//! code, a description, the status the RFC names, `WWW-Authenticate` on
//! 401s. They are answered as `ApiError` JSON (with `no-store`), the body
//! every machine-facing endpoint shares.

use app::error::AppError;
use app::services::ServiceError;
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api_error::ApiError;

#[derive(Debug)]
pub struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) description: String,
    /// `WWW-Authenticate` scheme for 401s: `Basic` at the token endpoint,
    /// `Bearer` at resource endpoints (RFC 6750 §3).
    pub(crate) challenge: Option<&'static str>,
    pub(crate) retry_after: Option<u64>,
}

impl OAuthError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            challenge: None,
            retry_after: None,
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// Client authentication failed: 401 with a `Basic` challenge.
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self {
            challenge: Some("Basic realm=\"portico\""),
            ..Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
        }
    }

    pub fn too_many_failures(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "invalid_client",
                format!(
                    "Too many failed authentications for this client from this address; try again in {retry_after} s."
                ),
            )
        }
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    pub fn unauthorized_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "unauthorized_client", description)
    }

    pub fn unsupported_grant_type(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            description,
        )
    }

    pub fn unsupported_token_type(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "unsupported_token_type",
            description,
        )
    }

    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }

    /// A bearer token is missing, expired or revoked (RFC 6750 §3.1).
    pub fn invalid_token(description: impl Into<String>) -> Self {
        Self {
            challenge: Some("Bearer realm=\"portico\", error=\"invalid_token\""),
            ..Self::new(StatusCode::UNAUTHORIZED, "invalid_token", description)
        }
    }

    /// The token is fine but lacks the scope (RFC 6750 §3.1).
    pub fn insufficient_scope(scope: &str) -> Self {
        Self {
            challenge: Some("Bearer realm=\"portico\", error=\"insufficient_scope\""),
            ..Self::new(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("This call needs an access token with the {scope} scope."),
            )
        }
    }

    /// The database cannot be reached now (RFC 6749 §4.1.2.1's
    /// `temporarily_unavailable`, with 503 at the other endpoints).
    pub fn temporarily_unavailable() -> Self {
        Self {
            retry_after: Some(5),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "Portico cannot serve this request right now; try again shortly.",
            )
        }
    }

    /// Logged in full (with the request id) by the caller; the client sees
    /// only where to find it.
    pub fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "Internal error; quote the x-request-id response header when reporting it.",
        )
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn description(&self) -> &str {
        &self.description
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.description)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}

/// Provider errors reach the portal's pages (the consent page finishing an
/// authorization) as what they are: a server error stays internal (it was
/// logged where it happened), everything else is something the person can
/// be told.
impl From<OAuthError> for ServiceError {
    fn from(err: OAuthError) -> Self {
        match err.status {
            StatusCode::SERVICE_UNAVAILABLE => ServiceError::Unavailable(err.to_string().into()),
            status if status.is_server_error() => {
                ServiceError::internal("running the provider", err.to_string())
            }
            StatusCode::TOO_MANY_REQUESTS => AppError::RateLimited {
                retry_after_secs: err.retry_after.unwrap_or(60),
            }
            .into(),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => AppError::Forbidden.into(),
            _ => AppError::invalid("request", err.description).into(),
        }
    }
}

/// The form body of a provider request, or `invalid_request` saying why not.
pub fn form_body<T>(form: Result<Form<T>, FormRejection>) -> Result<T, OAuthError> {
    form.map(|Form(body)| body).map_err(|e| {
        OAuthError::invalid_request(format!(
            "The body must be application/x-www-form-urlencoded with each parameter once ({}).",
            e.body_text()
        ))
    })
}

/// `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1).
pub fn no_store() -> [(header::HeaderName, HeaderValue); 2] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::PRAGMA, HeaderValue::from_static("no-cache")),
    ]
}
