use leptos::prelude::*;

use super::Field;
use crate::domain::SecretExpiry;

/// "Expires": a preset number of months or a date, for secrets and API
/// keys (fields `expiry` and `custom_date`).
#[component]
pub fn ExpiryChoice(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let custom = RwSignal::new(false);
    view! {
        <div class="space-y-1">
            <label for="field-expiry" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Expires"</label>
            <select id="field-expiry" name="expiry" on:change=move |ev| custom.set(event_target_value(&ev) == "custom")
                class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                {SecretExpiry::PRESET_MONTHS.into_iter().map(|m| view! {
                    <option value=m.to_string() selected=m == SecretExpiry::DEFAULT_MONTHS>
                        {format!("In {m} months{}", if m == SecretExpiry::DEFAULT_MONTHS { " (recommended)" } else { "" })}
                    </option>
                }).collect_view()}
                <option value="custom">"On a date…"</option>
            </select>
            <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{move || error.get()}</p>
        </div>
        <div class:hidden=move || !custom.get()>
            <Field name="custom_date" label="Expiry date" kind="date" error=Signal::derive(|| None::<String>) />
        </div>
    }
}
