//! One file per page (or a folder when a page grows).

mod account;
mod admin_accounts;
mod admin_approvals;
mod admin_audit;
mod admin_client;
mod admin_clients;
mod admin_identity_providers;
mod admin_keys;
mod admin_orgs;
mod admin_outbox;
mod admin_scopes;
mod admin_sign_in_policy;
mod api_docs;
mod authorize_error;
mod clients;
mod confirm_client;
mod consent;
mod flow;
mod home;
mod invitation;
mod login;
mod login_code;
mod login_link;
mod logout;
mod not_found;
mod orgs;
mod password_reset;
mod register_apps;
mod setup;
mod signup;
mod systems;
mod verify_email;

pub use account::{AccountPage, AccountSecurityPage, SetUpTwoStepPage};
pub use admin_accounts::AdminAccountsPage;
pub use admin_approvals::AdminApprovalsPage;
pub use admin_audit::AdminAuditPage;
pub use admin_client::AdminClientPage;
pub use admin_clients::AdminClientsPage;
pub use admin_identity_providers::AdminIdentityProvidersPage;
pub use admin_keys::AdminKeysPage;
pub use admin_orgs::{AdminOrgPage, AdminOrgsPage};
pub use admin_outbox::AdminOutboxPage;
pub use admin_scopes::AdminScopesPage;
pub use api_docs::ApiDocsPage;
pub use authorize_error::AuthorizeErrorPage;
pub use clients::{
    ClientAccessPage, ClientHistoryPage, ClientPage, ClientSecretsPage, ClientSettingsPage,
    ClientTestPage, ClientsPage, NewClientPage,
};
pub use confirm_client::ConfirmClientPage;
pub use consent::ConsentPage;
pub use home::HomePage;
pub use invitation::InvitationPage;
pub use login::LoginPage;
pub use login_code::SignInCodePage;
pub use login_link::LinkAccountPage;
pub use logout::LogoutPage;
pub use not_found::NotFound;
pub use orgs::{
    NewOrgPage, OrgHistoryPage, OrgInvitationsPage, OrgMembersPage, OrgPage, OrgSettingsPage,
    OrgWebhooksPage, OrgsPage, WebhookPage,
};
pub use password_reset::{ForgotPasswordPage, ResetPasswordPage};
pub use setup::SetupPage;
pub use signup::SignUpPage;
pub use systems::{NewSystemPage, SystemPage, SystemsPage};
pub use verify_email::VerifyEmailPage;

/// The tabs at addresses of their own (`/clients/:id/secrets`,
/// `/orgs/:id/members`): each page's prefix and its tabs' last parts.
pub fn tabbed_pages() -> [(&'static str, Vec<&'static str>); 2] {
    [
        ("/clients/", clients::tab_paths().collect()),
        ("/orgs/", orgs::tab_paths().collect()),
    ]
}

/// Classes shared by the pages' primary buttons and cards.
pub(crate) const BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-indigo-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-800 focus:outline-none focus:ring-2 focus:ring-indigo-600 focus:ring-offset-2 disabled:opacity-60 dark:focus:ring-offset-gray-900";
/// A quieter button beside others (End, Sign out everywhere else).
pub(crate) const BUTTON_SECONDARY: &str = "rounded-md border border-gray-400 px-3 py-1.5 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";
pub(crate) const CARD: &str = "rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900";
pub(crate) const H1: &str = "text-2xl font-bold text-gray-900 dark:text-white";
pub(crate) const MUTED: &str = "text-sm text-gray-600 dark:text-gray-300";
pub(crate) const LINK: &str = "font-medium text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-200";
