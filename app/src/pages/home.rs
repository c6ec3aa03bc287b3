use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::register_apps::RegisterApplications;
use super::{BUTTON, CARD, H1, LINK, MUTED};
use crate::api::catalog::pending_clients;
use crate::api::clients::expiring_credentials;
use crate::components::{CopyButton, ErrorView, LocalTime, Session, ShortClientId, org_label};
use crate::ids;
use crate::model::{ExpiringCredential, OrgMembership, Viewer};

/// `/`: what Portico is for a visitor, the dashboard for a signed-in person.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = Session::get();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Some(viewer)) => view! { <Dashboard viewer /> }.into_any(),
                    Ok(None) => view! { <Landing /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Landing() -> impl IntoView {
    view! {
        <Title text="Developer portal" />
        <section data-testid=ids::LANDING class="mx-auto max-w-2xl py-8 text-center">
            <h1 class="text-3xl font-bold text-gray-900 sm:text-4xl dark:text-white">"Register OAuth clients yourself"</h1>
            <p class="mt-4 text-lg text-gray-700 dark:text-gray-200">
                "Portico is the developer portal and OpenID provider in one: register a client, pick its grant types and scopes, "
                "create a secret, and get tokens from the same place — no console hopping, no secrets in chat."
            </p>
            <div class="mt-8 flex justify-center gap-4">
                <a href="/signup" class=BUTTON>"Create an account"</a>
                <a href="/login" class="rounded-md px-4 py-2 text-sm font-semibold text-gray-900 ring-1 ring-gray-400 hover:bg-gray-100 dark:text-gray-100 dark:hover:bg-gray-800">"Sign in"</a>
            </div>
        </section>
    }
}

#[component]
fn Dashboard(viewer: Viewer) -> impl IntoView {
    let first_name = viewer
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    view! {
        <Title text="Dashboard" />
        <section data-testid=ids::DASHBOARD class="space-y-6">
            <h1 class=H1>{format!("Welcome, {first_name}")}</h1>
            {match viewer.active_org().cloned() {
                Some(org) => view! { <DeveloperCard org /> <ExpiringSoon /> }.into_any(),
                None if viewer.may_become_developer => view! { <RegisterApplications /> }.into_any(),
                None => view! {
                    <div class=CARD>
                        <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Your apps and your account"</h2>
                        <p class=format!("mt-2 {MUTED}")>
                            "Your account signs in to apps and manages the access you granted them. To register OAuth clients, "
                            "ask a Portico admin to give your account the developer role."
                        </p>
                        <a href="/account" class=format!("mt-3 inline-block {LINK}")>"See the apps with access to your account"</a>
                    </div>
                }.into_any(),
            }}
            {viewer.is_admin.then(|| view! { <PendingApprovals /> })}
            <div class="grid gap-4 sm:grid-cols-2">
                <div class=CARD>
                    <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Your account"</h2>
                    <p class=format!("mt-2 {MUTED}")>"Change your name or password."</p>
                    <a href="/account" class=format!("mt-3 inline-block {LINK}")>"Account settings"</a>
                </div>
                {viewer.is_admin.then(|| view! {
                    <div class=CARD>
                        <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Administration"</h2>
                        <p class=format!("mt-2 {MUTED}")>"Give people the developer or admin role."</p>
                        <a href="/admin/accounts" class=format!("mt-3 inline-block {LINK}")>"Manage accounts"</a>
                    </div>
                })}
            </div>
        </section>
    }
}

#[component]
fn DeveloperCard(org: OrgMembership) -> impl IntoView {
    let prefix = org.client_prefix.clone();
    let whose = if org.personal {
        "your personal organisation".to_owned()
    } else {
        org.name.clone()
    };
    view! {
        <div class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">
                {format!("{} — client-id prefix", org.name)}
            </h2>
            <p class=format!("mt-2 {MUTED}")>
                {format!("You act for {whose} as {}. Every client registered there gets the id ", org.role)}
                <code>"<prefix>.<suffix>"</code>
                ". The prefix below is fixed for the organisation; you choose the suffix."
            </p>
            <div class="mt-3 flex flex-wrap items-center gap-2">
                <code data-testid=ids::DASHBOARD_PREFIX class="break-all rounded bg-gray-100 px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-800 dark:text-gray-100">
                    {prefix.clone()}
                </code>
                <CopyButton text=prefix label="Copy client-id prefix" />
            </div>
            <p class=format!("mt-3 {MUTED}")>
                <a href="/clients" class=LINK>"Clients"</a>
                " · "
                <a href=format!("/orgs/{}", org.org_id) class=LINK>"Organisation"</a>
                " · "
                <a href="/systems" class=LINK>"Client systems"</a>
                " (software that creates a client per installation over the API) · "
                <a href="/api-docs" class=LINK>"API reference"</a>
            </p>
        </div>
    }
}

/// The active organisation's secrets and API keys that expire within 30
/// days (or expired in the last 7), with when each was last used.
#[component]
fn ExpiringSoon() -> impl IntoView {
    let rows = Resource::new(|| (), |_| expiring_credentials());
    view! {
        <section class=CARD data-testid=ids::EXPIRING_SOON aria-labelledby="expiring-heading">
            <h2 id="expiring-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Expiring soon"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! {
                            <p class=format!("mt-2 {MUTED}")>"No client secret or API key expires in the next 30 days."</p>
                        }.into_any(),
                        Ok(rows) => view! {
                            <ul class="mt-3 divide-y divide-gray-200 text-sm dark:divide-gray-800">
                                {rows.into_iter().map(|c| view! { <ExpiringRow c /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ExpiringRow(c: ExpiringCredential) -> impl IntoView {
    let (what, href) = if c.kind == "api_key" {
        ("API key", format!("/systems/{}?tab=automation", c.owner_id))
    } else {
        ("Secret", format!("/clients/{}/secrets", c.owner_id))
    };
    let (when, class) = match c.days_left {
        _ if c.expired => (
            "✕ expired".to_owned(),
            "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
        ),
        0 => (
            "⚠ expires today".to_owned(),
            "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
        ),
        d => (
            format!("⚠ expires in {d} day{}", if d == 1 { "" } else { "s" }),
            "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
        ),
    };
    let used = match c.last_used_at {
        Some(at) => view! { "last used " <LocalTime secs=at /> }.into_any(),
        None => "never used".into_any(),
    };
    view! {
        <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-gray-900 dark:text-gray-100">
            <span class=format!("rounded px-2 py-0.5 text-xs font-semibold {class}")>{when}</span>
            <a href=href class=LINK>{format!("{what} \"{}\" of {}", c.description, c.owner_name)}</a>
            <span class=MUTED><LocalTime secs=c.expires_at />" · "{used}</span>
        </li>
    }
}

/// For admins: clients whose scopes wait for approval, with the way to the
/// approvals queue where they are decided.
#[component]
fn PendingApprovals() -> impl IntoView {
    let pending = Resource::new(|| (), |_| pending_clients(None));
    view! {
        <section class=CARD data-testid=ids::PENDING_CLIENTS aria-labelledby="pending-heading">
            <h2 id="pending-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Waiting for approval"</h2>
            <p class="mt-1 text-sm"><A href="/admin/approvals" attr:class=LINK>"Open the approvals queue"</A></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match pending.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) if page.rows.is_empty() => view! {
                            <p class=format!("mt-2 {MUTED}")>"No client is waiting for a scope that needs approval."</p>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul class="mt-3 space-y-2 text-sm text-gray-900 dark:text-gray-100">
                                {page.rows.into_iter().take(10).map(|c| view! {
                                    <li>
                                        <span class="font-medium">{c.display_name}</span>
                                        {format!(" by {} — pending: {}", org_label(&c.org_name, c.org_number.as_deref()), c.pending_scopes.iter().map(|s| s.scope.as_str()).collect::<Vec<_>>().join(", "))}
                                        <span class="block"><ShortClientId id=c.client_id /></span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
