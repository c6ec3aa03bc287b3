//! The account page's "Apps with access": what the user consented to,
//! with a way to take it back.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::consent::{RevokeApp, my_apps};
use crate::components::{
    ConfirmDialog, ConfirmLinks, ConfirmOpen, Confirmation, ErrorView, FormErrors, Pager,
    format_date, href_with, open_confirmation, query_param, successes,
};
use crate::ids;
use crate::model::AppAccess;
use crate::pages::{CARD, MUTED};

#[component]
pub fn AppsWithAccess() -> impl IntoView {
    let revoke = ServerAction::<RevokeApp>::new();
    // A page at a time: `/account?apps_after=`.
    let after_param = query_param("apps_after");
    let after = move || after_param.get();
    let apps = Resource::new(
        move || (after(), revoke.version().get()),
        |(after, _)| my_apps(after),
    );
    let (links, open) = (ConfirmLinks::current(), open_confirmation());
    view! {
        <section class=CARD aria-labelledby="apps-heading">
            <h2 id="apps-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Apps with access"</h2>
            <p class=format!("mt-1 {MUTED}")>"Apps you allowed to use your account. Removing one also ends its access right away, including offline access."</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match apps.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) if page.rows.is_empty() && after().is_none() => view! {
                            <p data-testid=ids::APPS_EMPTY class=format!("mt-4 {MUTED}")>"No app has access to your account."</p>
                        }.into_any(),
                        Ok(page) => {
                            let first = after().map(|_| "/account".to_owned());
                            let next = page.next_after.as_ref().map(|a| href_with("/account", &[("apps_after", Some(a))]));
                            view! {
                                <AppList list=page.rows links=links.get() />
                                <Pager label="apps" first next next_testid=ids::APPS_NEXT />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || {
                    let open = open.get().filter(|(action, _)| action == REMOVE);
                    Suspend::new(async move {
                        let (_, id) = open?;
                        let app = apps.await.ok()?.rows.into_iter().find(|a| a.client_id == id)?;
                        Some(view! { <RemoveDialog app revoke close=links.get_untracked().close() /> })
                    })
                }}
            </Transition>
        </section>
    }
}

/// The confirmation that removes an app's access.
const REMOVE: &str = "remove-app";

#[component]
fn AppList(list: Vec<AppAccess>, links: ConfirmLinks) -> impl IntoView {
    view! {
        <ul data-testid=ids::APPS_TABLE class="mt-4 divide-y divide-gray-200 dark:divide-gray-800">
            {list.into_iter().map(|app| {
                let label = format!("Remove access for {}", app.client_name);
                view! {
                    <li class="flex flex-wrap items-start justify-between gap-4 py-3">
                        <div>
                            <p class="font-medium text-gray-900 dark:text-gray-100">{app.client_name.clone()}</p>
                            <p class=MUTED>{format!("By {} · since {}", app.org_name, format_date(app.granted_at))}</p>
                            <ul class="mt-1 text-sm text-gray-800 dark:text-gray-200">
                                {app.scopes.into_iter().map(|s| view! { <li>{s.description}</li> }).collect_view()}
                            </ul>
                        </div>
                        <ConfirmOpen href=links.open(REMOVE, &app.client_id) label="Remove access" aria_label=label />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn RemoveDialog(app: AppAccess, revoke: ServerAction<RevokeApp>, close: String) -> impl IntoView {
    let confirmation = Confirmation {
        question: format!("Remove {}\u{2019}s access?", app.client_name),
        consequence: "It can no longer read your account: its tokens stop working at once, and it must ask for your consent again next time you sign in to it.".into(),
        verb: "Remove access".into(),
    };
    view! {
        <ActionForm action=revoke>
            <ConfirmDialog confirmation close successes=successes(revoke) error=FormErrors::of(revoke)>
                <input type="hidden" name="client_id" value=app.client_id />
            </ConfirmDialog>
        </ActionForm>
    }
}
