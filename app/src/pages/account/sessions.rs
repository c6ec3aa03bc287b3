//! The account page's "Where you are signed in": the person's sessions
//! (browser, address, when it began and was last used), ending one or all
//! but this one.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::account::{EndOtherSessions, EndSession, my_sessions};
use crate::components::{ErrorView, FormErrors, FormMessage, LocalTime, succeeded};
use crate::ids;
use crate::model::SessionSummary;
use crate::pages::{BUTTON_SECONDARY, CARD, MUTED};

#[component]
pub fn SessionsList() -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let list = Resource::new(|| (), |_| my_sessions());
    // The page comes back from the plain form with what was done.
    let ended_others = succeeded(end_others)
        .get_untracked()
        .then(|| "Every other session is ended: those browsers must sign in again.".to_owned());
    let others_note = Signal::derive(move || ended_others.clone());
    view! {
        <section class=CARD aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Where you are signed in"</h2>
            <p class=format!("mt-1 {MUTED}")>"Each browser signed in to your account. End a session you do not recognise: that browser must sign in again. Changing your password ends every other session too."</p>
            <FormMessage error=FormErrors::of(end) any_field=true />
            <FormMessage error=FormErrors::of(end_others) success=others_note />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(rows) => {
                            let others = rows.iter().any(|s| !s.current);
                            view! {
                                <ul data-testid=ids::SESSIONS_TABLE class="mt-4 divide-y divide-gray-200 dark:divide-gray-800">
                                    {rows.into_iter().map(|s| view! { <SessionItem session=s end /> }).collect_view()}
                                </ul>
                                {others.then(|| view! {
                                    <ActionForm action=end_others attr:class="mt-4">
                                        <button type="submit" data-testid=ids::SESSIONS_END_OTHERS class=BUTTON_SECONDARY>
                                            "Sign out everywhere else"
                                        </button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionItem(session: SessionSummary, end: ServerAction<EndSession>) -> impl IntoView {
    let label = format!("End the session of {}", session.browser);
    let control = (!session.current).then(|| {
        view! {
            <ActionForm action=end>
                <input type="hidden" name="reference" value=session.reference.clone() />
                <button type="submit" class=BUTTON_SECONDARY aria-label=label>"End"</button>
            </ActionForm>
        }
    });
    view! {
        <li class="flex flex-wrap items-start justify-between gap-4 py-3">
            <div>
                <p class="font-medium text-gray-900 dark:text-gray-100">
                    {session.browser}
                    {session.current.then(|| view! {
                        <span class="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900 dark:bg-green-900 dark:text-green-100">"This session"</span>
                    })}
                </p>
                <p class=MUTED>
                    {session.ip.map(|ip| format!("{ip} · "))}
                    "Signed in " <LocalTime secs=session.created_at />
                    {session.with_code.then_some(" with a code")}
                    {session.last_seen_at.map(|at| view! { " · last seen " <LocalTime secs=at /> })}
                </p>
            </div>
            {control}
        </li>
    }
}
