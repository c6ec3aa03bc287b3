//! `/orgs/:id` and its tabs, each at its own address (`/orgs/:id/members`,
//! …): a tab can be linked, reloaded and shared, and each is a page of the
//! route table, free to go to a lazily loaded group of its own
//! (`crate::routes`; one group for now). The shell here is shared: the
//! organisation's name, the tab links and its loading.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::orgs::get_org;
use crate::components::{ErrorView, RequireSignIn, TabLinks, format_time, group_digits};
use crate::domain::Role;
use crate::error::AppError;
use crate::ids;
use crate::model::{OrgSummary, Viewer};
use crate::pages::{CARD, H1, MUTED};

/// A tab of the organisation page: its address below `/orgs/:id`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tab {
    Overview,
    Members,
    Invitations,
    Webhooks,
    Settings,
    History,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Members,
        Tab::Invitations,
        Tab::Webhooks,
        Tab::Settings,
        Tab::History,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Members => "Members",
            Tab::Invitations => "Invitations",
            Tab::Webhooks => "Webhooks",
            Tab::Settings => "Settings",
            Tab::History => "History",
        }
    }

    /// The last part of the tab's address (the overview has none).
    fn path(self) -> &'static str {
        match self {
            Tab::Overview => "",
            Tab::Members => "members",
            Tab::Invitations => "invitations",
            Tab::Webhooks => "webhooks",
            Tab::Settings => "settings",
            Tab::History => "history",
        }
    }

    /// The last parts of the tabs' addresses, the overview's (none) left out.
    pub(super) fn paths() -> impl Iterator<Item = &'static str> {
        Tab::ALL.iter().map(|t| t.path()).filter(|p| !p.is_empty())
    }

    /// Whether only the organisation's owners see the tab.
    fn owners_only(self) -> bool {
        !matches!(self, Tab::Overview | Tab::Members)
    }

    /// The tab's address for organisation `org_id`.
    pub(super) fn href(self, org_id: &str) -> String {
        match self {
            Tab::Overview => format!("/orgs/{org_id}"),
            tab => format!("/orgs/{org_id}/{}", tab.path()),
        }
    }
}

/// What a tab is drawn from: the organisation, the viewer's role in it and
/// the viewer's account id.
pub(super) struct Shown {
    pub org: OrgSummary,
    pub role: Role,
    pub me: String,
}

/// The organisation's page with tab `tab` open, drawn by `body`. Every
/// look is a fresh one; someone who is not a member gets "not found", a
/// member who is not an owner "no access" on the owners' tabs.
#[component]
pub(super) fn OrgShell<Body>(tab: Tab, body: Body) -> impl IntoView
where
    Body: Fn(Shown) -> AnyView + Clone + Send + Sync + 'static,
{
    view! {
        <RequireSignIn children=move |viewer| {
            let id = move || use_params_map().with(|p| p.get("id")).unwrap_or_default();
            let org = Resource::new(id, get_org);
            let body = body.clone();
            view! {
                <Transition fallback=|| ()>
                    {move || {
                        let (viewer, body) = (viewer.clone(), body.clone());
                        Suspend::new(async move {
                            match org.await {
                                Ok(org) => org_view(org, &viewer, tab, &body),
                                Err(error) => view! { <Title text="Organisation" /> <ErrorView error /> }.into_any(),
                            }
                        })
                    }}
                </Transition>
            }
        } />
    }
}

fn org_view(
    org: OrgSummary,
    viewer: &Viewer,
    tab: Tab,
    body: &impl Fn(Shown) -> AnyView,
) -> AnyView {
    let role = viewer
        .membership(&org.org_id)
        .map(|m| m.role)
        .unwrap_or(Role::Viewer);
    let owner = role == Role::Owner;
    let name = org.name.clone();
    let links = Tab::ALL
        .iter()
        .filter(|t| owner || !t.owners_only())
        .map(|&t| (t.href(&org.org_id), t.label(), Signal::stored(t == tab)))
        .collect();
    let shown = if tab.owners_only() && !owner {
        view! { <ErrorView error=AppError::Forbidden /> }.into_any()
    } else {
        body(Shown {
            org,
            role,
            me: viewer.account_id.clone(),
        })
    };
    view! {
        <Title text=name.clone() />
        <div class="space-y-6">
            <h1 class=H1 data-testid=ids::ORG_NAME>{name}</h1>
            <TabLinks label="Organisation sections" links test_id=ids::ORG_TABS />
            {shown}
        </div>
    }
    .into_any()
}

/// The overview: what the organisation is and the viewer's part in it.
#[component]
pub(super) fn Overview(org: OrgSummary, role: Role) -> impl IntoView {
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

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn every_tab_has_its_own_address() {
        let hrefs: Vec<String> = Tab::ALL.iter().map(|t| t.href("o1")).collect();
        assert_eq!(
            hrefs,
            [
                "/orgs/o1",
                "/orgs/o1/members",
                "/orgs/o1/invitations",
                "/orgs/o1/webhooks",
                "/orgs/o1/settings",
                "/orgs/o1/history",
            ]
        );
    }
}
