use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::account::{SetNotificationPref, notification_prefs};
use crate::components::{ErrorView, FormMessage, succeeded};
use crate::ids;
use crate::model::{NotificationPref, Viewer};
use crate::pages::{CARD, MUTED};

/// Which notification emails the person gets, each kind on its own form.
#[component]
pub fn NotificationSettings(viewer: Viewer) -> impl IntoView {
    let save = ServerAction::<SetNotificationPref>::new();
    let saved = succeeded(save);
    let prefs = Resource::new(move || save.version().get(), |_| notification_prefs());
    let shown = move |p: &NotificationPref| match p.kind.as_str() {
        "approvals" => viewer.is_admin,
        _ => viewer.is_developer,
    };
    view! {
        <section class=CARD aria-labelledby="notifications-heading" data-testid=ids::NOTIFICATION_PREFS>
            <h2 id="notifications-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Email notifications"</h2>
            <p class=format!("mt-1 {MUTED}")>"Password reset links and invitations always come; these you can turn off."</p>
            <FormMessage error=Signal::derive(move || save.value().get().and_then(Result::err)) any_field=true
                success=Signal::derive(move || saved.get().then(|| "Saved.".to_owned())) />
            <Transition fallback=|| ()>
                {move || {
                    Suspend::new(async move {
                        match prefs.await {
                            Ok(list) => list.into_iter().filter(|p| shown(p)).map(|p| {
                                let id = format!("notify-{}", p.kind);
                                view! {
                                    <ActionForm action=save attr:class="mt-4 flex items-start gap-3">
                                        <input type="hidden" name="kind" value=p.kind.clone() />
                                        <input id=id.clone() type="checkbox" name="enabled" checked=p.enabled
                                            class="mt-1 h-4 w-4 rounded border-gray-400 text-indigo-700 focus:ring-indigo-600" />
                                        <label for=id class="min-w-0 flex-1 text-sm">
                                            <span class="font-medium text-gray-900 dark:text-gray-100">{p.label.clone()}</span>
                                            <span class="block text-gray-600 dark:text-gray-300">{p.description.clone()}</span>
                                        </label>
                                        <button type="submit" aria-label=format!("Save: {}", p.label.to_lowercase())
                                            class="shrink-0 rounded-md border border-gray-400 px-3 py-1.5 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800">
                                            "Save"
                                        </button>
                                    </ActionForm>
                                }
                            }).collect_view().into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}
