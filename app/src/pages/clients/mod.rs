//! `/clients`, `/clients/new` and `/clients/:id` with its tabs.

mod detail;
mod form;
mod list;
mod new;
mod secrets;
mod settings;
mod test_run;
mod test_tab;

pub use detail::ClientPage;
pub use list::ClientsPage;
pub use new::NewClientPage;

use leptos::prelude::*;

use crate::model::ClientStatus;

/// A coloured status label with its meaning as a tooltip.
#[component]
pub(crate) fn StatusBadge(status: ClientStatus) -> impl IntoView {
    let colour = match status {
        ClientStatus::Active => "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100",
        ClientStatus::Pending | ClientStatus::Draft => {
            "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
        }
        ClientStatus::Rejected | ClientStatus::Suspended => {
            "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100"
        }
    };
    view! {
        <span title=status.explain() class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {colour}")>
            {status.as_str()}
        </span>
    }
}
