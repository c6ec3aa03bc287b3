use leptos::prelude::*;

use super::href_with;
use crate::model::ListOrder;

/// The orders a list offers, as links that keep the search ("Sort: Newest
/// first · Name A–Z"); each starts the list again from its first page.
/// The current order is marked and is not a link.
#[component]
pub fn SortLinks<O>(
    /// The list's own address.
    base: &'static str,
    current: O,
    /// The search the links keep.
    q: String,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView
where
    O: ListOrder + Send + Sync,
{
    let links = O::ALL
        .iter()
        .map(|&order| {
            if order == current {
                view! {
                    <span aria-current="true" class="rounded-md bg-gray-200 px-2 py-1 font-medium text-gray-900 dark:bg-gray-800 dark:text-white">
                        {order.label()}
                    </span>
                }
                .into_any()
            } else {
                let href = href_with(base, &[("q", Some(&q)), ("sort", order.in_link())]);
                view! {
                    <a href=href class="rounded-md px-2 py-1 text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-200">
                        {order.label()}
                    </a>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Sort" data-testid=testid class="flex flex-wrap items-center gap-1 text-sm">
            <span class="mr-1 text-gray-700 dark:text-gray-300">"Sort:"</span>
            {links}
        </nav>
    }
}
