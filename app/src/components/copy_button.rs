use leptos::prelude::*;

use crate::ids;

/// Copies `text` to the clipboard; says so for two seconds.
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    // Also on the button, for the small script of pages sent without the
    // bundle (`light_page.js`).
    let data_copy = text.clone();
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
                copied.set(true);
                set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" on:click=on_click data-copy=data_copy data-testid=ids::COPY_BUTTON aria-label=label
            class="rounded-md border border-gray-400 px-2 py-1 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
