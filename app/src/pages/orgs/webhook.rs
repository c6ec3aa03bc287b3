//! `/orgs/:id/webhooks/:endpoint` (owners): one endpoint — its state, a
//! test event, enable/disable, its settings, its last 50 deliveries.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::webhooks::{EndpointState, WebhookFields};
use super::{DANGER_BUTTON, SMALL_BUTTON};
use crate::api::webhooks::{
    DeleteWebhook, SendWebhookTest, SetWebhookEnabled, UpdateWebhook, WebhookForm, get_webhook,
};
use crate::components::{
    ErrorView, FormErrors, FormMessage, Pager, RequireSignIn, first_page_href, format_time,
    href_with, succeeded, successes,
};
use crate::ids;
use crate::model::{PAGE_SIZE, WebhookAttempt, WebhookEndpointDetail};
use crate::pages::{BUTTON, CARD, H1, MUTED};

#[component]
pub fn WebhookPage() -> impl IntoView {
    view! { <RequireSignIn children=|_| view! { <WebhookLoader /> } /> }
}

#[component]
fn WebhookLoader() -> impl IntoView {
    let params = use_params_map();
    let org_id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let endpoint_id = move || params.with(|p| p.get("endpoint")).unwrap_or_default();
    let test = ServerAction::<SendWebhookTest>::new();
    let toggle = ServerAction::<SetWebhookEnabled>::new();
    let update = ServerAction::<UpdateWebhook>::new();
    let updated = successes(update);
    let detail = Resource::new(
        move || {
            (
                org_id(),
                endpoint_id(),
                test.version().get(),
                toggle.version().get(),
                updated.get(),
                // Older deliveries: `?after=`.
                use_query_map().with(|q| q.get("after")),
            )
        },
        |(org, endpoint, .., after)| get_webhook(org, endpoint, after),
    );
    let actions = Actions {
        test,
        toggle,
        update,
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <EndpointView detail actions /> }.into_any(),
                    Err(error) => view! { <Title text="Webhook endpoint" /> <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    test: ServerAction<SendWebhookTest>,
    toggle: ServerAction<SetWebhookEnabled>,
    update: ServerAction<UpdateWebhook>,
}

#[component]
fn EndpointView(detail: WebhookEndpointDetail, actions: Actions) -> impl IntoView {
    let e = detail.endpoint.clone();
    let back = format!("/orgs/{}/webhooks", e.org_id);
    let delete = ServerAction::<DeleteWebhook>::new();
    let enabled = e.disabled_at.is_none();
    let form = WebhookForm {
        url: e.url.clone(),
        description: e.description.clone(),
        events: e.events.clone(),
    };
    let ids = (e.org_id.clone(), e.endpoint_id.clone());
    let (ids1, ids2, ids3, ids4) = (ids.clone(), ids.clone(), ids.clone(), ids);
    let update_error = FormErrors::of(actions.update);
    let (updated, tested) = (succeeded(actions.update), succeeded(actions.test));
    let saved = Signal::derive(move || updated.get().then(|| "Saved.".to_owned()));
    let test_sent = Signal::derive(move || {
        tested
            .get()
            .then(|| "A test event is on its way; refresh the deliveries in a moment.".to_owned())
    });
    let here = format!("/orgs/{}/webhooks/{}", e.org_id, e.endpoint_id);
    view! {
        <Title text="Webhook endpoint" />
        <div class="space-y-6">
            <p><a class="text-sm text-indigo-700 underline dark:text-indigo-300" href=back>"← All endpoints"</a></p>
            <h1 class=format!("{H1} break-all")>{e.url.clone()}</h1>
            <section class=CARD>
                <div class="flex flex-wrap items-center gap-3">
                    <EndpointState endpoint=e.clone() />
                    {e.disabled_reason.clone().map(|r| view! { <span class=MUTED>{r}</span> })}
                </div>
                <p class=format!("mt-2 {MUTED}")>{format!("Created {} by {}", format_time(e.created_at), e.created_by)}</p>
                <FormMessage error=Signal::derive(move || actions.test.value().get().and_then(Result::err).or_else(|| actions.toggle.value().get().and_then(Result::err))) success=test_sent />
                <div class="mt-4 flex flex-wrap gap-2">
                    <ActionForm action=actions.test>
                        <EndpointIds ids=ids1 />
                        <button type="submit" class=SMALL_BUTTON data-testid=ids::WEBHOOK_TEST disabled=move || actions.test.pending().get() || !enabled>"Send test event"</button>
                    </ActionForm>
                    <ActionForm action=actions.toggle>
                        <EndpointIds ids=ids2 />
                        <input type="hidden" name="enabled" value=(!enabled).to_string() />
                        <button type="submit" class=SMALL_BUTTON data-testid=ids::WEBHOOK_TOGGLE>{if enabled { "Disable" } else { "Enable" }}</button>
                    </ActionForm>
                    <ActionForm action=delete>
                        <EndpointIds ids=ids3 />
                        <button type="submit" class=DANGER_BUTTON data-testid=ids::WEBHOOK_DELETE>"Delete endpoint"</button>
                    </ActionForm>
                </div>
                <FormMessage error=Signal::derive(move || delete.value().get().and_then(Result::err)) />
            </section>
            <section class=CARD>
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Deliveries"</h2>
                    // The page again, from its newest deliveries.
                    <a href=here.clone() class=SMALL_BUTTON data-testid=ids::WEBHOOK_REFRESH>"Refresh"</a>
                </div>
                <p class=format!("mt-1 {MUTED}")>{format!("Every attempt, newest first, {PAGE_SIZE} at a time. Every retry of one event carries the same webhook-id.")}</p>
                <Attempts rows=detail.attempts />
                {
                    let first = first_page_href(&here);
                    let next = detail.next_after.as_ref().map(|a| href_with(&here, &[("after", Some(a))]));
                    view! { <div class="mt-4"><Pager label="deliveries" first next older=true next_testid=ids::DELIVERIES_OLDER /></div> }
                }
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Settings"</h2>
                <ActionForm action=actions.update attr:class="mt-4 grid max-w-2xl gap-4" attr:data-testid=ids::WEBHOOK_FORM>
                    <EndpointIds ids=ids4 />
                    <WebhookFields form error=update_error />
                    <FormMessage error=update_error success=saved />
                    <div><button type="submit" class=BUTTON data-testid=ids::WEBHOOK_SUBMIT>"Save"</button></div>
                </ActionForm>
            </section>
        </div>
    }
}

/// The hidden fields naming the endpoint, for each of its forms.
#[component]
fn EndpointIds(ids: (String, String)) -> impl IntoView {
    view! {
        <input type="hidden" name="org_id" value=ids.0 />
        <input type="hidden" name="endpoint_id" value=ids.1 />
    }
}

#[component]
fn Attempts(rows: Vec<WebhookAttempt>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class=format!("mt-4 {MUTED}")>"Nothing delivered yet."</p> }.into_any();
    }
    view! {
        <div class="relative mt-4 overflow-x-auto">
            <table data-testid=ids::WEBHOOK_ATTEMPTS class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"When"</th>
                    <th scope="col" class="py-2 pr-4">"Event"</th>
                    <th scope="col" class="py-2 pr-4">"Attempt"</th>
                    <th scope="col" class="py-2 pr-4">"Answer"</th>
                    <th scope="col" class="py-2 pr-4">"Time"</th>
                    <th scope="col" class="py-2 pr-4">"webhook-id"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|a| {
                        let ok = a.error.is_none();
                        let answer = match (a.status, &a.error) {
                            (_, None) => format!("{} OK", a.status.unwrap_or_default()),
                            (_, Some(error)) => error.clone(),
                        };
                        let class = if ok { "text-green-800 dark:text-green-300" } else { "text-red-800 dark:text-red-300" };
                        view! {
                            <tr class="align-top text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4 whitespace-nowrap">{format_time(a.at)}</td>
                                <td class="py-2 pr-4"><code>{a.event_type.clone()}</code></td>
                                <td class="py-2 pr-4">{a.attempt}</td>
                                <td class=format!("py-2 pr-4 font-medium {class}")>{answer}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format!("{} ms", a.latency_ms)}</td>
                                <td class="py-2 pr-4 break-all font-mono text-xs">{a.message_id.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
