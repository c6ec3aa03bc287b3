use leptos::prelude::*;

/// A list's search box: a plain GET form, so the words land in the address
/// (`?q=`) and a reload, back or a shared link search the same.
#[component]
pub fn SearchForm(
    /// Where the form goes (the list's own address).
    action: &'static str,
    /// The input's id, for its label.
    id: &'static str,
    label: &'static str,
    /// What the address searches for now.
    value: Signal<String>,
    #[prop(optional)] testid: &'static str,
    /// A link back to the whole list, with its text.
    #[prop(optional)]
    clear: Option<(&'static str, &'static str)>,
    /// More classes for the form (spacing).
    #[prop(optional)]
    class: &'static str,
    /// The list's order (`?sort=`), kept by a search.
    #[prop(optional, into)]
    sort: Signal<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <form method="get" action=action role="search" data-testid=testid class=format!("flex flex-wrap items-end gap-3 {class}")>
            <div class="min-w-0 max-w-full">
                <label for=id class="block text-sm font-medium text-gray-900 dark:text-gray-100">{label}</label>
                <input id=id name="q" type="search" value=value
                    class="block w-72 max-w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100" />
            </div>
            {move || sort.get().map(|word| view! { <input type="hidden" name="sort" value=word /> })}
            <button type="submit" class="rounded-md border border-gray-400 px-3 py-2 text-sm text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">"Search"</button>
            {clear.map(|(href, text)| view! {
                <a href=href class="px-3 py-2 text-sm text-indigo-700 underline dark:text-indigo-300">{text}</a>
            })}
        </form>
    }
}
