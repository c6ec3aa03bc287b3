use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The `?tab=` of the current page; `overview` when there is none.
pub fn current_tab() -> String {
    use_query_map()
        .with(|q| q.get("tab"))
        .unwrap_or_else(|| "overview".into())
}

/// A page's tabs as links (`base`, `base?tab=…`), the current one marked.
#[component]
pub fn TabNav(
    label: &'static str,
    base: String,
    tabs: &'static [(&'static str, &'static str)],
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    let links = tabs
        .iter()
        .map(|&(key, text)| {
            let href = if key == "overview" {
                base.clone()
            } else {
                format!("{base}?tab={key}")
            };
            (href, text, Signal::derive(move || current_tab() == key))
        })
        .collect();
    view! { <TabLinks label test_id links /> }
}

/// Tabs as links: each its address, its name and whether it is the one
/// shown (`TabNav` for tabs in the query, or tabs at addresses of their own).
#[component]
pub fn TabLinks(
    label: &'static str,
    #[prop(optional)] test_id: &'static str,
    links: Vec<(String, &'static str, Signal<bool>)>,
) -> impl IntoView {
    view! {
        <nav aria-label=label data-testid=(!test_id.is_empty()).then_some(test_id) class="flex flex-wrap gap-1 border-b border-gray-200 dark:border-gray-800">
            {links.into_iter().map(|(href, text, current)| view! {
                <a href=href aria-current=move || current.get().then_some("page")
                    class="rounded-t-md px-3 py-2 text-sm font-medium text-gray-800 hover:bg-gray-100 aria-[current=page]:border-b-2 aria-[current=page]:border-indigo-700 aria-[current=page]:text-indigo-800 dark:text-gray-100 dark:hover:bg-gray-800 dark:aria-[current=page]:text-indigo-200">
                    {text}
                </a>
            }).collect_view()}
        </nav>
    }
}
