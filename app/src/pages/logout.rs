//! `/logout`: "Sign out of Portico?", for a sign-out request that does not
//! prove which app sent it (no valid `id_token_hint`). The form posts back
//! to `/oauth2/logout` with the request's parameters.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::consent::load_logout;
use crate::components::{ErrorView, RequireSignIn};
use crate::ids;
use crate::model::LogoutPrompt;

/// The sign-out parameters passed on through the form.
const PASSED_ON: [&str; 3] = ["client_id", "post_logout_redirect_uri", "state"];

#[component]
pub fn LogoutPage() -> impl IntoView {
    view! {
        <Title text="Sign out?" />
        <RequireSignIn children=|_| view! { <Logout /> } />
    }
}

#[component]
fn Logout() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name)).filter(|v| !v.is_empty());
    let prompt = Resource::new(
        move || {
            (
                param("client_id"),
                param("post_logout_redirect_uri"),
                param("state"),
                param("id_token_hint"),
            )
        },
        |(client_id, uri, state, hint)| load_logout(client_id, uri, state, hint),
    );
    let passed_on: Vec<(&'static str, String)> = PASSED_ON
        .iter()
        .filter_map(|name| param(name).map(|value| (*name, value)))
        .collect();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let passed_on = passed_on.clone();
                Suspend::new(async move {
                    match prompt.await {
                        Ok(prompt) => view! { <Confirm prompt passed_on /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Confirm(prompt: LogoutPrompt, passed_on: Vec<(&'static str, String)>) -> impl IntoView {
    // The form's answer redirects to the app: allow its origin in the
    // page's `form-action` (checked by the security-header layer).
    #[cfg(feature = "ssr")]
    if let (Some(res), Some(Ok(origin))) = (
        use_context::<leptos_axum::ResponseOptions>(),
        prompt
            .return_origin
            .as_deref()
            .map(axum::http::HeaderValue::from_str),
    ) {
        res.insert_header(
            axum::http::HeaderName::from_static(crate::services::FORM_ACTION_HEADER),
            origin,
        );
    }
    let asking = match &prompt.client_name {
        Some(name) => format!("{name} asks to sign you out of Portico."),
        None => "A sign-out was requested for your Portico account.".to_owned(),
    };
    view! {
        <div class=format!("mx-auto max-w-md {CARD}")>
            <h1 class=H1>"Sign out?"</h1>
            <p class=format!("mt-2 {MUTED}")>{asking}</p>
            <p class=format!("mt-2 {MUTED}")>
                "You are signed in as " <strong class="text-gray-900 dark:text-white">{prompt.email.clone()}</strong> "."
            </p>
            <form method="post" action="/oauth2/logout" class="mt-6 flex flex-wrap items-center gap-4" data-testid=ids::LOGOUT_FORM>
                {passed_on.into_iter().map(|(name, value)| view! {
                    <input type="hidden" name=name value=value />
                }).collect_view()}
                <button type="submit" class=BUTTON data-testid=ids::LOGOUT_SUBMIT>"Sign out"</button>
                <a href="/" class=LINK>"Stay signed in"</a>
            </form>
        </div>
    }
}
