//! RFC 6749 §5.2 error responses: JSON `error` + `error_description`, the
//! status the RFC names, `WWW-Authenticate` on 401 and `no-store` always.

use app::error::FieldError;
use axum::Json;
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub struct OAuthError {
    status: StatusCode,
    code: &'static str,
    description: String,
    /// `WWW-Authenticate` scheme for 401s: `Basic` at the token endpoint,
    /// `Bearer` at resource endpoints (RFC 6750 §3).
    challenge: Option<&'static str>,
    retry_after: Option<u64>,
    /// Per-field reasons, for the REST API's 400 answers.
    fields: Vec<FieldError>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    error_description: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    fields: &'a [FieldError],
}

impl OAuthError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            challenge: None,
            retry_after: None,
            fields: Vec::new(),
        }
    }

    /// 400 `invalid_request` naming each field and its problem.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let text: Vec<String> = fields
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        Self {
            fields,
            ..Self::invalid_request(text.join(" "))
        }
    }

    /// An error of the REST API that RFC 6749 has no code for (404, 403).
    pub fn api(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self::new(status, code, description)
    }

    /// The same error under another code (e.g. RFC 7591's
    /// `invalid_client_metadata`).
    pub fn with_code(self, code: &'static str) -> Self {
        Self { code, ..self }
    }

    /// 409 `conflict`: the input is fine but clashes with what exists.
    pub fn conflict_fields(fields: Vec<FieldError>) -> Self {
        Self {
            status: StatusCode::CONFLICT,
            code: "conflict",
            ..Self::invalid_fields(fields)
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
                    "Too many failed authentications for this client; try again in {retry_after} s."
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
        let body = Body {
            error: self.code,
            error_description: &self.description,
            fields: &self.fields,
        };
        let mut response = (self.status, no_store(), Json(body)).into_response();
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
