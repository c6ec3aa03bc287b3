//! The webhooks tab (owners): the organisation's endpoints and a form to
//! add one; the signing secret is shown once, right after.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::webhooks::{CreateWebhook, WebhookForm, org_webhooks};
use crate::components::{
    CopyButton, ErrorView, FormErrors, FormMessage, answer, format_time, successes,
};
use crate::ids;
use crate::model::{NewWebhookEndpoint, WEBHOOK_EVENTS, WebhookEndpoint};
use crate::pages::{BUTTON, CARD, MUTED};

const INPUT: &str = "block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100";
const LABEL: &str = "block text-sm font-medium text-gray-900 dark:text-gray-100";
const ERROR: &str = "text-sm text-red-700 dark:text-red-300";

#[component]
pub(super) fn WebhooksTab(org_id: String) -> impl IntoView {
    let create = ServerAction::<CreateWebhook>::new();
    let error = FormErrors::of(create);
    let created_count = successes(create);
    let endpoints = {
        let org_id = org_id.clone();
        // Drawn on the server: a page sent without the bundle
        // (`components::light_page`); the new secret reaches it as a kept
        // answer.
        Resource::new(
            move || (org_id.clone(), created_count.get()),
            |(org_id, _)| org_webhooks(org_id),
        )
    };
    let created = answer(create);
    let form_org_id = org_id.clone();
    view! {
        <div class="space-y-6">
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Endpoints"</h2>
                <p class=format!("mt-1 {MUTED}")>
                    "Portico posts the events each endpoint chose as JSON, signed as the Standard Webhooks specification says ("
                    <code>"webhook-id"</code>", "<code>"webhook-timestamp"</code>", "<code>"webhook-signature"</code>
                    "), and retries with growing pauses for 24 hours. An endpoint failing for 3 days is disabled and the owners are emailed."
                </p>
                <Transition fallback=|| ()>
                    {move || {
                        let org_id = org_id.clone();
                        Suspend::new(async move {
                            match endpoints.await {
                                Ok(rows) if rows.is_empty() => view! { <p class=format!("mt-4 {MUTED}")>"No endpoints yet."</p> }.into_any(),
                                Ok(rows) => view! { <EndpointTable rows org_id /> }.into_any(),
                                Err(error) => view! { <ErrorView error /> }.into_any(),
                            }
                        })
                    }}
                </Transition>
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Add an endpoint"</h2>
                <ActionForm action=create attr:data-testid=ids::WEBHOOK_FORM attr:class="mt-4 grid max-w-2xl gap-4">
                    <input type="hidden" name="org_id" value=form_org_id />
                    <WebhookFields form=WebhookForm::default() error />
                    <FormMessage error />
                    <div><button type="submit" class=BUTTON data-testid=ids::WEBHOOK_SUBMIT disabled=move || create.pending().get()>"Add endpoint"</button></div>
                </ActionForm>
                {move || created.get().map(|new| view! { <SecretShownOnce new /> })}
            </section>
        </div>
    }
}

/// The URL, description and event fields, filled from `form` (every event
/// checked for a new endpoint).
#[component]
pub(super) fn WebhookFields(form: WebhookForm, error: FormErrors) -> impl IntoView {
    let all = form.events.is_empty();
    let checked = move |event: &str| all || form.events.iter().any(|e| e == event);
    view! {
        <div class="space-y-1">
            <label for="webhook-url" class=LABEL>"URL"</label>
            <input id="webhook-url" name="form[url]" type="url" required class=INPUT value=form.url.clone()
                placeholder="https://hooks.example.com/portico" autocomplete="off" aria-describedby="webhook-url-hint webhook-url-error" />
            <p id="webhook-url-hint" class=MUTED>"https://, or http:// on 127.0.0.1, [::1] or localhost. Redirects are not followed."</p>
            <p id="webhook-url-error" class=ERROR aria-live="polite">{error.field("url")}</p>
        </div>
        <div class="space-y-1">
            <label for="webhook-description" class=LABEL>"Description (optional)"</label>
            <input id="webhook-description" name="form[description]" type="text" class=INPUT value=form.description.clone() autocomplete="off" />
            <p class=ERROR aria-live="polite">{error.field("description")}</p>
        </div>
        <fieldset class="space-y-2">
            <legend class=LABEL>"Events"</legend>
            <div class="grid gap-2 sm:grid-cols-2">
                {WEBHOOK_EVENTS.iter().enumerate().map(|(i, (event, what))| view! {
                    <label class="flex items-start gap-2 text-sm text-gray-900 dark:text-gray-100">
                        <input type="checkbox" name=format!("form[events][{i}]") value=*event checked=checked(event) class="mt-1" />
                        <span><code>{*event}</code><span class=format!("block {MUTED}")>{*what}</span></span>
                    </label>
                }).collect_view()}
            </div>
            <p class=ERROR aria-live="polite">{error.field("events")}</p>
        </fieldset>
    }
}

#[component]
fn SecretShownOnce(new: NewWebhookEndpoint) -> impl IntoView {
    let page = format!(
        "/orgs/{}/webhooks/{}",
        new.endpoint.org_id, new.endpoint.endpoint_id
    );
    view! {
        <div role="status" class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p class="font-semibold">"The endpoint's signing secret. It is shown only once: put it where your receiver verifies signatures."</p>
            <div class="mt-2 flex flex-wrap items-center gap-2">
                <code data-testid=ids::WEBHOOK_SECRET class="break-all rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100">{new.secret.clone()}</code>
                <CopyButton text=new.secret.clone() label="Copy signing secret" />
            </div>
            <p class="mt-2 text-sm"><a class="font-semibold underline" href=page>"Open the endpoint"</a>" to send a test event."</p>
        </div>
    }
}

/// "Enabled", "Failing since …" or "Disabled", as a badge.
#[component]
pub(super) fn EndpointState(endpoint: WebhookEndpoint) -> impl IntoView {
    let (text, class) = match (endpoint.disabled_at, endpoint.failing_since) {
        (Some(_), _) => (
            "Disabled".to_owned(),
            "bg-gray-200 text-gray-900 dark:bg-gray-700 dark:text-gray-100",
        ),
        (None, Some(since)) => (
            format!("Failing since {}", format_time(since)),
            "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
        ),
        (None, None) => (
            "Enabled".to_owned(),
            "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100",
        ),
    };
    view! { <span data-testid=ids::WEBHOOK_STATUS class=format!("inline-block rounded px-2 py-0.5 text-xs font-semibold {class}")>{text}</span> }
}

#[component]
fn EndpointTable(rows: Vec<WebhookEndpoint>, org_id: String) -> impl IntoView {
    view! {
        <div class="relative mt-4 overflow-x-auto">
            <table data-testid=ids::WEBHOOKS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"URL"</th>
                    <th scope="col" class="py-2 pr-4">"Events"</th>
                    <th scope="col" class="py-2 pr-4">"State"</th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|e| {
                        let href = format!("/orgs/{org_id}/webhooks/{}", e.endpoint_id);
                        let events = e.events.len();
                        view! {
                            <tr class="align-top text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4 break-all">
                                    <a class="font-medium text-indigo-700 underline dark:text-indigo-300" href=href>{e.url.clone()}</a>
                                    {(!e.description.is_empty()).then(|| view! { <span class=format!("block {MUTED}")>{e.description.clone()}</span> })}
                                </td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format!("{events} event type{}", if events == 1 { "" } else { "s" })}</td>
                                <td class="py-2 pr-4"><EndpointState endpoint=e /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
