//! `data-testid` values shared with the Playwright tests in `end2end/`.
//! A test that selects by one of these breaks loudly when the page changes.

pub const NAV: &str = "nav";
pub const NAV_SIGN_IN: &str = "nav-sign-in";
pub const NAV_SIGN_UP: &str = "nav-sign-up";
pub const NAV_ACCOUNT: &str = "nav-account";
pub const NAV_ADMIN_ACCOUNTS: &str = "nav-admin-accounts";
pub const NAV_CLIENTS: &str = "nav-clients";
pub const NAV_ADMIN_SCOPES: &str = "nav-admin-scopes";
pub const NAV_ADMIN_APPROVALS: &str = "nav-admin-approvals";
pub const NAV_ADMIN_AUDIT: &str = "nav-admin-audit";
pub const NAV_ADMIN_KEYS: &str = "nav-admin-keys";
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

pub const CLIENTS_TABLE: &str = "clients-table";
pub const CLIENTS_EMPTY: &str = "clients-empty";
pub const NEW_CLIENT_LINK: &str = "new-client-link";
pub const CLIENT_FORM: &str = "client-form";
pub const CLIENT_ID_PREVIEW: &str = "client-id-preview";
pub const CLIENT_SUBMIT: &str = "client-submit";
pub const CLIENT_ID: &str = "client-id";
pub const CLIENT_STATUS: &str = "client-status";
pub const CLIENT_STATUS_REASON: &str = "client-status-reason";
pub const CLIENT_TABS: &str = "client-tabs";
pub const SECRETS_TABLE: &str = "secrets-table";
pub const SECRET_FORM: &str = "secret-form";
pub const SECRET_SUBMIT: &str = "secret-submit";
pub const SECRET_VALUE: &str = "secret-value";
pub const ACCESS_TABLE: &str = "access-table";
pub const HISTORY_TABLE: &str = "history-table";
pub const TEST_CURL: &str = "test-curl";
pub const TEST_HTTP_DOWNLOAD: &str = "test-http-download";
pub const DELETE_FORM: &str = "delete-form";
pub const DELETE_SUBMIT: &str = "delete-submit";
pub const SCOPES_TABLE: &str = "scopes-table";
pub const KEYS_TABLE: &str = "keys-table";
pub const ROTATE_KEYS: &str = "rotate-keys";
pub const APPROVALS_QUEUE: &str = "approvals-queue";
pub const APPROVALS_EMPTY: &str = "approvals-empty";
pub const ADMIN_CLIENTS_TABLE: &str = "admin-clients-table";
pub const SCOPE_FORM: &str = "scope-form";
pub const AUDIT_TABLE: &str = "audit-table";
pub const AUDIT_FILTER: &str = "audit-filter";
pub const PENDING_CLIENTS: &str = "pending-clients";
pub const TEST_RUN_FORM: &str = "test-run-form";
pub const TEST_RUN_SUBMIT: &str = "test-run-submit";
pub const TEST_RUN_RESULT: &str = "test-run-result";
pub const TEST_RUN_STEP: &str = "test-run-step";
pub const CONSENT: &str = "consent";
pub const CONSENT_SCOPES: &str = "consent-scopes";
pub const CONSENT_ALLOW: &str = "consent-allow";
pub const CONSENT_DENY: &str = "consent-deny";
pub const AUTHORIZE_ERROR: &str = "authorize-error";
pub const APPS_TABLE: &str = "apps-table";
pub const APPS_EMPTY: &str = "apps-empty";
