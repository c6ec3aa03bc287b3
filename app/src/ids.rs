//! `data-testid` values shared with the Playwright tests in `end2end/`.
//! A test that selects by one of these breaks loudly when the page changes.

pub const NAV: &str = "nav";
pub const NAV_SIGN_IN: &str = "nav-sign-in";
pub const NAV_SIGN_UP: &str = "nav-sign-up";
pub const NAV_ACCOUNT: &str = "nav-account";
pub const NAV_ADMIN_ACCOUNTS: &str = "nav-admin-accounts";
pub const NAV_SIGN_OUT: &str = "nav-sign-out";
pub const NAV_VIEWER: &str = "nav-viewer";

pub const FORM_ERROR: &str = "form-error";
pub const FORM_SUCCESS: &str = "form-success";

pub const SIGN_IN_FORM: &str = "sign-in-form";
pub const SIGN_IN_SUBMIT: &str = "sign-in-submit";
pub const SIGN_UP_FORM: &str = "sign-up-form";
pub const SIGN_UP_SUBMIT: &str = "sign-up-submit";
pub const SETUP_FORM: &str = "setup-form";
pub const SETUP_SUBMIT: &str = "setup-submit";

pub const DASHBOARD: &str = "dashboard";
pub const DASHBOARD_PREFIX: &str = "dashboard-prefix";
pub const LANDING: &str = "landing";

pub const ACCOUNT_PROFILE: &str = "account-profile";
pub const PROFILE_SUBMIT: &str = "profile-submit";
pub const PASSWORD_FORM: &str = "password-form";
pub const PASSWORD_SUBMIT: &str = "password-submit";

pub const ACCOUNTS_TABLE: &str = "accounts-table";
pub const NOT_FOUND: &str = "not-found";
pub const ERROR_VIEW: &str = "error-view";
pub const COPY_BUTTON: &str = "copy-button";
