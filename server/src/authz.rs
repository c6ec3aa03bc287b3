//! Who may do what: the gates service methods pass before anything else.
//!
//! An organisation's clients, systems, keys and drafts are reached through
//! a membership with a role. Someone who is not a member gets "not found"
//! (whether the thing exists or not, so ids of other organisations are
//! not confirmed); a member whose role is too low gets "forbidden".
//! Memberships are read from the database with the session on every
//! request, so a removal or a lower role holds from the next request on.

use app::domain::Role;
use app::error::AppError;
use app::model::OrgMembership;
use app::services::{CurrentSession, ServiceResult};

pub fn require_admin(session: &CurrentSession) -> ServiceResult<()> {
    if session.viewer.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// The caller's membership of `org_id`, if their role there allows `needed`.
pub fn member<'s>(
    session: &'s CurrentSession,
    org_id: &str,
    needed: Role,
) -> ServiceResult<&'s OrgMembership> {
    match session.viewer.membership(org_id) {
        None => Err(AppError::NotFound.into()),
        Some(m) if m.role.allows(needed) => Ok(m),
        Some(_) => Err(AppError::Forbidden.into()),
    }
}

/// The organisation the caller's pages act for, if their role there
/// allows `needed`. Someone in no organisation may not do this at all.
pub fn active_org(session: &CurrentSession, needed: Role) -> ServiceResult<&OrgMembership> {
    match session.viewer.active_org() {
        None => Err(AppError::Forbidden.into()),
        Some(m) if m.role.allows(needed) => Ok(m),
        Some(_) => Err(AppError::Forbidden.into()),
    }
}
