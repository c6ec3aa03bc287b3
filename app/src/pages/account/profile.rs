use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::AccountTabs;
use super::apps::AppsWithAccess;
use super::drafts::AnsweredDrafts;
use super::notifications::NotificationSettings;
use crate::api::account::UpdateProfile;
use crate::api::verify_email::ResendVerification;
use crate::components::{Field, FormErrors, FormMessage, RequireSignIn, Session, succeeded};
use crate::domain::DisplayName;
use crate::ids;
use crate::model::Viewer;
use crate::pages::{BUTTON, CARD, H1};

/// `/account`: the signed-in person's profile, the apps with access to
/// their account, their answered drafts and email notifications.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Your account" />
        <RequireSignIn children=|viewer| view! { <AccountSettings viewer /> } />
    }
}

#[component]
fn AccountSettings(viewer: Viewer) -> impl IntoView {
    let roles = match (viewer.is_admin, viewer.is_developer) {
        (true, _) => "Admin and developer",
        (false, true) => "Developer",
        (false, false) => "End user",
    };
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Your account"</h1>
            <AccountTabs security=false />
            <section class=CARD data-testid=ids::ACCOUNT_PROFILE aria-labelledby="profile-heading">
                <h2 id="profile-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Profile"</h2>
                <dl class="mt-3 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[10rem_1fr]">
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Email"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">{viewer.email.clone()}{if viewer.email_verified { " · confirmed" } else { " · not confirmed yet" }}</dd>
                    <dt class="font-medium text-gray-700 dark:text-gray-300">"Role"</dt>
                    <dd class="text-gray-900 dark:text-gray-100">{roles}</dd>
                </dl>
                {(!viewer.email_verified).then(|| view! { <ConfirmAddress required=viewer.verification_required /> })}
                <ProfileForm name=viewer.display_name.clone() />
            </section>
            <AppsWithAccess />
            <AnsweredDrafts />
            {(viewer.is_developer || viewer.is_admin).then(|| view! { <NotificationSettings viewer=viewer.clone() /> })}
        </div>
    }
}

/// An unconfirmed address: what it keeps from, and a new link.
#[component]
fn ConfirmAddress(required: bool) -> impl IntoView {
    let action = ServerAction::<ResendVerification>::new();
    let error = FormErrors::of(action);
    let sent = succeeded(action);
    let success = Signal::derive(move || {
        sent.get()
            .then(|| "A new link is on its way. It works for 3 days.".to_owned())
    });
    view! {
        <div data-testid=ids::VERIFY_BANNER class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p>
                "Open the link we emailed you to confirm your address."
                {required.then_some(" Until then you cannot register applications or join an organisation.")}
            </p>
            <ActionForm action attr:class="mt-2">
                <FormMessage error success />
                <button type="submit" class="mt-2 rounded-md border border-amber-700 px-3 py-1.5 text-sm font-semibold hover:bg-amber-100 focus:outline-none focus:ring-2 focus:ring-amber-600 dark:hover:bg-amber-900"
                    data-testid=ids::VERIFY_RESEND disabled=move || action.pending().get()>"Send the link again"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn ProfileForm(name: String) -> impl IntoView {
    let action = ServerAction::<UpdateProfile>::new();
    Session::get().refresh_on_success(move || matches!(action.value().get(), Some(Ok(_))));
    let error = FormErrors::of(action);
    let saved = succeeded(action);
    let success = Signal::derive(move || saved.get().then(|| "Your name was saved.".to_owned()));
    view! {
        <ActionForm action attr:class="mt-4 max-w-md space-y-4">
            <Field name="display_name" label="Your name" autocomplete="name" value=name required=true
                error=error.field("display_name")
                validate=|s: &str| DisplayName::parse(s).map(|_| ()) />
            <FormMessage error success />
            <button type="submit" class=BUTTON data-testid=ids::PROFILE_SUBMIT>"Save name"</button>
        </ActionForm>
    }
}
