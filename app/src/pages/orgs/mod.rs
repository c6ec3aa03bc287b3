//! `/orgs`, `/orgs/new`, `/orgs/:id` and its tabs (`/members`,
//! `/invitations`, `/webhooks`, `/settings`, `/history`) and
//! `/orgs/:id/webhooks/:endpoint`: the organisations that own clients and
//! systems.

mod detail;
mod fields;
mod history;
mod invitations;
mod list;
mod members;
mod moves;
mod new;
mod settings;
mod tab_pages;
mod webhook;
mod webhooks;

pub use list::OrgsPage;
pub(crate) use moves::{MoveClientForm, MoveSystemForm};
pub use new::NewOrgPage;
pub use tab_pages::{
    OrgHistoryPage, OrgInvitationsPage, OrgMembersPage, OrgPage, OrgSettingsPage, OrgWebhooksPage,
};
pub use webhook::WebhookPage;

const SELECT: &str = "rounded-md border border-gray-400 bg-white px-2 py-1.5 text-sm text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
const SMALL_BUTTON: &str = "whitespace-nowrap rounded-md border border-gray-400 px-3 py-1.5 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 disabled:opacity-60 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";
const DANGER_BUTTON: &str = "rounded-md border border-red-600 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 focus:outline-none focus:ring-2 focus:ring-red-600 disabled:opacity-60 dark:text-red-200 dark:hover:bg-red-950";

/// The addresses of an organisation's tabs below `/orgs/:id` (`members`, …).
pub fn tab_paths() -> impl Iterator<Item = &'static str> {
    detail::Tab::paths()
}
