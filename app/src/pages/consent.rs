//! `/consent?request=…`: an app asks the signed-in user for access.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::flow::{AppHeading, AppLinks, NotYou};
use super::{BUTTON, CARD, H1, MUTED};
use crate::api::consent::{AnswerConsent, load_consent};
use crate::components::{ErrorView, FormErrors, FormMessage, RequireSignIn, org_label};
use crate::ids;
use crate::model::ConsentPrompt;

#[component]
pub fn ConsentPage() -> impl IntoView {
    view! {
        <Title text="Allow access?" />
        <RequireSignIn children=|viewer| view! { <Consent email=viewer.email /> } />
    }
}

#[component]
fn Consent(email: String) -> impl IntoView {
    let query = use_query_map();
    let prompt = Resource::new(
        move || query.with(|q| q.get("request").unwrap_or_default()),
        load_consent,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || { let email = email.clone(); Suspend::new(async move {
                match prompt.await {
                    Ok(prompt) => view! { <Prompt prompt email=email.clone() /> }.into_any(),
                    Err(error) => view! {
                        <div class="space-y-4">
                            <ErrorView error />
                            <p class=MUTED>"This request may have expired or been answered already. Go back to the app and start again."</p>
                        </div>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Prompt(prompt: ConsentPrompt, email: String) -> impl IntoView {
    let answer = ServerAction::<AnswerConsent>::new();
    let error = FormErrors::of(answer);
    let (allow_request, deny_request) = (prompt.request_id.clone(), prompt.request_id.clone());
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(origin)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&prompt.redirect_origin),
    ) {
        res.insert_header(
            axum::http::HeaderName::from_static(crate::services::FORM_ACTION_HEADER),
            origin,
        );
    }
    let secondary = "inline-flex items-center justify-center rounded-md border border-gray-400 px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";
    let heading = format!("Allow {} to use your Portico account?", prompt.client_name);
    view! {
        <div class=format!("mx-auto max-w-lg {CARD}") data-testid=ids::CONSENT>
            <AppHeading links=prompt.links.clone()>
                <h1 class=H1>{heading}</h1>
            </AppHeading>
            <div class="mt-2"><NotYou email next=prompt.authorize_path.clone() /></div>
            <p class=format!("mt-2 {MUTED}")>
                {format!("{} is registered by {}. It will be able to:", prompt.client_name, org_label(&prompt.org_name, prompt.org_number.as_deref()))}
            </p>
            <ul data-testid=ids::CONSENT_SCOPES class="mt-4 space-y-2">
                {prompt.scopes.into_iter().map(|s| view! {
                    <li class="flex gap-2 text-gray-900 dark:text-gray-100">
                        <span aria-hidden="true">"•"</span>
                        <span>{s.description}<span class="ml-2 font-mono text-xs text-gray-600 dark:text-gray-400">{s.name}</span></span>
                    </li>
                }).collect_view()}
            </ul>
            <AppLinks links=prompt.links.clone() app_name=prompt.client_name.clone() />
            <p class=format!("mt-4 {MUTED}")>
                {format!("Your answer goes back to {}. You can withdraw access at any time on your account page.", prompt.redirect_origin)}
            </p>
            <FormMessage error />
            <div class="mt-6 flex gap-3">
                <ActionForm action=answer>
                    <input type="hidden" name="request" value=allow_request />
                    <input type="hidden" name="decision" value="allow" />
                    <button type="submit" class=BUTTON data-testid=ids::CONSENT_ALLOW disabled=move || answer.pending().get()>"Allow"</button>
                </ActionForm>
                <ActionForm action=answer>
                    <input type="hidden" name="request" value=deny_request />
                    <input type="hidden" name="decision" value="deny" />
                    <button type="submit" class=secondary data-testid=ids::CONSENT_DENY disabled=move || answer.pending().get()>"Deny"</button>
                </ActionForm>
            </div>
        </div>
    }
}
