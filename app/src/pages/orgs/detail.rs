use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::history::HistoryTab;
use super::invitations::InvitationsTab;
use super::members::MembersTab;
use super::settings::SettingsTab;
use super::webhooks::WebhooksTab;
use crate::api::orgs::get_org;
use crate::components::{ErrorView, RequireSignIn, TabNav, current_tab, format_time, group_digits};
use crate::domain::Role;
use crate::ids;
use crate::model::{OrgSummary, Viewer};
use crate::pages::{CARD, H1, MUTED};

const MEMBER_TABS: [(&str, &str); 2] = [("overview", "Overview"), ("members", "Members")];
const OWNER_TABS: [(&str, &str); 6] = [
    ("overview", "Overview"),
    ("members", "Members"),
    ("invitations", "Invitations"),
    ("webhooks", "Webhooks"),
    ("settings", "Settings"),
    ("history", "History"),
];

/// `/orgs/:id?tab=…`. Someone who is not a member gets "not found".
#[component]
pub fn OrgPage() -> impl IntoView {
    view! { <RequireSignIn children=|viewer| view! { <OrgLoader viewer /> } /> }
}

#[component]
fn OrgLoader(viewer: Viewer) -> impl IntoView {
    let id = move || use_params_map().with(|p| p.get("id")).unwrap_or_default();
    // Every tab is a fresh look (see the client page).
    let org = Resource::new(move || (id(), current_tab()), |(id, _)| get_org(id));
    view! {
        <Transition fallback=|| ()>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                    match org.await {
                        Ok(org) => view! { <OrgView org viewer /> }.into_any(),
                        Err(error) => view! { <Title text="Organisation" /> <ErrorView error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn OrgView(org: OrgSummary, viewer: Viewer) -> impl IntoView {
    let role = viewer
        .membership(&org.org_id)
        .map(|m| m.role)
        .unwrap_or(Role::Viewer);
    let owner = role == Role::Owner;
    let base = format!("/orgs/{}", org.org_id);
    let name = org.name.clone();
    let me = viewer.account_id.clone();
    let body = move || {
        let org = org.clone();
        match (current_tab().as_str(), owner) {
            ("members", _) => {
                view! { <MembersTab org_id=org.org_id owner me=me.clone() /> }.into_any()
            }
            ("invitations", true) => view! { <InvitationsTab org_id=org.org_id /> }.into_any(),
            ("webhooks", true) => view! { <WebhooksTab org_id=org.org_id /> }.into_any(),
            ("settings", true) => view! { <SettingsTab org /> }.into_any(),
            ("history", true) => view! { <HistoryTab org_id=org.org_id /> }.into_any(),
            _ => view! { <Overview org role /> }.into_any(),
        }
    };
    view! {
        <Title text=name.clone() />
        <div class="space-y-6">
            <h1 class=H1 data-testid=ids::ORG_NAME>{name}</h1>
            <TabNav label="Organisation sections" base tabs=if owner { &OWNER_TABS[..] } else { &MEMBER_TABS[..] } test_id=ids::ORG_TABS />
            {body}
        </div>
    }
}

#[component]
fn Overview(org: OrgSummary, role: Role) -> impl IntoView {
    let row = |term: &'static str, value: String| {
        view! {
            <dt class="font-medium text-gray-700 dark:text-gray-300">{term}</dt>
            <dd class="break-all text-gray-900 dark:text-gray-100">{value}</dd>
        }
    };
    view! {
        <section class=CARD data-testid=ids::ORG_OVERVIEW>
            {(!org.description.is_empty()).then(|| view! { <p class="mb-4 text-gray-900 dark:text-gray-100">{org.description.clone()}</p> })}
            <dl class="grid grid-cols-1 gap-2 text-sm sm:grid-cols-[14rem_1fr]">
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Client-id prefix"</dt>
                <dd class="break-all font-mono text-gray-900 dark:text-gray-100" data-testid=ids::ORG_PREFIX>{org.client_prefix.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Organisation number"</dt>
                <dd class="text-gray-900 dark:text-gray-100" data-testid=ids::ORG_NUMBER>{org.org_number.as_deref().map(group_digits).unwrap_or_else(|| "None given".into())}</dd>
                {row("Your role", format!("{} — {}", role.as_str(), role.explain()))}
                {row("Members", org.members.to_string())}
                {row("Clients", org.clients.to_string())}
                {row("Client systems", org.systems.to_string())}
                {row("Created", format_time(org.created_at))}
                {org.personal_of.clone().map(|email| row("Personal organisation of", email))}
            </dl>
            <p class=format!("mt-4 {MUTED}")>
                "Switch to this organisation in the navigation to see and create its clients and systems. "
                "Its clients' tokens carry the claims "<code>"org_id"</code>" and, when a number is set, "<code>"org_number"</code>"."
            </p>
        </section>
    }
}
