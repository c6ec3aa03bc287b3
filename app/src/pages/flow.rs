//! What the sign-in and sign-up pages say when they are part of someone
//! else's app: "Sign in to continue to Clinic 42", and links that keep
//! the flow (`next`) from one page to the other.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_router::hooks::use_query_map;

use super::{H1, LINK, MUTED};
use crate::api::auth::SwitchAccount;
use crate::api::consent::flow_app;
use crate::ids;
use crate::model::ClientLinks;

/// The page's `next` (where the flow goes on), empty when there is none.
pub(super) fn next_param() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("next")).unwrap_or_default())
}

/// Once `done` holds, goes on to `next` when the provider serves it (the
/// authorization endpoint): a full load, since the router would render it
/// as a page of this app. The server's redirect covers every other `next`.
pub(super) fn continue_to_provider(done: impl Fn() -> bool + 'static, next: Signal<String>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if done() && crate::domain::ReturnPath::parse(&next.get()).is_ok_and(|p| p.leaves_the_app())
        {
            let _ = window().location().set_href(&next.get());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (done, next);
}

pub(super) use crate::components::keeping_next;

/// The page's heading: `verb` alone ("Sign in"), or "`verb` to continue
/// to <app>" with who registered it, when `next` is an authorization
/// request of an active client.
#[component]
pub(super) fn FlowHeading(verb: &'static str, plain: &'static str) -> impl IntoView {
    let next = next_param();
    let app = Resource::new(
        move || next.get(),
        |next| async move {
            if next.is_empty() {
                Ok(None)
            } else {
                flow_app(next).await
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <h1 class=H1>{plain}</h1> }>
            {move || Suspend::new(async move {
                match app.await {
                    Ok(Some(app)) => view! {
                        <AppHeading links=app.links.clone()>
                            <h1 class=H1 data-testid=ids::FLOW_APP>{format!("{verb} to continue to {}", app.client_name)}</h1>
                            <p class=format!("mt-1 {MUTED}")>{format!("{} is registered by {}.", app.client_name, app.org_name)}</p>
                        </AppHeading>
                    }.into_any(),
                    _ => view! { <h1 class=H1>{plain}</h1> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An app's heading on the pages end users see: its logo (when it has
/// one, at a fixed 64 × 64 so a large picture cannot push the page about)
/// beside `heading`.
#[component]
pub(super) fn AppHeading(links: ClientLinks, children: Children) -> impl IntoView {
    view! {
        <div class="flex items-start gap-4">
            {links.logo_uri.map(|src| view! {
                // The name is in the heading; the logo adds no words. No
                // referrer: the app's server learns nothing of the flow.
                <img src=src alt="" width="64" height="64" referrerpolicy="no-referrer" loading="eager"
                    data-testid=ids::APP_LOGO
                    class="h-16 w-16 flex-none rounded-md border border-gray-200 bg-white object-contain dark:border-gray-700" />
            })}
            <div class="min-w-0">{children()}</div>
        </div>
    }
}

/// "Home page · Privacy policy · Terms of service": the app's own pages,
/// each opened in a new tab so the flow stays where it is.
#[component]
pub(super) fn AppLinks(links: ClientLinks, app_name: String) -> impl IntoView {
    let pages = links.pages();
    (!pages.is_empty()).then(|| {
        view! {
            <ul data-testid=ids::APP_LINKS aria-label=format!("About {app_name}")
                class=format!("mt-3 flex flex-wrap gap-x-4 gap-y-1 {MUTED}")>
                {pages.into_iter().map(|(label, href)| view! {
                    <li><a href=href target="_blank" rel="noopener noreferrer" class=LINK>{label}</a></li>
                }).collect_view()}
            </ul>
        }
    })
}

/// "Signed in as erin@example.com · Not you?": another account signs in
/// and goes on with the same flow (`next`).
#[component]
pub(super) fn NotYou(email: String, next: String) -> impl IntoView {
    let switch = ServerAction::<SwitchAccount>::new();
    view! {
        <div data-testid=ids::NOT_YOU class=format!("flex flex-wrap items-center gap-x-2 {MUTED}")>
            <span>"Signed in as "<strong class="font-medium text-gray-900 dark:text-gray-100">{email}</strong></span>
            <span aria-hidden="true">"·"</span>
            <ActionForm action=switch>
                <input type="hidden" name="next" value=next />
                <button type="submit" class=LINK>"Not you?"</button>
            </ActionForm>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::keeping_next;

    #[test]
    fn links_keep_the_flow() {
        assert_eq!(keeping_next("/signup", ""), "/signup");
        assert_eq!(
            keeping_next("/signup", "/oauth2/authorize?client_id=a&x=1"),
            "/signup?next=%2Foauth2%2Fauthorize%3Fclient_id%3Da%26x%3D1"
        );
    }
}
