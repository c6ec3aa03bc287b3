//! The one error type at the UI boundary.
//!
//! Every server function returns `Result<_, AppError>`. Variants carry only
//! text that is safe to show a person; internal failures become `Internal`
//! with a request id, and their details stay in the server log.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A message about one form field (`field` matches the input's `name`, or
/// the JSON member of an API request).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Input that breaks a rule; each message names its field.
    #[error("{}", first_message(.errors))]
    Invalid { errors: Vec<FieldError> },
    /// The input is fine but clashes with what exists (e.g. email taken).
    #[error("{}", first_message(.errors))]
    Conflict { errors: Vec<FieldError> },
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have access to this.")]
    Forbidden,
    /// A change that hands out keys (a secret, an API key, a role) needs a
    /// code from the person's authenticator app within the last minutes
    /// (`services::STEP_UP_SECS`).
    #[error("Confirm it is you: enter a code from your authenticator app, then try again.")]
    SecondFactorRequired,
    #[error("Not found.")]
    NotFound,
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// Something broke on our side; the log has the details under this id.
    #[error(
        "Something went wrong on our side. If it keeps happening, quote request id {request_id}."
    )]
    Internal { request_id: String },
    /// The browser could not talk to the server (network down, bad response).
    #[error("Could not reach Portico. Check your connection and try again.")]
    Unreachable,
    /// A part Portico needs (its database) cannot be reached right now;
    /// nothing was changed.
    #[error(
        "Portico is unavailable for a moment and nothing was changed. Please try again shortly (request id {request_id})."
    )]
    Unavailable { request_id: String },
}

fn malformed() -> AppError {
    AppError::invalid(
        "form",
        "The form was incomplete or malformed. Reload the page and try again.",
    )
}

fn first_message(errors: &[FieldError]) -> &str {
    errors
        .first()
        .map_or("The input is not valid.", |e| e.message.as_str())
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict {
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }

    /// The message for one field, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { errors } | Self::Conflict { errors } => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::SecondFactorRequired => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal { .. } => 500,
            Self::Unreachable => 502,
            Self::Unavailable { .. } => 503,
        }
    }
}

/// Collects field errors from several `parse` calls, so a form shows every
/// problem at once instead of one per submit.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.0.push(FieldError {
                    field: field.into(),
                    message,
                });
                None
            }
        }
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid { errors: self.0 })
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed form or query input: the person (or a script) sent
            // something the function cannot read (on the server, a body
            // that is not text is a `Deserialization` error too).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => malformed(),
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => malformed(),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            // Everything else is ours to fix; never pass its text on.
            _ => AppError::Internal {
                request_id: "unknown".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_collect_every_field() {
        let mut checks = Checks::default();
        checks.check::<()>("email", Err("bad email".into()));
        checks.check::<()>("password", Err("too short".into()));
        let err = checks.finish().unwrap_err();
        assert_eq!(err.field_message("email").as_deref(), Some("bad email"));
        assert_eq!(err.field_message("password").as_deref(), Some("too short"));
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn internal_errors_show_only_the_request_id() {
        let err = AppError::Internal {
            request_id: "r-1".into(),
        };
        assert!(err.to_string().contains("r-1"));
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(json, r#"{"kind":"internal","request_id":"r-1"}"#);
    }
}
