//! `/api-docs`: the `/api/v1` reference, rendered from the OpenAPI
//! document the server generates (`/api/v1/openapi.json`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{CARD, H1, LINK, MUTED};
use crate::api::docs::load_api_reference;
use crate::components::{ErrorView, InlineMarkdown, Markdown};
use crate::ids;
use crate::model::{ApiReference, Operation, SchemaDoc};

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let reference = Resource::new(|| (), |_| load_api_reference());
    view! {
        <Title text="API reference" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match reference.await {
                    Ok(reference) => view! { <Reference reference /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Reference(reference: ApiReference) -> impl IntoView {
    view! {
        <div class="space-y-6" data-testid=ids::API_DOCS>
            <div>
                <h1 class=H1>{format!("{} {}", reference.title, reference.version)}</h1>
                <Markdown text=reference.description.clone() class=format!("mt-2 {MUTED}") />
                <p class=format!("mt-2 {MUTED}")>
                    "Base URL " <code class="font-mono">{reference.server.clone()}</code> ". Machine-readable: "
                    <a class=LINK href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>
                    " (OpenAPI 3.1), for code generators and API clients."
                </p>
            </div>
            <nav aria-label="Operations" class=CARD>
                <ul class="space-y-1 text-sm">
                    {reference.operations.iter().map(|op| {
                        let anchor = format!("#{}", anchor(op));
                        view! {
                            <li>
                                <a class=LINK href=anchor>
                                    <span class="font-mono">{format!("{} {}", op.method, op.path)}</span>
                                </a>
                                <span class=format!("ml-2 {MUTED}")><InlineMarkdown text=op.summary.clone() /></span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            {reference.operations.into_iter().map(|op| view! { <OperationView op /> }).collect_view()}
            <h2 class="text-xl font-bold text-gray-900 dark:text-white">"Schemas"</h2>
            {reference.schemas.into_iter().map(|schema| view! { <SchemaView schema /> }).collect_view()}
        </div>
    }
}

fn anchor(op: &Operation) -> String {
    let path: String = op
        .path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}{}", op.method.to_lowercase(), path)
}

fn schema_link(name: &str) -> AnyView {
    let plain = name.trim_end_matches("[]");
    if plain.chars().next().is_some_and(char::is_uppercase) {
        view! { <a class=format!("font-mono {LINK}") href=format!("#schema-{plain}")>{name.to_owned()}</a> }.into_any()
    } else {
        view! { <code class="font-mono">{name.to_owned()}</code> }.into_any()
    }
}

#[component]
fn OperationView(op: Operation) -> impl IntoView {
    let colour = match op.method.as_str() {
        "GET" => "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
        "DELETE" => "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
        _ => "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
    };
    view! {
        <section id=anchor(&op) class=CARD>
            <h2 class="flex flex-wrap items-center gap-2 text-lg font-semibold text-gray-900 dark:text-white">
                <span class=format!("rounded px-2 py-0.5 font-mono text-sm {colour}")>{op.method.clone()}</span>
                <span class="break-all font-mono">{op.path.clone()}</span>
            </h2>
            <p class="mt-2 text-gray-900 dark:text-gray-100"><InlineMarkdown text=op.summary.clone() /></p>
            {(!op.description.is_empty()).then(|| view! { <div class="mt-1" data-testid=ids::API_DOC_TEXT><Markdown text=op.description.clone() class=MUTED /></div> })}
            <dl class="mt-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[10rem_1fr]">
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Authentication"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{op.auth.clone()}</dd>
                {(!op.parameters.is_empty()).then(|| view! {
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Parameters"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">
                        {op.parameters.iter().map(|p| view! {
                            <p><code class="font-mono">{p.name.clone()}</code>{format!(" ({}) — ", p.location)}<InlineMarkdown text=p.description.clone() /></p>
                        }).collect_view()}
                    </dd>
                })}
                {op.request.clone().map(|body| view! {
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Request body"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">"JSON: " {schema_link(&body)}</dd>
                })}
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Responses"</dt>
                <dd class="space-y-1 text-gray-900 dark:text-gray-100">
                    {op.responses.iter().map(|r| view! {
                        <p>
                            <span class="font-mono font-semibold">{r.status.clone()}</span>
                            " "<InlineMarkdown text=r.description.clone() />" "
                            {r.schema.as_deref().map(schema_link)}
                        </p>
                    }).collect_view()}
                </dd>
            </dl>
        </section>
    }
}

#[component]
fn SchemaView(schema: SchemaDoc) -> impl IntoView {
    view! {
        <section id=format!("schema-{}", schema.name) class=CARD>
            <h3 class="font-mono text-lg font-semibold text-gray-900 dark:text-white">{schema.name.clone()}</h3>
            {(!schema.description.is_empty()).then(|| view! { <div class="mt-1"><Markdown text=schema.description.clone() class=MUTED /></div> })}
            <div class="relative mt-3 overflow-x-auto">
                <table class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                    <thead><tr class="text-gray-700 dark:text-gray-300">
                        <th scope="col" class="py-2 pr-4">"Field"</th>
                        <th scope="col" class="py-2 pr-4">"Type"</th>
                        <th scope="col" class="py-2 pr-4">"Description"</th>
                    </tr></thead>
                    <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                        {schema.fields.into_iter().map(|f| view! {
                            <tr class="align-top text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4 font-mono">{f.name.clone()}{f.required.then_some(" *")}</td>
                                <td class="py-2 pr-4">{schema_link(&f.kind)}</td>
                                <td class="py-2 pr-4">
                                    <InlineMarkdown text=f.description.clone() />
                                    {f.example.clone().map(|e| view! { <span class=format!("block {MUTED}")>"Example: " <code class="font-mono">{e}</code></span> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class=format!("mt-2 {MUTED}")>"* required"</p>
        </section>
    }
}
