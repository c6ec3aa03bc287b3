use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos::server_fn::ServerFn;

use super::query_param;
use crate::error::AppError;

/// The latest error of a server action, for the form that dispatched it:
/// the whole error (for `FormMessage`) and each field's message.
#[derive(Clone, Copy)]
pub struct FormErrors(Signal<Option<AppError>>);

impl FormErrors {
    pub fn of<S>(action: ServerAction<S>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        Self(Signal::derive(move || {
            action.value().get().and_then(Result::err)
        }))
    }

    /// The latest error of `action` for the form `key` among several forms
    /// of one function on a page: after a plain form post, only the form
    /// that was sent shows it (its button posts to `form_action(key)`,
    /// the way back names it in `?__form=`).
    pub fn of_form<S>(action: ServerAction<S>, key: String) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let sent = query_param(FORM_PARAM);
        Self(Signal::derive(move || {
            let error = action.value().get().and_then(Result::err)?;
            match sent.get() {
                Some(sent) if sent != key => None,
                _ => Some(error),
            }
        }))
    }

    /// The message for one field (`name` as the server reports it).
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().and_then(|e| e.field_message(name)))
    }
}

impl From<FormErrors> for Signal<Option<AppError>> {
    fn from(errors: FormErrors) -> Self {
        errors.0
    }
}

/// Changes with each success of `action`, for the resources a page reloads
/// after a change. A rejected submission changes nothing on the server, so
/// it reloads nothing either: the form stays as typed, with its errors.
pub fn successes<S>(action: ServerAction<S>) -> Signal<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    // The action's version as of its latest success: a failure leaves it
    // where it was, so nothing that reads it reloads.
    Memo::new(move |last: Option<&usize>| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            action.version().get()
        } else {
            last.copied().unwrap_or(0)
        }
    })
    .into()
}

/// The query parameter naming the server function a plain form post ran,
/// on the address it comes back to (set by the server's
/// `http::form_posts`, taken out of the address by `light_page.js`).
pub const DONE_PARAM: &str = "done";

/// The query parameter naming which of a page's forms of one function
/// was sent (`FormErrors::of_form`; the server's `http::form_posts` says
/// it again on the way back).
pub const FORM_PARAM: &str = "__form";

/// Where the submit button of form `key` among several forms of `S` on a
/// page sends a plain form post (`formaction`): the function, naming the
/// form.
pub fn form_action<S: ServerFn>(key: &str) -> String {
    format!(
        "{}?{FORM_PARAM}={}",
        S::PATH,
        super::percent_encode(key, &[])
    )
}

/// A server function's name, the last part of its address (what
/// `?done=` says and the light pages' scripts call).
pub fn function_name<S: ServerFn>() -> &'static str {
    S::PATH.rsplit('/').next().unwrap_or_default()
}

/// Whether `action`'s form was sent and succeeded: its latest answer
/// here, or, before it was used here, the address the page came back to
/// after a plain form post (`?done=<function>`; a page sent without the
/// bundle works that way, see the server's `http::form_posts`).
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let done = query_param(DONE_PARAM);
    let function = function_name::<S>();
    Signal::derive(move || {
        action
            .value()
            .with(|answer| answer.as_ref().map(Result::is_ok))
            .unwrap_or_else(|| done.with(|d| d.as_deref() == Some(function)))
    })
}
