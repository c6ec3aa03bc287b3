use leptos::prelude::*;

use super::{Field, now_secs};
use crate::domain::{Date, SecretExpiry};

/// "Expires": a preset number of months or a date, for secrets and API
/// keys (fields `expiry` and `custom_date`). Only the presets within the
/// operator's maximum are offered, and the date picker stops there too.
#[component]
pub fn ExpiryChoice(
    /// The longest a credential may live here, in months.
    max_months: u32,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] date_error: Signal<Option<String>>,
) -> impl IntoView {
    let (presets, default) = offered_presets(max_months);
    let custom = RwSignal::new(default.is_none());
    let now = now_secs();
    let (earliest, latest) = (
        Date::from_unix(now + 86_400).to_string(),
        Date::from_unix(now).add_months(max_months).to_string(),
    );
    // Without the bundle (a page sent light), the date shows by the style
    // alone once "On a date…" is chosen.
    view! {
        <div class="space-y-4 [&:has(option[value=custom]:checked)_[data-custom-date]]:block">
        <div class="space-y-1">
            <label for="field-expiry" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Expires"</label>
            <select id="field-expiry" name="expiry" on:change=move |ev| custom.set(event_target_value(&ev) == "custom")
                class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                {presets.into_iter().map(|m| view! {
                    <option value=m.to_string() selected=Some(m) == default>
                        {format!("In {m} months{}", if Some(m) == default { " (recommended)" } else { "" })}
                    </option>
                }).collect_view()}
                <option value="custom" selected=default.is_none()>"On a date…"</option>
            </select>
            <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{move || error.get()}</p>
        </div>
        <div data-custom-date class:hidden=move || !custom.get()>
            <Field name="custom_date" label="Expiry date" kind="date" min=earliest max=latest.clone()
                hint=format!("At the latest {latest}: secrets and keys live at most {max_months} months here.")
                error=date_error />
        </div>
        </div>
    }
}

/// The presets within `max_months`, and the one chosen at first: the
/// recommended one, or the longest allowed when that is too long.
fn offered_presets(max_months: u32) -> (Vec<u32>, Option<u32>) {
    let presets: Vec<u32> = SecretExpiry::PRESET_MONTHS
        .into_iter()
        .filter(|m| *m <= max_months)
        .collect();
    let default = presets
        .iter()
        .copied()
        .filter(|m| *m <= SecretExpiry::DEFAULT_MONTHS)
        .max();
    (presets, default)
}

#[cfg(test)]
mod tests {
    use super::offered_presets;

    #[test]
    fn presets_stop_at_the_maximum() {
        assert_eq!(offered_presets(24), (vec![3, 6, 12, 18, 24], Some(6)));
        assert_eq!(offered_presets(12), (vec![3, 6, 12], Some(6)));
        assert_eq!(offered_presets(4), (vec![3], Some(3)));
        assert_eq!(offered_presets(2), (vec![], None));
    }
}
