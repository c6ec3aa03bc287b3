//! Who may do what: the role gates service methods pass before anything
//! else. (Ownership of a client or system is checked where it is loaded:
//! someone else's is "not found".)

use app::domain::ClientPrefix;
use app::error::AppError;
use app::services::{CurrentSession, ServiceResult};

pub fn require_admin(session: &CurrentSession) -> ServiceResult<()> {
    if session.viewer.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// The caller's fixed client-id prefix; only developers have one.
pub fn developer_prefix(session: &CurrentSession) -> ServiceResult<ClientPrefix> {
    let viewer = &session.viewer;
    match (&viewer.client_prefix, viewer.is_developer) {
        (Some(prefix), true) => Ok(ClientPrefix::parse(prefix).map_err(|_| AppError::Forbidden)?),
        _ => Err(AppError::Forbidden.into()),
    }
}
