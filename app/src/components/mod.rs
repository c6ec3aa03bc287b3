//! Building blocks shared by the pages.

mod audit_table;
mod confirm;
mod confirm_dialog;
mod copy_button;
mod credentials;
mod encode;
mod error_view;
mod expiry;
mod field;
mod form_errors;
mod kept_answer;
mod layout;
mod light_page;
mod markdown;
mod org;
mod org_switcher;
mod pager;
mod passkey_sign_in;
mod read_only;
mod scope_checkboxes;
mod search_form;
mod session;
mod short_id;
mod sign_in_with;
mod sort_links;
mod step_up;
mod tabs;
mod time;
mod two_step_due;
mod webauthn;

pub use audit_table::AuditTable;
pub use confirm::{ConfirmButton, Confirmation};
pub use confirm_dialog::{
    ConfirmDialog, ConfirmLinks, ConfirmOpen, open_confirmation, query_param,
};
pub use copy_button::CopyButton;
pub use credentials::{CredentialTable, ShownOnce};
pub use encode::{href_with, keeping_next, percent_encode};
pub use error_view::{ErrorView, FormMessage};
pub use expiry::ExpiryChoice;
pub use field::{Field, Validator};
pub use form_errors::{
    DONE_PARAM, FORM_PARAM, FormErrors, form_action, function_name, succeeded, successes,
};
pub use kept_answer::{KeptAnswer, answer, answer_is_kept};
pub use layout::Layout;
pub use light_page::{
    LightPageScript, LoadWhole, ServerStepsScript, is_light_path, rendering_light_page,
};
#[cfg(feature = "hydrate")]
pub use light_page::{follow_light_links, load_redirects_whole};
pub use markdown::{InlineMarkdown, Markdown};
pub use org::{group_digits, org_label};
pub use org_switcher::OrgSwitcher;
pub use pager::{Pager, first_page_href, next_page_href};
pub use passkey_sign_in::{PasskeyButton, PasskeyStep};
pub use read_only::ReadOnly;
pub use scope_checkboxes::ScopeCheckboxes;
pub use search_form::SearchForm;
pub use session::{RequireAdmin, RequireSignIn, Session};
pub use short_id::{ShortClientId, shorten_client_id};
pub use sign_in_with::{SignInWith, UpstreamFailure};
pub use sort_links::SortLinks;
pub use step_up::StepUp;
pub use tabs::{TabLinks, TabNav, current_tab};
pub use time::{Expiry, LocalTime, format_date, format_time, now_secs};
pub use two_step_due::TwoStepDue;
pub use webauthn::get_credential;
