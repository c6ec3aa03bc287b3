use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::admin_sign_in_policy::SignInPolicyCard;
use super::{H1, MUTED};
use crate::api::admin::{
    EndAccountSessions, ResetTwoStep, SetAccountDisabled, SetRoles, list_accounts,
};
use crate::components::{
    ConfirmDialog, ConfirmLinks, ConfirmOpen, Confirmation, ErrorView, FormErrors, FormMessage,
    LocalTime, Pager, RequireAdmin, SearchForm, SortLinks, href_with, open_confirmation,
    query_param, successes,
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
/// pages on, `?confirm=` asks before a change; all live in the address, so
/// reload, back and a shared link show the same page.
#[component]
fn AccountsTable() -> impl IntoView {
    let actions = AccountActions {
        set_roles: ServerAction::new(),
        set_disabled: ServerAction::new(),
        end_sessions: ServerAction::new(),
        reset_two_step: ServerAction::new(),
    };
    let links = ConfirmLinks::current();
    let (q_param, sort_param, after_param) =
        (query_param("q"), query_param("sort"), query_param("after"));
    let q = move || q_param.get().unwrap_or_default();
    let sort = move || sort_param.get();
    let order = move || AccountOrder::parse(sort().as_deref()).unwrap_or_default();
    let after = move || after_param.get();
    let open = open_confirmation();
    let accounts = Resource::new(
        move || {
            (
                q(),
                sort(),
                after(),
                actions.set_roles.version().get(),
                actions.set_disabled.version().get(),
                actions.end_sessions.version().get(),
                actions.reset_two_step.version().get(),
            )
        },
        |(q, sort, after, ..)| list_accounts(Some(q), sort, after),
    );
    view! {
        <div class="space-y-4">
            <h1 class=H1>"Accounts"</h1>
            <p class=MUTED>"Developers can register OAuth clients; admins can also manage accounts. Every admin is a developer."</p>
            <SearchForm action="/admin/accounts" id="accounts-q" label="Email or name contains" value=Signal::derive(q)
                testid=ids::ACCOUNTS_SEARCH clear=("/admin/accounts", "All accounts") sort=Signal::derive(move || order().in_link()) />
            {move || view! { <SortLinks base="/admin/accounts" current=order() q=q() testid=ids::ACCOUNTS_SORT /> }}
            <FormMessage error=FormErrors::of(actions.set_disabled) />
            <Transition fallback=|| ()>
                // What the rows need from the address is read here, not
                // after the wait: on the server the page may be drawn
                // again meanwhile, and this drawing's signals be gone.
                {move || {
                    let (q, order, after, links) = (q(), order(), after(), links.get());
                    Suspend::new(async move {
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
                                            <th scope="col" class="py-2 pr-4">"Two-step"</th>
                                            <th scope="col" class="py-2 pr-4">"Sign-in"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                        {page.accounts.into_iter().map(|row| view! { <AccountRow row actions links=links.clone() /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager label="accounts" testid=ids::ACCOUNTS_PAGER next_testid=ids::ACCOUNTS_NEXT
                                first=after.map(|_| href_with("/admin/accounts", &[("q", Some(&q)), ("sort", order.in_link())]))
                                next=page.next_after.map(|a| href_with("/admin/accounts", &[("q", Some(&q)), ("sort", order.in_link()), ("after", Some(&a))])) />
                        }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                    })
                }}
            </Transition>
            <Transition fallback=|| ()>
                {move || {
                    let (open, close) = (open.get(), links.with_untracked(ConfirmLinks::close));
                    Suspend::new(async move {
                        let (action, id) = open?;
                        let row = accounts.await.ok()?.accounts.into_iter().find(|r| r.account_id == id)?;
                        account_dialog(&action, row, actions, close)
                    })
                }}
            </Transition>
            <SignInPolicyCard />
        </div>
    }
}

#[derive(Clone, Copy)]
struct AccountActions {
    set_roles: ServerAction<SetRoles>,
    set_disabled: ServerAction<SetAccountDisabled>,
    end_sessions: ServerAction<EndAccountSessions>,
    reset_two_step: ServerAction<ResetTwoStep>,
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

/// The role a confirmation changes (`grant-admin`, `remove-developer`).
fn role_action(role: &str, on: bool) -> String {
    format!("{}-{role}", if on { "remove" } else { "grant" })
}

#[component]
fn AccountRow(row: AccountSummary, actions: AccountActions, links: ConfirmLinks) -> impl IntoView {
    // Each role cell shows the state and a link that asks to flip it.
    let role_cell = |role: &'static str, on: bool, row: &AccountSummary| {
        let (verb, preposition) = if on {
            ("Remove", "from")
        } else {
            ("Grant", "to")
        };
        let href = links.open(&role_action(role, on), &row.account_id);
        view! {
            <div class="flex items-center gap-2">
                <span class="w-8">{if on { "Yes" } else { "No" }}</span>
                <ConfirmOpen href label=verb class=SMALL
                    aria_label=format!("{verb} {role} role {preposition} {}", row.display_name) />
            </div>
        }
    };
    let developer_cell = role_cell("developer", row.is_developer, &row);
    let admin_cell = role_cell("admin", row.is_admin, &row);
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
            <td class="py-2 pr-4">{two_step_cell(&row, &links)}</td>
            <td class="py-2 pr-4"><Standing row actions links=links.clone() /></td>
        </tr>
    }
}

/// "Allowed" with a link that asks before disabling, or "Disabled" with
/// Enable (at once).
#[component]
fn Standing(row: AccountSummary, actions: AccountActions, links: ConfirmLinks) -> impl IntoView {
    let control = if row.disabled {
        view! {
            <ActionForm action=actions.set_disabled>
                <input type="hidden" name="account_id" value=row.account_id.clone() />
                <input type="hidden" name="disabled" value="false" />
                <button type="submit" class=SMALL aria-label=format!("Enable {}", row.display_name)>"Enable"</button>
            </ActionForm>
        }
        .into_any()
    } else {
        let (disable, sign_out) = (
            links.open("disable", &row.account_id),
            links.open(SIGN_OUT, &row.account_id),
        );
        let signed_in = row.live_sessions > 0;
        view! {
            <ConfirmOpen href=disable label="Disable" aria_label=format!("Disable {}", row.display_name) />
            {signed_in.then(|| view! {
                <ConfirmOpen href=sign_out label="Sign out" class=SMALL aria_label=format!("Sign out {} everywhere", row.display_name) />
            })}
        }
        .into_any()
    };
    view! {
        <div class="flex items-center gap-2">
            <span class=if row.disabled { "font-medium text-red-800 dark:text-red-200" } else { "" }>
                {if row.disabled { "Disabled" } else { "Allowed" }}
            </span>
            {control}
        </div>
    }
}

/// The confirmation that ends every session of an account.
const SIGN_OUT: &str = "sign-out";
/// The confirmation that removes an account's authenticator app and
/// passkeys.
const RESET_TWO_STEP: &str = "reset-two-step";

/// "On" with a link that asks before resetting it, or "Off".
fn two_step_cell(row: &AccountSummary, links: &ConfirmLinks) -> AnyView {
    if !row.two_step {
        return "Off".into_any();
    }
    let href = links.open(RESET_TWO_STEP, &row.account_id);
    view! {
        <div class="flex items-center gap-2">
            <span>"On"</span>
            <ConfirmOpen href label="Reset" class=SMALL
                aria_label=format!("Reset two-step sign-in of {}", row.display_name) />
        </div>
    }
    .into_any()
}

/// The dialog of `action` for `row`, while it still applies (granting a
/// role the account has, or disabling a disabled one, shows nothing).
fn account_dialog(
    action: &str,
    row: AccountSummary,
    actions: AccountActions,
    close: String,
) -> Option<AnyView> {
    let account_id = row.account_id.clone();
    if action == SIGN_OUT {
        if row.live_sessions == 0 {
            return None;
        }
        let sessions = match row.live_sessions {
            1 => "The browser signed in".to_owned(),
            n => format!("All {n} browsers signed in"),
        };
        let confirmation = Confirmation {
            question: format!("Sign {} out everywhere?", row.email),
            consequence: format!(
                "{sessions} to the account must sign in again. The apps it allowed keep their access; to stop everything, disable the account."
            ),
            verb: "Sign out everywhere".into(),
        };
        let action = actions.end_sessions;
        return Some(view! {
            <ActionForm action>
                <ConfirmDialog confirmation close successes=successes(action) error=FormErrors::of(action)>
                    <input type="hidden" name="account_id" value=account_id />
                </ConfirmDialog>
            </ActionForm>
        }
        .into_any());
    }
    if action == RESET_TWO_STEP {
        if !row.two_step {
            return None;
        }
        let confirmation = Confirmation {
            question: format!("Reset two-step sign-in of {}?", row.email),
            consequence: "Their authenticator app, recovery codes and passkeys stop working, and signing in asks for their password only until they set up an app or add a passkey again. Do this only when you know who is asking (a lost phone and lost codes); they are told by email.".into(),
            verb: "Reset two-step sign-in".into(),
        };
        let action = actions.reset_two_step;
        return Some(view! {
            <ActionForm action>
                <ConfirmDialog confirmation close successes=successes(action) error=FormErrors::of(action)>
                    <input type="hidden" name="account_id" value=account_id />
                </ConfirmDialog>
            </ActionForm>
        }
        .into_any());
    }
    if action == "disable" {
        if row.disabled {
            return None;
        }
        let confirmation = Confirmation {
            question: format!("Disable {}?", row.email),
            consequence: "They are signed out everywhere and cannot sign in; every app they allowed loses its refresh tokens. Their clients and organisations stay. You can enable the account again.".into(),
            verb: "Disable account".into(),
        };
        let action = actions.set_disabled;
        return Some(view! {
            <ActionForm action>
                <ConfirmDialog confirmation close successes=successes(action) error=FormErrors::of(action)>
                    <input type="hidden" name="account_id" value=account_id />
                    <input type="hidden" name="disabled" value="true" />
                </ConfirmDialog>
            </ActionForm>
        }
        .into_any());
    }
    let (role, on) = [("developer", row.is_developer), ("admin", row.is_admin)]
        .into_iter()
        .find(|&(role, on)| role_action(role, on) == action)?;
    // Every admin is a developer, so removing the developer role removes
    // admin too, and granting admin grants developer.
    let (developer, admin) = if role == "developer" {
        (!on, row.is_admin && !on)
    } else {
        (row.is_developer || !on, !on)
    };
    let (verb, preposition) = if on {
        ("Remove", "from")
    } else {
        ("Grant", "to")
    };
    let confirmation = Confirmation {
        question: format!("{verb} the {role} role {preposition} {}?", row.email),
        consequence: role_consequence(role, on).to_owned(),
        verb: format!("{verb} {role} role"),
    };
    let action = actions.set_roles;
    Some(
        view! {
            <ActionForm action>
                <ConfirmDialog confirmation close successes=successes(action) error=FormErrors::of(action)>
                    <input type="hidden" name="account_id" value=account_id />
                    <input type="hidden" name="developer" value=developer.to_string() />
                    <input type="hidden" name="admin" value=admin.to_string() />
                </ConfirmDialog>
            </ActionForm>
        }
        .into_any(),
    )
}
