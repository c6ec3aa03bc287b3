//! `/clients`, `/clients/new` and `/clients/:id` with its tabs
//! (`/clients/:id/settings`, …).

mod access;
mod detail;
mod form;
mod history;
mod list;
mod new;
mod overview;
mod presets;
mod secrets;
mod settings;
mod tab_pages;
mod test_run;
mod test_tab;

pub use list::ClientsPage;
pub use new::NewClientPage;
pub(crate) use overview::Overview;
pub use tab_pages::{
    ClientAccessPage, ClientHistoryPage, ClientPage, ClientSecretsPage, ClientSettingsPage,
    ClientTestPage,
};

use leptos::prelude::*;

use crate::model::{Availability, Standing};

/// A client's availability as the status API gives it (`active`,
/// `limited`, `blocked`) with its reason in a few words, and the whole
/// sentence as a tooltip.
#[component]
pub(crate) fn StatusBadge(standing: Standing) -> impl IntoView {
    let colour = match standing.availability() {
        Availability::Active => "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100",
        Availability::Limited => {
            "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
        }
        Availability::Blocked => "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
    };
    view! {
        <span title=standing.sentence() class="inline-flex flex-wrap items-baseline gap-x-2">
            <span class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {colour}")>
                {standing.availability().as_str()}
            </span>
            {standing.reason().map(|reason| view! {
                <span class="text-xs text-gray-700 dark:text-gray-300">{reason}</span>
            })}
        </span>
    }
}

/// The addresses of a client's tabs below `/clients/:id` (`secrets`, …).
pub fn tab_paths() -> impl Iterator<Item = &'static str> {
    detail::Tab::paths()
}
