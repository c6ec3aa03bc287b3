//! `data-testid` values shared with the Playwright tests in `end2end/`.
//! A test that selects by one of these breaks loudly when the page changes.

pub const NAV: &str = "nav";
pub const NAV_SIGN_IN: &str = "nav-sign-in";
pub const NAV_SIGN_UP: &str = "nav-sign-up";
pub const NAV_ACCOUNT: &str = "nav-account";
pub const NAV_MENU: &str = "nav-menu";
pub const API_DOC_TEXT: &str = "api-doc-text";
pub const NAV_ADMIN_ACCOUNTS: &str = "nav-admin-accounts";
pub const NAV_CLIENTS: &str = "nav-clients";
pub const NAV_ADMIN_SCOPES: &str = "nav-admin-scopes";
pub const NAV_APPROVALS_WAITING: &str = "nav-approvals-waiting";
pub const NAV_ADMIN_APPROVALS: &str = "nav-admin-approvals";
pub const NAV_ADMIN_AUDIT: &str = "nav-admin-audit";
pub const NAV_ADMIN_KEYS: &str = "nav-admin-keys";
pub const NAV_ADMIN_PROVIDERS: &str = "nav-admin-providers";
pub const NAV_SIGN_OUT: &str = "nav-sign-out";
pub const NAV_VIEWER: &str = "nav-viewer";

pub const FORM_ERROR: &str = "form-error";
pub const FORM_SUCCESS: &str = "form-success";

pub const SIGN_IN_FORM: &str = "sign-in-form";
pub const LOGOUT_FORM: &str = "logout-form";
pub const LOGOUT_SUBMIT: &str = "logout-submit";
pub const SIGN_IN_SUBMIT: &str = "sign-in-submit";
pub const SIGN_UP_FORM: &str = "sign-up-form";
pub const SIGN_UP_SUBMIT: &str = "sign-up-submit";
pub const SETUP_FORM: &str = "setup-form";
pub const SETUP_SUBMIT: &str = "setup-submit";

pub const DASHBOARD: &str = "dashboard";
pub const DASHBOARD_PREFIX: &str = "dashboard-prefix";
pub const REGISTER_APPS: &str = "register-apps";
pub const FLOW_APP: &str = "flow-app";
pub const SIGN_UP_LINK: &str = "sign-up-link";
pub const NOT_YOU: &str = "not-you";
pub const DEVELOPER_TERMS: &str = "developer-terms";
pub const BECOME_DEVELOPER: &str = "become-developer";
pub const LANDING: &str = "landing";

pub const ACCOUNT_PROFILE: &str = "account-profile";
pub const ACCOUNT_TABS: &str = "account-tabs";
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
pub const CLIENT_AVAILABILITY: &str = "client-availability";
pub const CLIENT_SCOPES_MISSING: &str = "client-scopes-missing";
pub const CLIENT_NOT_READY: &str = "client-not-ready";
pub const CLIENT_SECRETS_SUMMARY: &str = "client-secrets-summary";
pub const CLIENT_ENDPOINTS: &str = "client-endpoints";
pub const CLIENT_TABS: &str = "client-tabs";
pub const SECRETS_TABLE: &str = "secrets-table";
pub const SECRET_FORM: &str = "secret-form";
pub const SECRET_SUBMIT: &str = "secret-submit";
pub const SECRET_VALUE: &str = "secret-value";
pub const ACCESS_TABLE: &str = "access-table";
pub const HISTORY_TABLE: &str = "history-table";
pub const HISTORY_OLDER: &str = "history-older";
pub const SECRETS_NEXT: &str = "secrets-next";
pub const API_KEYS_NEXT: &str = "api-keys-next";
pub const SYSTEM_CLIENTS_NEXT: &str = "system-clients-next";
pub const SYSTEMS_NEXT: &str = "systems-next";
pub const APPS_NEXT: &str = "apps-next";
pub const ADMIN_ORGS_NEXT: &str = "admin-orgs-next";
pub const DELIVERIES_OLDER: &str = "deliveries-older";
pub const ORG_HISTORY_OLDER: &str = "org-history-older";
pub const TEST_CURL: &str = "test-curl";
pub const TEST_HTTP_DOWNLOAD: &str = "test-http-download";
pub const DELETE_FORM: &str = "delete-form";
pub const DELETE_SUBMIT: &str = "delete-submit";
pub const SCOPES_TABLE: &str = "scopes-table";
pub const KEYS_TABLE: &str = "keys-table";
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
pub const CONFIRM_DRAFT: &str = "confirm-draft";
pub const CONFIRM_SCOPES: &str = "confirm-scopes";
pub const CONFIRM_ACCEPT: &str = "confirm-accept";
pub const CONFIRM_DECLINE: &str = "confirm-decline";
pub const CONFIRM_RESULT: &str = "confirm-result";
pub const CONFIRM_ERROR: &str = "confirm-error";
pub const SYSTEMS_TABLE: &str = "systems-table";
pub const SYSTEMS_EMPTY: &str = "systems-empty";
pub const NEW_SYSTEM_LINK: &str = "new-system-link";
pub const SYSTEM_FORM: &str = "system-form";
pub const SYSTEM_SUBMIT: &str = "system-submit";
pub const SYSTEM_OVERVIEW: &str = "system-overview";
pub const SYSTEM_CLIENTS: &str = "system-clients";
pub const API_KEY_FORM: &str = "api-key-form";
pub const API_KEY_SUBMIT: &str = "api-key-submit";
pub const API_KEY_VALUE: &str = "api-key-value";
pub const API_KEYS_TABLE: &str = "api-keys-table";
pub const NAV_SYSTEMS: &str = "nav-systems";
pub const NAV_API_DOCS: &str = "nav-api-docs";
pub const API_DOCS: &str = "api-docs";
pub const SYSTEM_SETTINGS_FORM: &str = "system-settings-form";
pub const SYSTEM_SAVE: &str = "system-save";
pub const SYSTEM_DELETE: &str = "system-delete";

// Organisations.
pub const APPROVAL_ORG: &str = "approval-org";
pub const APPROVAL_CARD: &str = "approval-card";
pub const APPROVAL_ORIGIN: &str = "approval-origin";
pub const APPROVAL_REDIRECTS: &str = "approval-redirects";
pub const APPROVAL_SCOPE: &str = "approval-scope";
pub const ADMIN_CLIENT_HISTORY: &str = "admin-client-history";
pub const ADMIN_CLIENT_STATUS: &str = "admin-client-status";
pub const NAV_ORGS: &str = "nav-orgs";
pub const ORG_SWITCHER: &str = "org-switcher";
pub const ORG_SWITCH_SELECT: &str = "org-switch-select";
pub const ORG_SWITCH_BUTTON: &str = "org-switch-button";
pub const ORGS_LIST: &str = "orgs-list";
pub const ORGS_NEW: &str = "orgs-new";
pub const ORG_FORM: &str = "org-form";
pub const ORG_NAME: &str = "org-name";
pub const ORG_TABS: &str = "org-tabs";
pub const ORG_PREFIX: &str = "org-prefix";
pub const ORG_NUMBER: &str = "org-number";
pub const MEMBERS_TABLE: &str = "members-table";
pub const INVITE_FORM: &str = "invite-form";
pub const INVITE_EMAIL: &str = "invite-email";
pub const INVITE_ROLE: &str = "invite-role";
pub const INVITE_SUBMIT: &str = "invite-submit";
pub const INVITE_LINK: &str = "invite-link";
pub const INVITATIONS_TABLE: &str = "invitations-table";
pub const INVITATION_REVOKE: &str = "invitation-revoke";
pub const INVITATION_OFFER: &str = "invitation-offer";
pub const INVITATION_ACCEPT: &str = "invitation-accept";
pub const ORG_DELETE_CONFIRM: &str = "org-delete-confirm";
pub const ORG_DELETE: &str = "org-delete";
pub const ORG_HISTORY: &str = "org-history";
pub const ACTIVE_ORG: &str = "active-org";
pub const MOVE_FORM: &str = "move-form";
pub const MOVE_TARGET: &str = "move-target";
pub const MOVE_CONFIRM: &str = "move-confirm";
pub const MOVE_SUBMIT: &str = "move-submit";
pub const NAV_ADMIN_ORGS: &str = "nav-admin-orgs";
pub const NAV_ADMIN_CLIENTS: &str = "nav-admin-clients";
pub const ADMIN_ORGS_SEARCH: &str = "admin-orgs-search";
pub const ADMIN_ORGS_TABLE: &str = "admin-orgs-table";
pub const ORG_SUBMIT: &str = "org-submit";
pub const ORG_SAVE: &str = "org-save";
pub const ORG_OVERVIEW: &str = "org-overview";
pub const ADMIN_ORG_MEMBERS: &str = "admin-org-members";
pub const ADMIN_ORG_CLIENTS: &str = "admin-org-clients";
pub const READ_ONLY: &str = "read-only";

// Password reset.
pub const FORGOT_PASSWORD_LINK: &str = "forgot-password-link";
pub const FORGOT_FORM: &str = "forgot-form";
pub const FORGOT_SUBMIT: &str = "forgot-submit";
pub const FORGOT_SENT: &str = "forgot-sent";
pub const RESET_FORM: &str = "reset-form";
pub const RESET_SUBMIT: &str = "reset-submit";
pub const NOTIFICATION_PREFS: &str = "notification-prefs";
pub const NAV_ADMIN_OUTBOX: &str = "nav-admin-outbox";
pub const ADMIN_OUTBOX_TABLE: &str = "admin-outbox-table";

// Webhook endpoints of an organisation.
pub const WEBHOOK_FORM: &str = "webhook-form";
pub const WEBHOOK_SUBMIT: &str = "webhook-submit";
pub const WEBHOOK_SECRET: &str = "webhook-secret";
pub const WEBHOOKS_TABLE: &str = "webhooks-table";
pub const WEBHOOK_STATUS: &str = "webhook-status";
pub const WEBHOOK_TEST: &str = "webhook-test";
pub const WEBHOOK_TOGGLE: &str = "webhook-toggle";
pub const WEBHOOK_DELETE: &str = "webhook-delete";
pub const WEBHOOK_REFRESH: &str = "webhook-refresh";
pub const WEBHOOK_ATTEMPTS: &str = "webhook-attempts";

// Email verification.
pub const VERIFY_FORM: &str = "verify-form";
pub const VERIFY_SUBMIT: &str = "verify-submit";
pub const VERIFY_DONE: &str = "verify-done";
pub const VERIFY_BANNER: &str = "verify-banner";
pub const VERIFY_RESEND: &str = "verify-resend";
pub const EXPIRING_SOON: &str = "expiring-soon";
pub const ACCOUNTS_SEARCH: &str = "accounts-search";
pub const ACCOUNTS_SORT: &str = "accounts-sort";
pub const ACCOUNTS_PAGER: &str = "accounts-pager";
pub const ACCOUNTS_NEXT: &str = "accounts-next";
pub const CLIENTS_SEARCH: &str = "clients-search";
pub const CLIENTS_SORT: &str = "clients-sort";
pub const CLIENTS_NEXT: &str = "clients-next";
pub const APPROVALS_NEXT: &str = "approvals-next";
pub const ADMIN_CLIENTS_SEARCH: &str = "admin-clients-search";
pub const ADMIN_CLIENTS_NEXT: &str = "admin-clients-next";
pub const AUDIT_CSV: &str = "audit-csv";
pub const AUDIT_OLDER: &str = "audit-older";
/// A confirmation dialog (`components::ConfirmButton`): the button that
/// opens it, the dialog, and its button that does the thing.
pub const DIALOG_OPEN: &str = "dialog-open";
pub const DIALOG: &str = "dialog";
pub const DIALOG_CONFIRM: &str = "dialog-confirm";
/// An app's logo and its pages on the consent, confirmation and focused
/// sign-in pages.
pub const APP_LOGO: &str = "app-logo";
pub const APP_LINKS: &str = "app-links";
/// The presets a new client starts from.
pub const CLIENT_PRESETS: &str = "client-presets";
/// The account page's drafts the person answered.
pub const DRAFTS_TABLE: &str = "drafts-table";
pub const DRAFTS_EMPTY: &str = "drafts-empty";
pub const DRAFTS_NEXT: &str = "drafts-next";
/// The account page's sessions.
pub const SESSIONS_TABLE: &str = "sessions-table";
pub const SESSIONS_END_OTHERS: &str = "sessions-end-others";
/// Two-step sign-in: the account page's section and the code page.
pub const TWO_STEP: &str = "two-step";
pub const TWO_STEP_STATE: &str = "two-step-state";
pub const TWO_STEP_START: &str = "two-step-start";
pub const TWO_STEP_QR: &str = "two-step-qr";
pub const TWO_STEP_SECRET: &str = "two-step-secret";
pub const TWO_STEP_CONFIRM: &str = "two-step-confirm";
pub const TWO_STEP_RECOVERY_CODES: &str = "two-step-recovery-codes";
pub const TWO_STEP_RENEW: &str = "two-step-renew";
pub const TWO_STEP_OFF: &str = "two-step-off";
pub const SET_UP_TWO_STEP: &str = "set-up-two-step";
pub const SET_UP_TWO_STEP_CONTINUE: &str = "set-up-two-step-continue";
pub const TWO_STEP_DUE: &str = "two-step-due";
pub const SIGN_IN_POLICY: &str = "sign-in-policy";
pub const SIGN_IN_CODE_FORM: &str = "sign-in-code-form";
pub const SIGN_IN_CODE_SUBMIT: &str = "sign-in-code-submit";
/// "Confirm it is you" (a code before a change that hands out keys).
pub const STEP_UP: &str = "step-up";
pub const STEP_UP_CODE: &str = "step-up-code";
pub const STEP_UP_SUBMIT: &str = "step-up-submit";
pub const STEP_UP_DONE: &str = "step-up-done";
pub const STEP_UP_PASSKEY: &str = "step-up-passkey";

// Upstream OpenID providers.
pub const SIGN_IN_WITH: &str = "sign-in-with";
pub const UPSTREAM_FAILURE: &str = "upstream-failure";
pub const LINK_OFFER_FORM: &str = "link-offer-form";
pub const LINK_OFFER_SUBMIT: &str = "link-offer-submit";
pub const SIGN_IN_METHODS: &str = "sign-in-methods";
pub const SET_PASSWORD: &str = "set-password";
pub const IDENTITY_PROVIDERS: &str = "identity-providers";
pub const IDENTITY_PROVIDER_FORM: &str = "identity-provider-form";
pub const IDENTITY_PROVIDER_SAVE: &str = "identity-provider-save";

// Passkeys.
pub const PASSKEYS: &str = "passkeys";
pub const PASSKEYS_UNAVAILABLE: &str = "passkeys-unavailable";
pub const PASSKEY_LIST: &str = "passkey-list";
pub const PASSKEY_ADD_FORM: &str = "passkey-add-form";
pub const PASSKEY_RENAME_FORM: &str = "passkey-rename-form";
pub const PASSKEY_ADD: &str = "passkey-add";
pub const PASSKEY_SIGN_IN: &str = "passkey-sign-in";
pub const PASSKEY_SIGN_IN_ERROR: &str = "passkey-sign-in-error";
