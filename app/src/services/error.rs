//! How services fail: something the person can act on, a part that
//! cannot be reached, or an internal error, with what was being done.

use crate::error::AppError;

type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A failure inside a service: something the person can act on, a part
/// that cannot be reached right now (the database; nothing was done, try
/// again), or an internal error whose text must stay in the log.
#[derive(Debug)]
pub enum ServiceError {
    Public(AppError),
    Unavailable(Cause),
    Internal(Cause),
}

impl From<AppError> for ServiceError {
    fn from(value: AppError) -> Self {
        Self::Public(value)
    }
}

impl ServiceError {
    /// An internal failure while `doing` something ("saving the client").
    pub fn internal(doing: &'static str, cause: impl Into<Cause>) -> Self {
        Self::Internal(Box::new(Contextual {
            doing,
            cause: cause.into(),
        }))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// An internal error with what was being done when it happened, so the log
/// line says more than the database's own words.
#[derive(Debug)]
struct Contextual {
    doing: &'static str,
    cause: Cause,
}

impl std::fmt::Display for Contextual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.doing, self.cause)
    }
}

impl std::error::Error for Contextual {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.cause.as_ref())
    }
}

/// Says what a service was doing when an internal error happened; errors
/// meant for the person pass through unchanged.
pub trait Context<T> {
    fn context(self, doing: &'static str) -> ServiceResult<T>;
}

impl<T> Context<T> for ServiceResult<T> {
    fn context(self, doing: &'static str) -> ServiceResult<T> {
        self.map_err(|err| match err {
            ServiceError::Internal(cause) => ServiceError::internal(doing, cause),
            ServiceError::Unavailable(cause) => {
                ServiceError::Unavailable(Box::new(Contextual { doing, cause }))
            }
            public => public,
        })
    }
}

/// Runs a service method's body, saying what it was doing (`what`) if it
/// fails internally: `doing("creating a client", async { … }).await`.
pub async fn doing<T>(
    what: &'static str,
    work: impl std::future::Future<Output = ServiceResult<T>>,
) -> ServiceResult<T> {
    work.await.context(what)
}
