//! Building blocks shared by the pages.

mod audit_table;
mod copy_button;
mod credentials;
mod encode;
mod error_view;
mod expiry;
mod field;
mod form_errors;
mod layout;
mod org;
mod org_switcher;
mod read_only;
mod scope_checkboxes;
mod session;
mod tabs;
mod time;

pub use audit_table::AuditTable;
pub use copy_button::CopyButton;
pub use credentials::{CredentialTable, RevokeButton, ShownOnce};
pub use encode::{href_with, percent_encode};
pub use error_view::{ErrorView, FormMessage};
pub use expiry::ExpiryChoice;
pub use field::Field;
pub use form_errors::FormErrors;
pub use layout::Layout;
pub use org::{group_digits, org_label};
pub use org_switcher::OrgSwitcher;
pub use read_only::ReadOnly;
pub use scope_checkboxes::ScopeCheckboxes;
pub use session::{RequireAdmin, RequireSignIn, Session};
pub use tabs::{TabNav, current_tab};
pub use time::{format_date, format_time};
