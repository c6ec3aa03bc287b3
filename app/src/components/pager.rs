use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::percent_encode;
use crate::model::{ListPage, PAGE_SIZE};

const LINK: &str = "rounded-md border border-gray-400 px-3 py-2 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

/// The links under a list read by key: back to the first page (when not on
/// it) and on to the next one (when there is one). Plain links: the state
/// is in the address, so back, reload and a shared link show the same page.
#[component]
pub fn Pager(
    /// What the list holds, for the navigation's name ("Pages of clients").
    label: &'static str,
    /// The first page's address, when this is not the first page.
    first: Option<String>,
    /// The next page's address, when there is one.
    next: Option<String>,
    /// A log, newest first: "Newest" and "Older 50".
    #[prop(optional)]
    older: bool,
    /// Rows a page shows, when not the usual `PAGE_SIZE`.
    #[prop(optional)]
    size: Option<usize>,
    #[prop(optional)] testid: &'static str,
    #[prop(optional)] next_testid: &'static str,
) -> impl IntoView {
    let size = size.unwrap_or(PAGE_SIZE);
    let (first_text, next_text) = if older {
        ("Newest", format!("Older {size}"))
    } else {
        ("First page", format!("Next {size}"))
    };
    (first.is_some() || next.is_some()).then(|| {
        view! {
            <nav aria-label=format!("Pages of {label}") class="flex flex-wrap gap-3" data-testid=testid>
                {first.map(|href| view! { <a href=href class=LINK>{first_text}</a> })}
                {next.map(|href| view! { <a href=href class=LINK data-testid=next_testid>{next_text}</a> })}
            </nav>
        }
    })
}

/// The next page of `page` below `here` (an address with or without a
/// query: `/clients/x/secrets`, `/systems/s?tab=clients`), when there is one.
pub fn next_page_href<T>(here: &str, page: &ListPage<T>) -> Option<String> {
    let join = if here.contains('?') { '&' } else { '?' };
    page.next_after
        .as_ref()
        .map(|a| format!("{here}{join}after={}", percent_encode(a, b"")))
}

/// `here` (a list's first page) when the address is on a later page
/// (`?after=`): the "First page" link of a tab's list.
pub fn first_page_href(here: &str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get("after"))
        .map(|_| here.to_owned())
}
