use leptos::prelude::*;

use crate::ids;

/// What a viewer sees instead of a form that changes something.
#[component]
pub fn ReadOnly() -> impl IntoView {
    view! {
        <p data-testid=ids::READ_ONLY class="rounded-md border border-gray-300 bg-gray-50 px-3 py-2 text-sm text-gray-800 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-200">
            "Your role in this organisation is viewer: you can read everything here but change nothing. Ask an owner for the developer role."
        </p>
    }
}
