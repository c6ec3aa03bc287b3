//! The Test tab's "Run test" form and its step-by-step result.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::clients::RunClientTest;
use crate::components::{Field, FormErrors, FormMessage};
use crate::ids;
use crate::model::{TestRun, TestStep};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub fn RunTest(client_id: String) -> impl IntoView {
    let run = ServerAction::<RunClientTest>::new();
    let error = FormErrors::of(run);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Run the test here"</h2>
            <p class=format!("mt-1 {MUTED}")>
                "Portico gets a token with client credentials and calls the consents API with it, as your app would. The secret you paste is used for this one run and never stored."
            </p>
            <ActionForm action=run attr:data-testid=ids::TEST_RUN_FORM attr:class="mt-4 max-w-md space-y-4">
                <input type="hidden" name="client_id" value=client_id />
                <Field name="secret" label="Client secret" kind="password" autocomplete="off" required=true error=error.field("secret") />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::TEST_RUN_SUBMIT disabled=move || run.pending().get()>
                    {move || if run.pending().get() { "Running…" } else { "Run test" }}
                </button>
            </ActionForm>
            {move || run.value().get().and_then(Result::ok).map(|result| view! { <RunResult result /> })}
        </section>
    }
}

#[component]
fn RunResult(result: TestRun) -> impl IntoView {
    let (summary, tone) = if result.ok {
        (
            "Test passed: the client got a token and the API accepted it.",
            "border-green-600 bg-green-50 text-green-950 dark:border-green-700 dark:bg-green-950 dark:text-green-100",
        )
    } else {
        (
            "Test failed: see the step marked ✗.",
            "border-red-600 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100",
        )
    };
    view! {
        <div data-testid=ids::TEST_RUN_RESULT class="mt-6 space-y-4">
            <p role="status" class=format!("rounded-md border p-3 font-semibold {tone}")>{summary}</p>
            <ol class="space-y-4">
                {result.steps.into_iter().enumerate().map(|(i, step)| view! { <Step number=i + 1 step /> }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Step(number: usize, step: TestStep) -> impl IntoView {
    let mark = if step.ok { "✓" } else { "✗" };
    let mark_class = if step.ok {
        "text-green-700 dark:text-green-300"
    } else {
        "text-red-700 dark:text-red-300"
    };
    let status = step
        .status
        .map(|s| format!(" → HTTP {s}"))
        .unwrap_or_default();
    view! {
        <li data-testid=ids::TEST_RUN_STEP data-ok=step.ok.to_string() class="rounded-md border border-gray-200 p-4 dark:border-gray-800">
            <h3 class="font-medium text-gray-900 dark:text-gray-100">
                <span class=mark_class aria-hidden="true">{mark}" "</span>
                {format!("{number}. {}", step.title)}
                <span class="sr-only">{if step.ok { " (passed)" } else { " (failed)" }}</span>
            </h3>
            <p class="mt-1 font-mono text-xs text-gray-700 dark:text-gray-300">{format!("{}{status}", step.request)}</p>
            {step.explanation.map(|text| view! {
                <p class="mt-2 text-sm text-red-800 dark:text-red-200">{text}</p>
            })}
            // Focusable, so the response can be scrolled with the keyboard.
            <pre tabindex="0" aria-label=format!("Step {number} response") class="mt-2 max-h-72 overflow-auto rounded bg-gray-100 p-3 font-mono text-xs text-gray-900 dark:bg-gray-800 dark:text-gray-100">{step.response}</pre>
        </li>
    }
}
