//! Data that crosses the wire between server functions and pages.

use serde::{Deserialize, Serialize};

/// Who is signed in, as the pages need to know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub is_developer: bool,
    pub is_admin: bool,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    /// Whether the person opened the link sent to their address.
    #[serde(default)]
    pub email_verified: bool,
    /// Whether an unverified address keeps them from becoming a developer
    /// or joining an organisation (the operator's choice).
    #[serde(default)]
    pub verification_required: bool,
    /// The organisations the viewer acts in (none unless a developer):
    /// the personal one first.
    pub orgs: Vec<OrgMembership>,
    /// The organisation the pages act for (the switcher's choice).
    pub active_org_id: Option<String>,
    /// How many clients wait for an admin's decision on a scope (admins
    /// only; 0 for everyone else), for the navigation's count.
    #[serde(default)]
    pub waiting_approvals: i64,
    /// Whether the viewer may make themselves a developer by accepting
    /// the developer terms (self-service, and not a developer yet).
    #[serde(default)]
    pub may_become_developer: bool,
    /// When the sign-in policy requires two-step sign-in of the viewer
    /// and they have not set it up: the end of their grace period, after
    /// which signing in sets it up first.
    #[serde(default)]
    pub two_step_due: Option<i64>,
    /// Whether the account has a password (one made by an upstream
    /// provider has none until the person sets one).
    #[serde(default)]
    pub has_password: bool,
}

impl Viewer {
    /// The organisation the pages act for.
    pub fn active_org(&self) -> Option<&OrgMembership> {
        let id = self.active_org_id.as_deref()?;
        self.membership(id)
    }

    /// The viewer's membership of `org_id`, if any.
    pub fn membership(&self, org_id: &str) -> Option<&OrgMembership> {
        self.orgs.iter().find(|m| m.org_id == org_id)
    }
}

/// One row of the admin's account list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub is_developer: bool,
    pub is_admin: bool,
    pub created_at: i64,
    /// Disabled by an admin: cannot sign in.
    #[serde(default)]
    pub disabled: bool,
    /// When it last signed in (any new session), if ever.
    #[serde(default)]
    pub last_sign_in_at: Option<i64>,
    /// How many browsers are signed in to it now (the admins' list).
    #[serde(default)]
    pub live_sessions: u32,
    /// Signing in asks for a code from an authenticator app (the admins'
    /// list).
    #[serde(default)]
    pub two_step: bool,
}

/// How many rows a page of a long list shows.
pub const PAGE_SIZE: usize = 50;

/// The LIMIT that reads a page and tells whether another follows.
pub const PAGE_READ: i64 = PAGE_SIZE as i64 + 1;

/// Rows read with `PAGE_READ` as one page, and the cursor of the next
/// (from the last row shown) when there are more.
pub fn split_page<T, C>(rows: Vec<T>, cursor: impl FnOnce(&T) -> C) -> (Vec<T>, Option<C>) {
    split_page_of(PAGE_SIZE, rows, cursor)
}

/// How many clients a page of the approval queue shows: each comes with a
/// form per scope, so fewer than a plain list.
pub const QUEUE_PAGE_SIZE: usize = 20;

/// Rows read with a LIMIT of `size + 1` as one page of `size`, and the
/// cursor of the next when there are more.
pub fn split_page_of<T, C>(
    size: usize,
    mut rows: Vec<T>,
    cursor: impl FnOnce(&T) -> C,
) -> (Vec<T>, Option<C>) {
    let more = rows.len() > size;
    rows.truncate(size);
    let next = if more { rows.last().map(cursor) } else { None };
    (rows, next)
}

/// One page of a list read by key, and where the next page starts (an
/// opaque cursor for `?after=`) when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub rows: Vec<T>,
    pub next_after: Option<String>,
}

impl<T> Default for ListPage<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            next_after: None,
        }
    }
}

/// One page of the admins' account list, by email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPage {
    pub accounts: Vec<AccountSummary>,
    /// The email the next page starts after, when there is one.
    pub next_after: Option<String>,
}

mod clients;
pub use clients::*;

mod availability;
pub use availability::*;

mod sort;
pub use sort::*;

mod test_run;
pub use test_run::*;

mod consent;
pub use consent::*;

mod keys;
pub use keys::*;

mod systems;
pub use systems::*;

mod orgs;
pub use orgs::*;

mod notifications;
pub use notifications::*;

mod api_reference;
pub use api_reference::*;

mod webhooks;
pub use webhooks::*;

mod sessions;
pub use sessions::*;

mod two_step;
pub use two_step::*;

mod upstream;
pub use upstream::*;

mod passkeys;
pub use passkeys::*;
