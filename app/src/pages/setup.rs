use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::signup::AccountFields;
use super::{BUTTON, CARD, H1, MUTED};
use crate::api::setup::{CompleteSetup, setup_link_valid};
use crate::components::{ErrorView, FormErrors, FormMessage, Session};
use crate::ids;

/// `/setup/:token`: the one-time link printed at first start creates the
/// first admin.
#[component]
pub fn SetupPage() -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let valid = Resource::new(token, setup_link_valid);
    let action = ServerAction::<CompleteSetup>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    view! {
        <Title text="Set up Portico" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => view! {
                        <div class=format!("mx-auto max-w-md {CARD}")>
                            <h1 class=H1>"Create the first admin"</h1>
                            <p class=format!("mt-1 {MUTED}")>"This link works once. The account you create here can approve clients and manage other accounts."</p>
                            <ActionForm action attr:data-testid=ids::SETUP_FORM attr:class="mt-6 space-y-4">
                                <input type="hidden" name="token" value=token />
                                <AccountFields error />
                                <FormMessage error />
                                <button type="submit" class=BUTTON data-testid=ids::SETUP_SUBMIT>"Create admin"</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                    Ok(false) => view! {
                        <div class=format!("mx-auto max-w-md {CARD}")>
                            <h1 class=H1>"This setup link cannot be used"</h1>
                            <p class=format!("mt-2 {MUTED}")>
                                "It has expired, was already used, or an admin exists. Restart Portico to print a new link, or run "
                                <code>"portico admin create --email you@example.com"</code> "."
                            </p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
