use leptos::prelude::*;

use super::StepUp;
use crate::error::AppError;
use crate::ids;

/// A full-width notice for an error that stops a page from showing.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::services::set_error_status(&error);
    let title = match &error {
        AppError::NotFound => "Not found",
        AppError::Forbidden => "No access",
        AppError::Unauthenticated => "Sign-in needed",
        AppError::Internal { .. } | AppError::Unreachable => "Something went wrong",
        AppError::Unavailable { .. } => "Unavailable for a moment",
        _ => "That did not work",
    };
    view! {
        <section role="alert" data-testid=ids::ERROR_VIEW
            class="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            <h1 class="text-lg font-semibold">{title}</h1>
            <p class="mt-2">{error.to_string()}</p>
        </section>
    }
}

/// The message under a form: the error that no single field owns, or a
/// success note.
#[component]
pub fn FormMessage(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into, optional)] success: Option<Signal<Option<String>>>,
    /// Also shows a field's message (for forms whose fields have no place
    /// of their own to show it, such as a row of a table).
    #[prop(optional)]
    any_field: bool,
) -> impl IntoView {
    let general = move || {
        error.get().and_then(|e| match &e {
            AppError::Invalid { .. } | AppError::Conflict { .. } if any_field => {
                Some(e.to_string())
            }
            AppError::Invalid { errors } | AppError::Conflict { errors } => errors
                .iter()
                .find(|f| f.field == "form")
                .map(|f| f.message.clone()),
            // Asked for by `StepUp` below, with the field for the code.
            AppError::SecondFactorRequired => None,
            other => Some(other.to_string()),
        })
    };
    let step_up = move || matches!(error.get(), Some(AppError::SecondFactorRequired));
    view! {
        <div aria-live="polite">
            {move || general().map(|message| view! {
                <p role="alert" data-testid=ids::FORM_ERROR
                    class="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                    {message}
                </p>
            })}
            {move || step_up().then(|| view! { <StepUp /> })}
            {move || success.and_then(|s| s.get()).map(|message| view! {
                <p role="status" data-testid=ids::FORM_SUCCESS
                    class="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
                    {message}
                </p>
            })}
        </div>
    }
}
