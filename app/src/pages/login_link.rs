//! `/login/link`: a first sign-in through an upstream provider whose
//! verified address is an existing account's. The account's password,
//! typed once, links the two; from then on either way signs in.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::flow::{keeping_next, next_param};
use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::upstream::{AcceptLinkOffer, load_link_offer};
use crate::components::{ErrorView, Field, FormErrors, FormMessage, query_param};
use crate::ids;

#[component]
pub fn LinkAccountPage() -> impl IntoView {
    let offer = query_param("offer");
    let next = next_param();
    let shown = Resource::new(move || offer.get().unwrap_or_default(), load_link_offer);
    view! {
        <Title text="Link your sign-in" />
        <div class=format!("mx-auto max-w-md {CARD}")>
            <h1 class=H1>"Link your sign-in"</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match shown.await {
                        Ok(shown) => view! {
                            <LinkForm offer=offer.get().unwrap_or_default() provider=shown.provider_name email=shown.email />
                        }.into_any(),
                        Err(error) => view! {
                            <div class="mt-4"><ErrorView error /></div>
                        }.into_any(),
                    }
                })}
            </Transition>
            <p class=format!("mt-6 {MUTED}")>
                <a href=move || keeping_next("/login", &next.get()) class=LINK>"Cancel and sign in another way"</a>
            </p>
        </div>
    }
}

#[component]
fn LinkForm(offer: String, provider: String, email: String) -> impl IntoView {
    let action = ServerAction::<AcceptLinkOffer>::new();
    let error = FormErrors::of(action);
    view! {
        <p class=format!("mt-2 {MUTED}")>
            "You signed in with " <strong>{provider.clone()}</strong> " as " <strong>{email.clone()}</strong>
            ". A Portico account with this email already exists. Enter its password once to link the two: after that, "
            {provider} " signs you in to it."
        </p>
        <ActionForm action attr:data-testid=ids::LINK_OFFER_FORM attr:class="mt-6 space-y-4">
            <input type="hidden" name="offer" value=offer />
            <input type="text" name="username" autocomplete="username" value=email hidden />
            <Field name="password" label="Portico password" kind="password" autocomplete="current-password" required=true error=error.field("password") />
            <FormMessage error />
            <button type="submit" class=BUTTON data-testid=ids::LINK_OFFER_SUBMIT disabled=move || action.pending().get()>
                "Link and sign in"
            </button>
        </ActionForm>
    }
}
