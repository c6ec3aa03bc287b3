//! The account page's "Sign-in methods": the upstream providers linked to
//! the account (unlinking one, unless it is the only way in), and links to
//! add the others.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::upstream::{UnlinkIdentity, my_linked_identities};
use crate::components::{
    ConfirmButton, Confirmation, ErrorView, FormErrors, FormMessage, LocalTime, StepUp,
    UpstreamFailure, query_param,
};
use crate::ids;
use crate::model::{LinkedIdentities, LinkedIdentity, STEP_UP_CODE};
use crate::pages::{BUTTON_SECONDARY, CARD, MUTED};

#[component]
pub fn SignInMethods() -> impl IntoView {
    let unlink = ServerAction::<UnlinkIdentity>::new();
    let methods = Resource::new(|| (), |_| my_linked_identities());
    // Linking was refused for want of a recent second factor (the server
    // knows the person's ways: the page is sent without the WebAssembly).
    let asks_step_up = query_param("upstream").get_untracked().as_deref() == Some(STEP_UP_CODE);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let methods = match methods.await {
                    Err(error) => return view! { <ErrorView error /> }.into_any(),
                    // Nothing to show where no provider was ever set up.
                    Ok(m) if m.linked.is_empty() && m.available.is_empty() => return ().into_any(),
                    Ok(methods) => methods,
                };
                view! {
                    <section id="sign-in-methods" class=CARD data-testid=ids::SIGN_IN_METHODS aria-labelledby="sign-in-methods-heading">
                        <h2 id="sign-in-methods-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Sign-in methods"</h2>
                        <UpstreamFailure />
                        {asks_step_up.then(|| view! { <StepUp reason="Linking a provider adds a way into your account" then="choose Link again" /> })}
                        <FormMessage error=FormErrors::of(unlink) any_field=true />
                        <Methods methods unlink />
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Methods(methods: LinkedIdentities, unlink: ServerAction<UnlinkIdentity>) -> impl IntoView {
    let LinkedIdentities {
        linked,
        available,
        has_password,
        has_passkeys,
    } = methods;
    // The only way in stays: no password, no passkey, one linked provider.
    let keep_last = !has_password && !has_passkeys && linked.len() == 1;
    let password = if has_password {
        "Your password (and the code from your authenticator app, when it is on)."
    } else {
        "No password yet: \"Forgot your password?\" on the sign-in page sets one."
    };
    view! {
        <p class=format!("mt-1 {MUTED}")>{password}</p>
        {(!linked.is_empty()).then(|| view! {
            <ul class="mt-4 divide-y divide-gray-200 dark:divide-gray-800">
                {linked.into_iter().map(|identity| view! { <Linked identity unlink keep_last /> }).collect_view()}
            </ul>
        })}
        {(!available.is_empty()).then(|| view! {
            <div class="mt-4 flex flex-wrap gap-2">
                {available.into_iter().map(|option| view! {
                    <a href=format!("/login/with/{}?link=1", option.id) rel="external nofollow" class=BUTTON_SECONDARY>
                        "Link " {option.display_name}
                    </a>
                }).collect_view()}
            </div>
            <p class=format!("mt-2 {MUTED}")>"Linking signs you in at the provider, then brings you back here."</p>
        })}
    }
}

#[component]
fn Linked(
    identity: LinkedIdentity,
    unlink: ServerAction<UnlinkIdentity>,
    keep_last: bool,
) -> impl IntoView {
    let key = format!("unlink-{}-{}", identity.provider_id, identity.subject);
    let confirmation = Confirmation {
        question: format!("Unlink {}?", identity.provider_name),
        consequence: format!(
            "{} ({}) no longer signs you in to this account. You can link it again later.",
            identity.provider_name, identity.email
        ),
        verb: "Unlink".into(),
    };
    let aria_label = format!("Unlink {}", identity.provider_name);
    let control = if keep_last {
        view! { <span class=MUTED>"Your only way to sign in"</span> }.into_any()
    } else {
        view! {
            <ActionForm action=unlink>
                <input type="hidden" name="issuer" value=identity.issuer.clone() />
                <input type="hidden" name="subject" value=identity.subject.clone() />
                <ConfirmButton label="Unlink" aria_label key confirmation />
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <li class="flex flex-wrap items-start justify-between gap-4 py-3">
            <div>
                <p class="font-medium text-gray-900 dark:text-gray-100">{identity.provider_name.clone()}</p>
                <p class=MUTED>
                    {identity.email.clone()} " · linked " <LocalTime secs=identity.linked_at />
                    {identity.last_used_at.map(|at| view! { " · last used " <LocalTime secs=at /> })}
                </p>
            </div>
            {control}
        </li>
    }
}
