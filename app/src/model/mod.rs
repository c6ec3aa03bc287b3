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
    /// The fixed client-id prefix; set once the account is a developer.
    pub client_prefix: Option<String>,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
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
}

mod clients;
pub use clients::*;

mod test_run;
pub use test_run::*;

mod consent;
pub use consent::*;

mod keys;
pub use keys::*;

mod systems;
pub use systems::*;

mod api_reference;
pub use api_reference::*;
