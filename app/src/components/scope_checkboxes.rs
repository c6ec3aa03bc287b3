use leptos::prelude::*;

use crate::model::ScopeInfo;

/// The catalog as `form[scopes][i]` checkboxes, each with its description
/// and whether it needs an admin's approval; `checked` ones are ticked.
#[component]
pub fn ScopeCheckboxes(
    legend: &'static str,
    catalog: Vec<ScopeInfo>,
    checked: Vec<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="space-y-2">
            <legend class="block text-sm font-medium text-gray-900 dark:text-gray-100">{legend}</legend>
            {catalog.into_iter().enumerate().map(|(i, s)| {
                let ticked = checked.contains(&s.name);
                view! {
                    <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name=format!("form[scopes][{i}]") value=s.name.clone() checked=ticked class="mt-1" />
                        <span>
                            <code>{s.name.clone()}</code>
                            {s.requires_approval.then(|| view! { <span class="ml-2 rounded bg-gray-200 px-1 text-xs text-gray-900 dark:bg-gray-700 dark:text-gray-100">"needs admin approval"</span> })}
                            <span class="block text-sm text-gray-600 dark:text-gray-300">{s.description.clone()}</span>
                        </span>
                    </label>
                }
            }).collect_view()}
            <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}
