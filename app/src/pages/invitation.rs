use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::orgs::{AcceptInvitation, load_invitation};
use crate::components::{
    ErrorView, FormErrors, FormMessage, RequireSignIn, Session, format_time, org_label,
};
use crate::ids;
use crate::model::{InvitationOffer, Viewer};

/// `/invitations/:token`: the invited person, signed in with the invited
/// address, joins the organisation.
#[component]
pub fn InvitationPage() -> impl IntoView {
    view! {
        <Title text="Invitation" />
        <RequireSignIn children=|viewer| view! { <InvitationLoader viewer /> } />
    }
}

#[component]
fn InvitationLoader(viewer: Viewer) -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let offer = Resource::new(token, load_invitation);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                    match offer.await {
                        Ok(offer) => view! { <Offer offer viewer token=token() /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Offer(offer: InvitationOffer, viewer: Viewer, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = FormErrors::of(accept);
    Session::get().refresh_on_success(move || matches!(accept.value().get(), Some(Ok(_))));
    let org = org_label(&offer.org_name, offer.org_number.as_deref());
    let answer = if !offer.for_viewer {
        view! {
            <p role="alert" class="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                {format!("This invitation is for {}, and you are signed in as {}. Sign out and sign in (or sign up) with {} to accept it.", offer.email, viewer.email, offer.email)}
            </p>
            <a href="/logout" class=format!("mt-4 inline-block {LINK}")>"Sign out"</a>
        }.into_any()
    } else if offer.already_member {
        view! {
            <p class=format!("mt-4 {MUTED}")>"You are a member of this organisation already."</p>
        }
        .into_any()
    } else {
        let join = format!("Join {}", offer.org_name);
        view! {
            <ActionForm action=accept attr:class="mt-6 space-y-4">
                <input type="hidden" name="token" value=token />
                <FormMessage error />
                <button type="submit" class=BUTTON data-testid=ids::INVITATION_ACCEPT disabled=move || accept.pending().get()>
                    {join.clone()}
                </button>
            </ActionForm>
        }.into_any()
    };
    view! {
        <div class=format!("mx-auto max-w-2xl {CARD}") data-testid=ids::INVITATION_OFFER>
            <h1 class=H1>{format!("Join {}", offer.org_name)}</h1>
            <dl class="mt-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[10rem_1fr]">
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Organisation"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{org}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Your role"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{format!("{} — {}", offer.role.as_str(), offer.role.explain())}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Invited by"</dt>
                <dd class="break-all text-gray-900 dark:text-gray-100">{offer.invited_by.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"For"</dt>
                <dd class="break-all text-gray-900 dark:text-gray-100">{offer.email.clone()}</dd>
                <dt class="font-medium text-gray-700 dark:text-gray-300">"Expires"</dt>
                <dd class="text-gray-900 dark:text-gray-100">{format_time(offer.expires_at)}</dd>
            </dl>
            {answer}
        </div>
    }
}
