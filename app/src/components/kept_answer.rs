//! A value shown once (a new secret, an invitation link, recovery codes)
//! on a page sent without the bundle. Its form posts as a plain one and
//! the server comes back to the page with a redirect, so the page is drawn
//! by a new request that never saw the answer. The server keeps the
//! answer of the functions named here for that one request, sealed in a
//! short-lived cookie bound to the session and the page (the server's
//! `http::kept_answers`), and hands it to the page as a request extension;
//! nothing is stored readable.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;

use super::function_name;
use crate::api::clients::CreateSecret;
use crate::api::orgs::InviteMember;
use crate::api::systems::CreateApiKey;
use crate::api::two_step::{ConfirmTwoStep, FinishSetUp, NewRecoveryCodes};
use crate::api::webhooks::CreateWebhook;
use crate::error::AppError;

/// An answer the server kept for the page being drawn: the server
/// function's name and its answer as JSON (server only).
#[derive(Clone, Debug)]
pub struct KeptAnswer {
    pub function: String,
    pub json: String,
}

/// Whether a plain form post to `function` has its answer kept for the
/// page it comes back to: the functions whose answer is shown once on a
/// page sent without the bundle.
pub fn answer_is_kept(function: &str) -> bool {
    [
        function_name::<CreateSecret>(),
        function_name::<InviteMember>(),
        function_name::<CreateApiKey>(),
        function_name::<CreateWebhook>(),
        function_name::<ConfirmTwoStep>(),
        function_name::<NewRecoveryCodes>(),
        function_name::<FinishSetUp>(),
    ]
    .contains(&function)
}

/// The latest answer of `action`'s successful sending: here, or for a
/// page drawn after a plain form post, the answer the server kept for it.
pub fn answer<S>(action: ServerAction<S>) -> Signal<Option<S::Output>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + DeserializeOwned + Send + Sync + 'static,
{
    let kept = kept::<S>();
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| kept.clone())
    })
}

/// The answer of `S` the server kept for this page, if any.
fn kept<S>() -> Option<S::Output>
where
    S: ServerFn,
    S::Output: DeserializeOwned,
{
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>()?;
        let kept = parts.extensions.get::<KeptAnswer>()?;
        (kept.function == function_name::<S>())
            .then(|| serde_json::from_str(&kept.json).ok())
            .flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}
