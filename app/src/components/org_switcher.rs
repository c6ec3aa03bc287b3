use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ids;
use crate::model::Viewer;

/// Which organisation the pages act for, and a plain form to switch: the
/// post answers with a redirect, so every page loads again for the new one.
#[component]
pub fn OrgSwitcher(viewer: Viewer) -> impl IntoView {
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let query = if search.is_empty() || search.starts_with('?') {
            search
        } else {
            format!("?{search}")
        };
        format!("{}{query}", location.pathname.get())
    };
    let active = viewer.active_org_id.clone().unwrap_or_default();
    view! {
        <form method="post" action="/api/ui/switch_org" data-testid=ids::ORG_SWITCHER class="flex items-center gap-1">
            <label for="org-switch" class="sr-only">"Organisation the pages act for"</label>
            <select id="org-switch" name="org_id" data-testid=ids::ORG_SWITCH_SELECT
                class="max-w-[14rem] rounded-md border border-gray-400 bg-white px-2 py-1.5 text-sm text-gray-900 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100">
                {viewer.orgs.iter().map(|m| {
                    let selected = m.org_id == active;
                    let label = if m.personal { format!("{} (personal)", m.name) } else { m.name.clone() };
                    view! { <option value=m.org_id.clone() selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            <input type="hidden" name="next" value=here />
            <button type="submit" data-testid=ids::ORG_SWITCH_BUTTON
                class="rounded-md border border-gray-400 px-2 py-1.5 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
                "Switch"
            </button>
        </form>
    }
}
