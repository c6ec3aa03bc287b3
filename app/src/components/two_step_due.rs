//! The reminder on every portal page while the admins require two-step
//! sign-in of the viewer and their grace period runs.

use leptos::prelude::*;

use super::{LocalTime, Session};
use crate::ids;

#[component]
pub fn TwoStepDue() -> impl IntoView {
    let session = Session::get();
    view! {
        <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let due = session.viewer.await.ok().flatten().and_then(|v| v.two_step_due);
                    due.map(|due| view! {
                        <div role="status" data-testid=ids::TWO_STEP_DUE class="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                            <p class="mx-auto max-w-5xl px-4 py-2 text-sm">
                                "The admins of this Portico require two-step sign-in for your account. Set it up before "
                                <LocalTime secs=due />
                                ": after that, signing in asks you to set it up first. An authenticator app or a passkey will do. "
                                <a href="/account/security#two-step" class="font-semibold underline">"Set it up now"</a>
                            </p>
                        </div>
                    })
                })}
        </Transition>
    }
}
