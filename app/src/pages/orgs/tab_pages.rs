//! The organisation page's tabs as pages of their own (see `detail`).

use leptos::prelude::*;

use super::detail::{OrgShell, Overview, Shown, Tab};
use super::history::HistoryTab;
use super::invitations::InvitationsTab;
use super::members::MembersTab;
use super::settings::SettingsTab;
use super::webhooks::WebhooksTab;
use crate::domain::Role;

/// `/orgs/:id`: what the organisation is and the viewer's part in it.
#[component]
pub fn OrgPage() -> impl IntoView {
    view! { <OrgShell tab=Tab::Overview body=|s: Shown| view! { <Overview org=s.org role=s.role /> }.into_any() /> }
}

/// `/orgs/:id/members`: who is in it, with what role.
#[component]
pub fn OrgMembersPage() -> impl IntoView {
    view! {
        <OrgShell tab=Tab::Members body=|s: Shown| {
            let owner = s.role == Role::Owner;
            view! { <MembersTab org_id=s.org.org_id owner me=s.me /> }.into_any()
        } />
    }
}

/// `/orgs/:id/invitations` (owners): inviting people, the open invitations.
#[component]
pub fn OrgInvitationsPage() -> impl IntoView {
    view! { <OrgShell tab=Tab::Invitations body=|s: Shown| view! { <InvitationsTab org_id=s.org.org_id /> }.into_any() /> }
}

/// `/orgs/:id/webhooks` (owners): the endpoints told of its events.
#[component]
pub fn OrgWebhooksPage() -> impl IntoView {
    view! { <OrgShell tab=Tab::Webhooks body=|s: Shown| view! { <WebhooksTab org_id=s.org.org_id /> }.into_any() /> }
}

/// `/orgs/:id/settings` (owners): name, description, number; deleting it.
#[component]
pub fn OrgSettingsPage() -> impl IntoView {
    view! { <OrgShell tab=Tab::Settings body=|s: Shown| view! { <SettingsTab org=s.org /> }.into_any() /> }
}

/// `/orgs/:id/history?before=` (owners): every change, a page at a time.
#[component]
pub fn OrgHistoryPage() -> impl IntoView {
    view! { <OrgShell tab=Tab::History body=|s: Shown| view! { <HistoryTab org_id=s.org.org_id /> }.into_any() /> }
}
