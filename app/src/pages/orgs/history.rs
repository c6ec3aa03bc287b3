use leptos::prelude::*;

use crate::api::orgs::org_history;
use crate::components::{AuditTable, ErrorView};
use crate::ids;
use crate::pages::{CARD, MUTED};

/// The organisation's audit log, for its owners.
#[component]
pub(super) fn HistoryTab(org_id: String) -> impl IntoView {
    // Local: fetched after hydration (a resource made inside the page's
    // own Suspend would not hydrate from the server's render).
    let entries = LocalResource::new(move || org_history(org_id.clone()));
    view! {
        <section class=format!("space-y-4 {CARD}")>
            <p class=MUTED>"Every change to the organisation, its members, invitations, clients and systems, newest first (at most 500 rows). Secret values never appear here."</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(rows) => view! { <AuditTable rows test_id=ids::ORG_HISTORY /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
