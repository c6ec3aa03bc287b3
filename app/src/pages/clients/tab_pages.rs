//! The client page's tabs as pages of their own (see `detail`): each names
//! the data it needs besides the client and how it draws them.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::access::AccessTab;
use super::detail::{ClientShell, Tab, can_write, client_id};
use super::history::HistoryTab;
use super::overview::Overview;
use super::secrets::SecretsTab;
use super::settings::SettingsTab;
use super::test_tab::TestTab;
use crate::api::clients::{
    CreateSecret, RevokeSecret, UpdateClient, client_history, list_secrets, max_secret_months,
    public_url, scope_catalog,
};
use crate::components::{query_param, successes};
use crate::error::AppError;

/// `/clients/:id`: what the client can do now, its fields and endpoints.
#[component]
pub fn ClientPage() -> impl IntoView {
    view! {
        <ClientShell tab=Tab::Overview reload=Signal::stored(0)
            extra=|| Resource::new(|| (), |_| public_url())
            body=|detail, issuer, viewer| {
                let can_write = can_write(&viewer, &detail);
                view! { <Overview detail issuer=Some(issuer) can_write /> }.into_any()
            } />
    }
}

/// `/clients/:id/access`: the scopes and whether each is granted.
#[component]
pub fn ClientAccessPage() -> impl IntoView {
    view! {
        <ClientShell tab=Tab::Access reload=Signal::stored(0)
            extra=|| Resource::new(|| (), |_| async { Ok::<(), AppError>(()) })
            body=|detail, (), _| view! { <AccessTab detail /> }.into_any() />
    }
}

/// `/clients/:id/history?before=`: every change, a page at a time.
#[component]
pub fn ClientHistoryPage() -> impl IntoView {
    let before = query_param("before");
    let before = move || before.get().and_then(|b| b.parse::<i64>().ok());
    view! {
        <ClientShell tab=Tab::History reload=Signal::stored(0)
            extra=move || Resource::new(move || (client_id(), before()), |(id, before)| client_history(id, before))
            body=|detail, page, _| {
                view! { <HistoryTab page base=Tab::History.href(&detail.client_id) /> }.into_any()
            } />
    }
}

/// `/clients/:id/settings`: the client's form, deleting and moving it.
#[component]
pub fn ClientSettingsPage() -> impl IntoView {
    // Created once, outside the reloads, so a saved form's message stays.
    let update = ServerAction::<UpdateClient>::new();
    view! {
        <ClientShell tab=Tab::Settings reload=successes(update)
            extra=|| Resource::new(|| (), |_| scope_catalog(false))
            body=move |detail, catalog, viewer| {
                view! { <SettingsTab detail catalog update viewer /> }.into_any()
            } />
    }
}

/// `/clients/:id/secrets?after=`: new secrets (shown once) and the list.
#[component]
pub fn ClientSecretsPage() -> impl IntoView {
    // Created once, outside the reloads: a new secret's value survives the
    // list being read again.
    let create = ServerAction::<CreateSecret>::new();
    let revoke = ServerAction::<RevokeSecret>::new();
    let (created, revoked) = (successes(create), successes(revoke));
    let reload = Signal::derive(move || created.get() + revoked.get());
    // Only a new page of the list reads it again, not a confirmation
    // opening (`?confirm=`).
    let after = query_param("after");
    view! {
        <ClientShell tab=Tab::Secrets reload
            extra=move || Resource::new(
                move || (client_id(), after.get(), reload.get()),
                // Side by side: each starts (and reads the request's context)
                // on the first poll, not after the other has finished.
                |(id, after, _)| futures::future::try_join(list_secrets(id, after), max_secret_months()),
            )
            body=move |detail, (secrets, max_months), viewer| {
                let can_write = can_write(&viewer, &detail);
                view! { <SecretsTab detail secrets max_months create revoke can_write /> }.into_any()
            } />
    }
}

/// `/clients/:id/test`: a ready-made token request to try the client.
#[component]
pub fn ClientTestPage() -> impl IntoView {
    view! {
        <ClientShell tab=Tab::Test reload=Signal::stored(0)
            extra=|| Resource::new(|| (), |_| public_url())
            body=|detail, base, _| view! { <TestTab detail base /> }.into_any() />
    }
}
