use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{H1, MUTED};
use crate::api::admin::{SetAccountDisabled, SetRoles, list_accounts};
use crate::components::{
    ConfirmButton, Confirmation, ErrorView, FormErrors, FormMessage, LocalTime, Pager,
    RequireAdmin, SearchForm, SortLinks, href_with,
};
use crate::ids;
use crate::model::{AccountOrder, AccountSummary, ListOrder};

/// `/admin/accounts`: every account with its roles, last sign-in and
/// standing; admins switch roles and disable or enable accounts.
#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    view! {
        <Title text="Accounts" />
        <RequireAdmin children=|| view! { <AccountsTable /> } />
    }
}

/// `?q=` searches, `?sort=` orders (by email or newest first), `?after=`
/// pages on; all live in the address, so reload, back and a shared link
/// show the same page.
#[component]
fn AccountsTable() -> impl IntoView {
    let actions = AccountActions {
        set_roles: ServerAction::new(),
        set_disabled: ServerAction::new(),
    };
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q")).unwrap_or_default();
    let sort = move || query.with(|p| p.get("sort"));
    let order = move || AccountOrder::parse(sort().as_deref()).unwrap_or_default();
    let after = move || query.with(|p| p.get("after"));
    let accounts = Resource::new(
        move || {
            (
                q(),
                sort(),
                after(),
                actions.set_roles.version().get(),
                actions.set_disabled.version().get(),
            )
        },
        |(q, sort, after, _, _)| list_accounts(Some(q), sort, after),
    );
    view! {
        <div class="space-y-4">
            <h1 class=H1>"Accounts"</h1>
            <p class=MUTED>"Developers can register OAuth clients; admins can also manage accounts. Every admin is a developer."</p>
            <SearchForm action="/admin/accounts" id="accounts-q" label="Email or name contains" value=Signal::derive(q)
                testid=ids::ACCOUNTS_SEARCH clear=("/admin/accounts", "All accounts") sort=Signal::derive(move || order().in_link()) />
            {move || view! { <SortLinks base="/admin/accounts" current=order() q=q() testid=ids::ACCOUNTS_SORT /> }}
            <FormMessage error=FormErrors::of(actions.set_roles) />
            <FormMessage error=FormErrors::of(actions.set_disabled) />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(page) if page.accounts.is_empty() => view! {
                            <p class=MUTED>"No account matches."</p>
                        }.into_any(),
                        Ok(page) => view! {
                            <div class="relative overflow-x-auto">
                                <table data-testid=ids::ACCOUNTS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                                    <thead>
                                        <tr class="text-gray-700 dark:text-gray-300">
                                            <th scope="col" class="py-2 pr-4">"Name"</th>
                                            <th scope="col" class="py-2 pr-4">"Email"</th>
                                            <th scope="col" class="py-2 pr-4">"Developer"</th>
                                            <th scope="col" class="py-2 pr-4">"Admin"</th>
                                            <th scope="col" class="py-2 pr-4">"Last sign-in"</th>
                                            <th scope="col" class="py-2 pr-4">"Sign-in"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                        {page.accounts.into_iter().map(|row| view! { <AccountRow row actions /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager label="accounts" testid=ids::ACCOUNTS_PAGER next_testid=ids::ACCOUNTS_NEXT
                                first=after().map(|_| href_with("/admin/accounts", &[("q", Some(&q())), ("sort", order().in_link())]))
                                next=page.next_after.map(|a| href_with("/admin/accounts", &[("q", Some(&q())), ("sort", order().in_link()), ("after", Some(&a))])) />
                        }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[derive(Clone, Copy)]
struct AccountActions {
    set_roles: ServerAction<SetRoles>,
    set_disabled: ServerAction<SetAccountDisabled>,
}

const SMALL: &str = "rounded-md border border-gray-400 px-2 py-1 text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

/// What granting or removing a role does, for its confirmation.
fn role_consequence(role: &str, on: bool) -> &'static str {
    match (role, on) {
        ("admin", false) => {
            "They can then manage every account, client, scope and signing key on this Portico."
        }
        ("admin", true) => {
            "They can no longer manage accounts, clients, scopes or keys; they stay a developer."
        }
        (_, false) => {
            "They get a personal organisation and can register clients and client systems."
        }
        (_, true) => {
            "They can no longer register or change clients (and lose the admin role too); their clients stay."
        }
    }
}

#[component]
fn AccountRow(row: AccountSummary, actions: AccountActions) -> impl IntoView {
    let set_roles = actions.set_roles;
    // Each role cell shows the state and one button that flips it. Every
    // admin is a developer, so removing the developer role removes admin too.
    let role_cell =
        move |role: &'static str, on: bool, developer: bool, admin: bool, row: &AccountSummary| {
            let (verb, preposition) = if on {
                ("Remove", "from")
            } else {
                ("Grant", "to")
            };
            let label = format!("{verb} {role} role {preposition} {}", row.display_name);
            let account_id = row.account_id.clone();
            let confirmation = Confirmation {
                question: format!("{verb} the {role} role {preposition} {}?", row.email),
                consequence: role_consequence(role, on).to_owned(),
                verb: format!("{verb} {role} role"),
            };
            let key = format!("{role}-{account_id}");
            view! {
                <div class="flex items-center gap-2">
                    <span class="w-8">{if on { "Yes" } else { "No" }}</span>
                    <ActionForm action=set_roles>
                        <input type="hidden" name="account_id" value=account_id />
                        <input type="hidden" name="developer" value=developer.to_string() />
                        <input type="hidden" name="admin" value=admin.to_string() />
                        <ConfirmButton label=verb aria_label=label key class=SMALL confirmation />
                    </ActionForm>
                </div>
            }
        };
    let developer_cell = role_cell(
        "developer",
        row.is_developer,
        !row.is_developer,
        row.is_admin && !row.is_developer,
        &row,
    );
    let admin_cell = role_cell(
        "admin",
        row.is_admin,
        row.is_developer || !row.is_admin,
        !row.is_admin,
        &row,
    );
    view! {
        <tr class="text-gray-900 dark:text-gray-100">
            <td class="py-2 pr-4">{row.display_name.clone()}</td>
            <td class="py-2 pr-4">{row.email.clone()}</td>
            <td class="py-2 pr-4">{developer_cell}</td>
            <td class="py-2 pr-4">{admin_cell}</td>
            <td class="py-2 pr-4 whitespace-nowrap">{match row.last_sign_in_at {
                Some(at) => view! { <LocalTime secs=at /> }.into_any(),
                None => "never".into_any(),
            }}</td>
            <td class="py-2 pr-4"><Standing row=row.clone() set_disabled=actions.set_disabled /></td>
        </tr>
    }
}

/// "Allowed" with Disable (after a confirmation), or "Disabled" with Enable.
#[component]
fn Standing(row: AccountSummary, set_disabled: ServerAction<SetAccountDisabled>) -> impl IntoView {
    let account_id = row.account_id.clone();
    let control = if row.disabled {
        view! {
            <button type="submit" class=SMALL aria-label=format!("Enable {}", row.display_name)>"Enable"</button>
        }
        .into_any()
    } else {
        let confirmation = Confirmation {
            question: format!("Disable {}?", row.email),
            consequence: "They are signed out everywhere and cannot sign in; every app they allowed loses its refresh tokens. Their clients and organisations stay. You can enable the account again.".into(),
            verb: "Disable account".into(),
        };
        view! {
            <ConfirmButton label="Disable" aria_label=format!("Disable {}", row.display_name)
                key=format!("disable-{account_id}") confirmation />
        }
        .into_any()
    };
    view! {
        <div class="flex items-center gap-2">
            <span class=if row.disabled { "font-medium text-red-800 dark:text-red-200" } else { "" }>
                {if row.disabled { "Disabled" } else { "Allowed" }}
            </span>
            <ActionForm action=set_disabled>
                <input type="hidden" name="account_id" value=account_id />
                <input type="hidden" name="disabled" value=(!row.disabled).to_string() />
                {control}
            </ActionForm>
        </div>
    }
}
