use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::orgs::org_history;
use crate::components::{AuditTable, ErrorView, Pager};
use crate::ids;
use crate::model::PAGE_SIZE;
use crate::pages::{CARD, MUTED};

/// The organisation's audit log, for its owners.
#[component]
pub(super) fn HistoryTab(org_id: String) -> impl IntoView {
    // Drawn on the server: the history is a reading page, sent without the
    // bundle (`components::light_page`), so it is never hydrated; followed
    // from the hydrated portal it is drawn in the browser. (A resource made
    // inside the shell's Suspend would not hydrate from the server's
    // render: keep this page in the light list or load it in the shell.)
    // A page at a time: `/orgs/:id/history?before=`.
    let query = use_query_map();
    let before = move || {
        query
            .with(|q| q.get("before"))
            .and_then(|b| b.parse::<i64>().ok())
    };
    let here = format!("/orgs/{org_id}/history");
    let entries = Resource::new(
        move || (org_id.clone(), before()),
        |(id, before)| org_history(id, before),
    );
    view! {
        <section class=format!("space-y-4 {CARD}")>
            <p class=MUTED>{format!("Every change to the organisation, its members, invitations, clients and systems, newest first, {PAGE_SIZE} at a time. Secret values never appear here.")}</p>
            <Transition fallback=|| ()>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                    match entries.await {
                        Ok(page) => {
                            let first = before().map(|_| here.clone());
                            let next = page.next_before.map(|b| format!("{here}?before={b}"));
                            view! {
                                <AuditTable rows=page.entries test_id=ids::ORG_HISTORY />
                                <Pager label="the history" first next older=true next_testid=ids::ORG_HISTORY_OLDER />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })
                }}
            </Transition>
        </section>
    }
}
