//! `/clients/:id` and its tabs, each at its own address
//! (`/clients/:id/settings`, …). A tab is a page of its own so that each
//! brings only its own code: the overview, access and history in one
//! lazily loaded group, the settings, secrets and test (with the forms) in
//! another (`crate::routes`). The shell here is shared: the client's
//! header, the tab links and the loading of the client.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StatusBadge;
use crate::api::clients::get_client;
use crate::components::{ErrorView, RequireSignIn, TabLinks};
use crate::error::AppError;
use crate::ids;
use crate::model::{ClientDetail, Viewer};
use crate::pages::H1;

/// A tab of the client page: its address below `/clients/:id` and its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tab {
    Overview,
    Settings,
    Secrets,
    Access,
    Test,
    History,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Settings,
        Tab::Secrets,
        Tab::Access,
        Tab::Test,
        Tab::History,
    ];

    /// The last part of the tab's address (the overview has none).
    pub(super) fn path(self) -> &'static str {
        match self {
            Tab::Overview => "",
            Tab::Settings => "settings",
            Tab::Secrets => "secrets",
            Tab::Access => "access",
            Tab::Test => "test",
            Tab::History => "history",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Settings => "Settings",
            Tab::Secrets => "Secrets",
            Tab::Access => "Access",
            Tab::Test => "Test",
            Tab::History => "History",
        }
    }

    /// The last parts of the tabs' addresses, the overview's (none) left out.
    pub(super) fn paths() -> impl Iterator<Item = &'static str> {
        Tab::ALL.iter().map(|t| t.path()).filter(|p| !p.is_empty())
    }

    /// The tab's address for client `client_id`.
    pub(super) fn href(self, client_id: &str) -> String {
        match self {
            Tab::Overview => format!("/clients/{client_id}"),
            tab => format!("/clients/{client_id}/{}", tab.path()),
        }
    }
}

/// The `:id` of the address.
pub(super) fn client_id() -> String {
    use_params_map().with(|p| p.get("id")).unwrap_or_default()
}

/// Whether `viewer` may change `detail` (developers and owners of its
/// organisation; viewers only read).
pub(super) fn can_write(viewer: &Viewer, detail: &ClientDetail) -> bool {
    viewer
        .membership(&detail.org_id)
        .is_some_and(|m| m.role.can_write())
}

/// A client's page with tab `tab` open. `reload` changes after each change
/// the tab made, reloading the client; `extra` makes the tab's own data (a
/// resource created once the viewer is known); `body` draws the tab. Every
/// look is a fresh one: a member removed a moment ago gets "not found" on
/// their next click, not the page as it was. Another organisation's client
/// is "not found".
#[component]
pub(super) fn ClientShell<T, Extra, Body>(
    tab: Tab,
    reload: Signal<usize>,
    extra: Extra,
    body: Body,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Extra: Fn() -> Resource<Result<T, AppError>> + Clone + Send + Sync + 'static,
    Body: Fn(ClientDetail, T, Viewer) -> AnyView + Clone + Send + Sync + 'static,
{
    view! {
        <RequireSignIn children=move |viewer| {
            let client = Resource::new(move || (client_id(), reload.get()), |(id, _)| get_client(id));
            let extra = extra();
            let body = body.clone();
            view! {
                <Transition fallback=|| ()>
                    {move || {
                        let (viewer, body) = (viewer.clone(), body.clone());
                        Suspend::new(async move {
                            let loaded = async { Ok::<_, AppError>((client.await?, extra.await?)) };
                            match loaded.await {
                                Ok((detail, extra)) => view! {
                                    <ClientHeader detail=detail.clone() tab />
                                    {body(detail, extra, viewer)}
                                }.into_any(),
                                Err(error) => view! { <Title text="Client" /> <ErrorView error /> }.into_any(),
                            }
                        })
                    }}
                </Transition>
            }
        } />
    }
}

#[component]
fn ClientHeader(detail: ClientDetail, tab: Tab) -> impl IntoView {
    view! {
        <Title text=detail.display_name.clone() />
        <div class="mb-6 space-y-6">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class=H1>{detail.display_name.clone()}</h1>
                <span data-testid=ids::CLIENT_STATUS><StatusBadge standing=detail.standing() /></span>
            </div>
            {detail.status_reason.clone().map(|reason| view! {
                <p data-testid=ids::CLIENT_STATUS_REASON class="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                    {format!("Reason: {reason}")}
                </p>
            })}
            <TabLinks label="Client sections" test_id=ids::CLIENT_TABS
                links=Tab::ALL.iter().map(|&t| (t.href(&detail.client_id), t.label(), Signal::stored(t == tab))).collect() />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn every_tab_has_its_own_address() {
        let hrefs: Vec<String> = Tab::ALL.iter().map(|t| t.href("ab.shop")).collect();
        assert_eq!(hrefs[0], "/clients/ab.shop");
        assert_eq!(hrefs[2], "/clients/ab.shop/secrets");
        let mut unique = hrefs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), Tab::ALL.len());
    }
}
