//! `/confirm-client/:client_id?redirectPort=&redirectPath=`: an end user
//! confirms or declines a client draft that a client system created for
//! them, then goes back to the program's loopback listener.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::flow::{AppHeading, AppLinks, NotYou};
use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::confirm::{AnswerDraft, load_draft};
use crate::components::{
    ErrorView, FormErrors, FormMessage, RequireSignIn, format_time, org_label,
};
use crate::domain::LoopbackReturn;
use crate::error::AppError;
use crate::ids;
use crate::model::{DraftAnswer, DraftToConfirm};

#[component]
pub fn ConfirmClientPage() -> impl IntoView {
    view! {
        <Title text="Confirm a new client" />
        <RequireSignIn children=|viewer| view! { <Confirm email=viewer.email /> } />
    }
}

/// The `redirectPort` / `redirectPath` pair as the link carried it.
#[derive(Clone, Debug, PartialEq)]
struct Back {
    port: String,
    path: String,
}

impl Back {
    /// Where the answer goes, when the link named an allowed address.
    fn target(&self) -> Option<LoopbackReturn> {
        LoopbackReturn::from_query(&self.port, &self.path)
            .ok()
            .flatten()
    }
}

#[component]
fn Confirm(email: String) -> impl IntoView {
    let location = use_location();
    // This very page, for another account after "Not you?".
    let here = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{}", search.trim_start_matches('?'))
        }
    };
    let params = use_params_map();
    let query = use_query_map();
    let input = move || {
        let id = params.with(|p| p.get("client_id").unwrap_or_default());
        let back = query.with(|q| Back {
            port: q.get("redirectPort").unwrap_or_default(),
            path: q.get("redirectPath").unwrap_or_default(),
        });
        (id, back)
    };
    let draft = Resource::new(input, |(id, back)| load_draft(id, back.port, back.path));
    view! {
        <Suspense fallback=|| ()>
            {move || { let email = email.clone(); Suspend::new(async move {
                let (_, back) = input();
                match draft.await {
                    Ok(draft) => view! { <Draft draft back email=email.clone() here=here() /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Refused(error: AppError) -> impl IntoView {
    let advice = match &error {
        AppError::Invalid { .. } => {
            "This link asks to send you back to an address Portico does not allow, so it will not send you anywhere. Ask the app's provider for a new link."
        }
        AppError::NotFound => {
            "There is no client waiting for confirmation under this link. Drafts expire when nobody confirms them in time; ask the app to create a new one."
        }
        _ => "Go back to the app and try again.",
    };
    view! {
        <div class=format!("mx-auto max-w-lg space-y-4 {CARD}") data-testid=ids::CONFIRM_ERROR>
            <h1 class=H1>"This confirmation link cannot be used"</h1>
            <ErrorView error />
            <p class=MUTED>{advice}</p>
        </div>
    }
}

#[component]
fn Draft(draft: DraftToConfirm, back: Back, email: String, here: String) -> impl IntoView {
    let answer = ServerAction::<AnswerDraft>::new();
    let target = back.target();
    #[cfg(feature = "ssr")]
    if let Some(origin) = target.as_ref().map(LoopbackReturn::origin)
        && let (Some(res), Ok(origin)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::HeaderValue::from_str(&origin),
        )
    {
        // Without JavaScript the answer's redirect follows a form post,
        // which CSP `form-action` governs.
        res.insert_header(
            axum::http::HeaderName::from_static(crate::services::FORM_ACTION_HEADER),
            origin,
        );
    }
    let answered = Signal::derive({
        let recorded = draft.answered;
        move || answer.value().get().and_then(Result::ok).or(recorded)
    });
    let client_id = draft.client_id.clone();
    let result_target = target.clone();
    let result = move || {
        answered.get().map(|a| {
            let text = match a {
                DraftAnswer::Confirmed => "You confirmed this client. An admin may still need to approve some of its access.",
                DraftAnswer::Declined => "You declined this client. It will never get tokens.",
            };
            let link = result_target.as_ref().map(|t| t.url(&client_id, a.as_str()));
            view! {
                <div role="status" data-testid=ids::CONFIRM_RESULT class="mt-6 rounded-md border border-emerald-500 bg-emerald-50 p-4 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100">
                    <p class="font-semibold">{text}</p>
                    {match link {
                        Some(href) => view! { <a class=format!("mt-2 inline-block {LINK}") href=href>"Return to the app"</a> }.into_any(),
                        None => view! { <p class="mt-2 text-sm">"You can close this window."</p> }.into_any(),
                    }}
                </div>
            }
        })
    };
    let going_back = target.map(|t| format!("Your answer goes back to the app at {}.", t.origin()));
    let expires = draft.expires_at.map(|at| {
        format!(
            "If nobody confirms it, this request expires {}.",
            format_time(at)
        )
    });
    let heading = format!("Confirm {}?", draft.display_name);
    view! {
        <div class=format!("mx-auto max-w-xl {CARD}") data-testid=ids::CONFIRM_DRAFT>
            <AppHeading links=draft.links.clone()>
                <h1 class=H1>{heading}</h1>
            </AppHeading>
            <div class="mt-2"><NotYou email next=here /></div>
            <p class=format!("mt-2 {MUTED}")>
                {format!("{} asks you to confirm a new client for your organisation. {} is made by {}.",
                    draft.system_name, draft.system_name, org_label(&draft.org_name, draft.org_number.as_deref()))}
            </p>
            {(!draft.description.is_empty()).then(|| view! { <p class="mt-2 text-gray-900 dark:text-gray-100">{draft.description.clone()}</p> })}
            <AppLinks links=draft.links.clone() app_name=draft.display_name.clone() />
            <dl class="mt-4 space-y-1 text-sm">
                <div><dt class="inline font-medium text-gray-900 dark:text-gray-100">"Client id: "</dt><dd class="inline break-all font-mono text-gray-700 dark:text-gray-300">{draft.client_id.clone()}</dd></div>
                {(!draft.redirect_uris.is_empty()).then(|| view! {
                    <div><dt class="inline font-medium text-gray-900 dark:text-gray-100">"Sends users back to: "</dt><dd class="inline break-all font-mono text-gray-700 dark:text-gray-300">{draft.redirect_uris.join(", ")}</dd></div>
                })}
            </dl>
            <h2 class="mt-6 text-lg font-semibold text-gray-900 dark:text-white">"It asks for"</h2>
            <ul data-testid=ids::CONFIRM_SCOPES class="mt-2 space-y-2">
                {draft.scopes.into_iter().map(|s| view! {
                    <li class="flex gap-2 text-gray-900 dark:text-gray-100">
                        <span aria-hidden="true">"•"</span>
                        <span>
                            {s.description}
                            <span class="ml-2 font-mono text-xs text-gray-600 dark:text-gray-400">{s.scope}</span>
                            {s.needs_approval.then(|| view! { <span class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">"needs an admin's approval"</span> })}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
            {expires.map(|text| view! { <p class=format!("mt-4 {MUTED}")>{text}</p> })}
            {going_back.map(|text| view! { <p class=format!("mt-1 {MUTED}")>{text}</p> })}
            {result}
            <Show when=move || answered.get().is_none()>
                <Answer client_id=draft.client_id.clone() back=back.clone() answer />
            </Show>
        </div>
    }
}

#[component]
fn Answer(client_id: String, back: Back, answer: ServerAction<AnswerDraft>) -> impl IntoView {
    let error = FormErrors::of(answer);
    let secondary = "inline-flex items-center justify-center rounded-md border border-gray-400 px-4 py-2 text-sm font-semibold text-gray-900 hover:bg-gray-100 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";
    let form = move |client_id: String,
                     back: Back,
                     value: &'static str,
                     label: &'static str,
                     class: &'static str,
                     test_id: &'static str| {
        view! {
            <ActionForm action=answer>
                <input type="hidden" name="client_id" value=client_id />
                <input type="hidden" name="answer" value=value />
                <input type="hidden" name="redirect_port" value=back.port />
                <input type="hidden" name="redirect_path" value=back.path />
                <button type="submit" class=class data-testid=test_id disabled=move || answer.pending().get()>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <FormMessage error />
        <div class="mt-6 flex gap-3">
            {form(client_id.clone(), back.clone(), "confirm", "Confirm", BUTTON, ids::CONFIRM_ACCEPT)}
            {form(client_id, back, "decline", "Decline", secondary, ids::CONFIRM_DECLINE)}
        </div>
    }
}
