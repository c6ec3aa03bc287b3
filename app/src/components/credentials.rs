//! Client secrets and API keys look and behave alike: a table of them, and
//! the banner that shows a new one's value exactly once.

use leptos::prelude::*;

use super::{CopyButton, Expiry, LocalTime, format_date};
use crate::model::{CredentialInfo, NewCredential, SecretState};

/// "Copy this … now": the value of a credential just created, with a copy
/// button. `what` is "secret" or "API key".
#[component]
pub fn ShownOnce(
    credential: NewCredential,
    what: &'static str,
    value_testid: &'static str,
    /// Shows the credential's id under the value (Secret IDs are quoted in
    /// support requests; API key ids are not).
    #[prop(optional)]
    show_id: bool,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    ask_before_leaving();
    let details = if show_id {
        format!(
            "Secret ID {} · expires {}",
            credential.info.id,
            format_date(credential.info.expires_at)
        )
    } else {
        format!("Expires {}", format_date(credential.info.expires_at))
    };
    view! {
        <div role="status" data-shown-once class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p class="font-semibold">{format!("Copy this {what} now. It is shown only once and cannot be shown again.")}</p>
            <div class="mt-2 flex flex-wrap items-center gap-2">
                <code data-testid=value_testid class="break-all rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100">{credential.value.clone()}</code>
                <CopyButton text=credential.value.clone() label=format!("Copy {what}") />
            </div>
            <p class="mt-2 text-sm">{details}</p>
        </div>
    }
}

/// How many values shown once are on the page now.
#[cfg(feature = "hydrate")]
static SHOWN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// While a value shown once is on the page, leaving asks first: following
/// a link (another tab, the navigation) and reloading or closing the page.
#[cfg(feature = "hydrate")]
fn ask_before_leaving() {
    use std::sync::atomic::Ordering::Relaxed;
    static LISTEN: std::sync::Once = std::sync::Once::new();
    LISTEN.call_once(listen_for_leaving);
    SHOWN.fetch_add(1, Relaxed);
    on_cleanup(|| {
        SHOWN.fetch_sub(1, Relaxed);
    });
}

/// Installed once per page load; does nothing while `SHOWN` is 0. The
/// click listener runs in the capture phase, before the router's.
#[cfg(feature = "hydrate")]
fn listen_for_leaving() {
    use std::sync::atomic::Ordering::Relaxed;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if SHOWN.load(Relaxed) == 0 || ev.default_prevented() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(link) = link else {
            return;
        };
        if link.get_attribute("target").is_some_and(|t| t == "_blank") {
            return;
        }
        let leave = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(
                    "Leave this page? The value shown once on it cannot be shown again.",
                )
                .ok()
            })
            .unwrap_or(true);
        if !leave {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let unload = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if SHOWN.load(Relaxed) > 0 {
            ev.prevent_default();
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
    // Both live as long as the page.
    click.forget();
    unload.forget();
}

/// The credentials of one client or system, newest first, each live one
/// with the revoke form `revoke` renders for it.
#[component]
pub fn CredentialTable<F, V>(
    rows: Vec<CredentialInfo>,
    testid: &'static str,
    /// The heading of the id column, when the id is shown ("Secret ID").
    #[prop(optional)]
    id_column: Option<&'static str>,
    revoke: F,
) -> impl IntoView
where
    F: Fn(&CredentialInfo) -> V + 'static,
    V: IntoView + 'static,
{
    view! {
        <div class="relative mt-4 overflow-x-auto">
            <table data-testid=testid class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Description"</th>
                    <th scope="col" class="py-2 pr-4">"Hint"</th>
                    {id_column.map(|title| view! { <th scope="col" class="py-2 pr-4">{title}</th> })}
                    <th scope="col" class="py-2 pr-4">"Created"</th>
                    <th scope="col" class="py-2 pr-4">"Expires"</th>
                    <th scope="col" class="py-2 pr-4">"Last used"</th>
                    <th scope="col" class="py-2 pr-4">"Status"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|c| {
                        let live = matches!(c.state, SecretState::Active | SecretState::ExpiringSoon);
                        view! {
                            <tr class="text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">{c.description.clone()}</td>
                                <td class="py-2 pr-4 font-mono">{format!("{}…", c.hint)}</td>
                                {id_column.map(|_| view! { <td class="py-2 pr-4 font-mono text-xs">{c.id.clone()}</td> })}
                                <td class="py-2 pr-4 whitespace-nowrap"><LocalTime secs=c.created_at date_only=true /></td>
                                <td class="py-2 pr-4"><Expiry at=c.expires_at revoked=c.revoked_at.is_some() /></td>
                                <td class="py-2 pr-4 whitespace-nowrap">{match c.last_used_at {
                                    Some(at) => view! { <LocalTime secs=at /> }.into_any(),
                                    None => "never".into_any(),
                                }}</td>
                                <td class="py-2 pr-4">{c.state.label()}</td>
                                <td class="py-2 pr-4">{live.then(|| revoke(&c))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
