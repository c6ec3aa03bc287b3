//! A client's Overview tab: what it can do now and why, every field it
//! has, what to do next, and the endpoints to call.

use leptos::prelude::*;

use super::detail::Tab;
use crate::components::{CopyButton, Expiry, LocalTime, org_label};
use crate::domain::PublicJwks;
use crate::ids;
use crate::model::{ClientDetail, ClientLinks, ScopeAccess, ScopeGrant};
use crate::pages::{CARD, LINK, MUTED};

const TERM: &str = "font-medium text-gray-700 dark:text-gray-300";
const VALUE: &str = "whitespace-pre-line break-all text-gray-900 dark:text-gray-100";

/// `issuer`: the endpoints panel for developers; `None` on the admins'
/// read-only view, which then links nowhere into the developers' tabs.
#[component]
pub(crate) fn Overview(
    detail: ClientDetail,
    issuer: Option<String>,
    can_write: bool,
) -> impl IntoView {
    let developer_view = issuer.is_some();
    let row = |term: &'static str, value: String| {
        view! {
            <dt class=TERM>{term}</dt>
            <dd class=VALUE>{value}</dd>
        }
    };
    let lines = |uris: &[String]| {
        if uris.is_empty() {
            "none".to_owned()
        } else {
            uris.join("\n")
        }
    };
    let grants = detail
        .grant_types
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let scopes = if detail.scopes.is_empty() {
        "none".to_owned()
    } else {
        detail
            .scopes
            .iter()
            .map(|s| format!("{} ({})", s.scope, s.status.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let uses_secret = detail.token_endpoint_auth_method.uses_secret();
    let not_ready = uses_secret && detail.active_secrets == 0;
    let secrets_href = Tab::Secrets.href(&detail.client_id);
    view! {
        {not_ready.then(|| view! { <NotReady href=secrets_href.clone() can_write /> })}
        <section class=CARD>
            <h2 class="text-sm font-medium text-gray-700 dark:text-gray-300">"Client id"</h2>
            <div class="mt-1 flex flex-wrap items-center gap-2">
                <code data-testid=ids::CLIENT_ID class="break-all rounded bg-gray-100 px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-800 dark:text-gray-100">
                    {detail.client_id.clone()}
                </code>
                <CopyButton text=detail.client_id.clone() label="Copy client id" />
            </div>
            <p class="mt-3 text-sm text-gray-900 dark:text-gray-100">
                <span data-testid=ids::CLIENT_AVAILABILITY>{detail.standing().sentence()}</span>
                {not_ready.then_some(" It also needs a live secret before it gets any token.")}
            </p>
            <ScopesNotGranted scopes=detail.scopes.clone() />
            <dl class="mt-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[14rem_1fr]">
                {row("Organisation", org_label(&detail.org_name, detail.org_number.as_deref()))}
                {row("Created by", match (&detail.system_name, &detail.created_by) {
                    (Some(system), _) => format!("the client system {system}, over the API"),
                    (None, Some(who)) => format!("{who}, in the portal"),
                    (None, None) => "a member, in the portal".to_owned(),
                })}
                {row("Confirmed by", detail.confirmed_by.clone().unwrap_or_else(|| "nobody yet: waiting for the end user".to_owned()))}
                <dt class=TERM>"Created"</dt>
                <dd class=VALUE><LocalTime secs=detail.created_at /></dd>
                {row("Kind", detail.kind.as_str().to_owned())}
                {row("Grant types", grants)}
                {row("Scopes", scopes)}
                {row("Token endpoint authentication", detail.token_endpoint_auth_method.to_string())}
                {uses_secret.then(|| view! {
                    <dt class=TERM>"Secrets"</dt>
                    <dd data-testid=ids::CLIENT_SECRETS_SUMMARY class=VALUE>
                        {match detail.next_secret_expiry {
                            Some(at) if detail.active_secrets > 0 => view! {
                                {format!("{} live; the next ", detail.active_secrets)}
                                <Expiry at />
                                {developer_view.then(|| view! { <a href=secrets_href.clone() class=format!("ml-1 {LINK}")>"Manage secrets"</a> })}
                            }.into_any(),
                            _ => view! { "none live" }.into_any(),
                        }}
                    </dd>
                })}
                {row("ID token signature", detail.id_token_signed_response_alg.to_string())}
                {detail.jwks.as_deref().map(|set| row("Public keys", PublicJwks::describe(set)))}
                {row("Redirect URIs", lines(&detail.redirect_uris))}
                {row("Post-logout redirect URIs", lines(&detail.post_logout_redirect_uris))}
                {row("Description", detail.description.clone())}
                {row("Shown to end users", shown_to_end_users(&detail.links))}
            </dl>
        </section>
        {issuer.map(|issuer| view! { <Endpoints issuer /> })}
    }
}

/// The scopes an admin has not granted, with the admin's reason.
#[component]
fn ScopesNotGranted(scopes: Vec<ScopeGrant>) -> impl IntoView {
    let missing: Vec<ScopeGrant> = scopes
        .into_iter()
        .filter(|s| s.status != ScopeAccess::Granted)
        .collect();
    (!missing.is_empty()).then(|| {
        view! {
            <div class="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                <p class="font-medium">"Scopes not granted"</p>
                <ul data-testid=ids::CLIENT_SCOPES_MISSING class="mt-1 list-disc pl-5">
                    {missing.into_iter().map(|s| {
                        let why = match (s.status, s.reason) {
                            (ScopeAccess::Rejected, Some(reason)) => format!("rejected: {reason}"),
                            (ScopeAccess::Rejected, None) => "rejected by an admin".to_owned(),
                            (_, _) => "waiting for an admin's approval".to_owned(),
                        };
                        view! { <li><span class="font-mono">{s.scope}</span>{format!(" — {why}")}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A client that authenticates with a secret but has no live one cannot
/// get a token yet: the way to its first secret.
#[component]
fn NotReady(href: String, can_write: bool) -> impl IntoView {
    view! {
        <section data-testid=ids::CLIENT_NOT_READY aria-labelledby="not-ready-heading"
            class="rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <h2 id="not-ready-heading" class="font-semibold">"Not ready: no live secret"</h2>
            <p class="mt-1 text-sm">"This client authenticates with a secret and has none that is live, so it cannot get tokens."</p>
            {if can_write {
                view! {
                    <a href=href class="mt-3 inline-block rounded-md bg-amber-700 px-3 py-2 text-sm font-semibold text-white hover:bg-amber-800 dark:bg-amber-600 dark:hover:bg-amber-500">
                        "Create its first secret"
                    </a>
                }.into_any()
            } else {
                view! { <p class="mt-1 text-sm">"A member who can change clients can create one."</p> }.into_any()
            }}
        </section>
    }
}

/// Where a client's code sends people and requests, with copy buttons.
#[component]
fn Endpoints(issuer: String) -> impl IntoView {
    let issuer = issuer.trim_end_matches('/').to_owned();
    let endpoints = [
        ("Issuer", "issuer", issuer.clone()),
        (
            "Discovery",
            "discovery URL",
            format!("{issuer}/.well-known/openid-configuration"),
        ),
        (
            "Authorization",
            "authorization URL",
            format!("{issuer}/oauth2/authorize"),
        ),
        ("Token", "token URL", format!("{issuer}/oauth2/token")),
        (
            "UserInfo",
            "UserInfo URL",
            format!("{issuer}/oauth2/userinfo"),
        ),
        ("JWKS", "JWKS URL", format!("{issuer}/oauth2/jwks")),
    ];
    view! {
        <section class=CARD aria-labelledby="endpoints-heading">
            <h2 id="endpoints-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Endpoints"</h2>
            <p class=format!("mt-1 {MUTED}")>"Most OpenID Connect libraries need only the issuer: they read the rest from discovery."</p>
            <dl data-testid=ids::CLIENT_ENDPOINTS class="mt-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[10rem_1fr]">
                {endpoints.into_iter().map(|(term, what, url)| view! {
                    <dt class=TERM>{term}</dt>
                    <dd class="flex min-w-0 flex-wrap items-center gap-2">
                        <code class="break-all font-mono text-gray-900 dark:text-gray-100">{url.clone()}</code>
                        <CopyButton text=url label=format!("Copy the {what}") />
                    </dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// The logo and page URLs, one per line, or what their absence means.
fn shown_to_end_users(links: &ClientLinks) -> String {
    let mut lines: Vec<String> = links
        .logo_uri
        .iter()
        .map(|logo| format!("Logo: {logo}"))
        .collect();
    lines.extend(
        links
            .pages()
            .into_iter()
            .map(|(label, uri)| format!("{label}: {uri}")),
    );
    if lines.is_empty() {
        "its name only (no logo or pages; add them under Settings)".to_owned()
    } else {
        lines.join("\n")
    }
}
