//! The members tab: who belongs, with which role; owners change roles and
//! remove people, anyone may leave.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::{DANGER_BUTTON, SMALL_BUTTON};
use crate::api::orgs::{RemoveMember, SetMemberRole, org_members};
use crate::components::{
    ConfirmButton, Confirmation, ErrorView, FormMessage, Session, format_date,
};
use crate::domain::Role;
use crate::ids;
use crate::model::Member;
use crate::pages::CARD;

const ROLES: [Role; 3] = [Role::Owner, Role::Developer, Role::Viewer];

#[component]
pub(super) fn MembersTab(org_id: String, owner: bool, me: String) -> impl IntoView {
    let set_role = ServerAction::<SetMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let session = Session::get();
    // Changing one's own role or leaving changes what the pages offer.
    session.refresh_on_success(move || {
        matches!(set_role.value().get(), Some(Ok(_))) || matches!(remove.value().get(), Some(Ok(_)))
    });
    let members = {
        let org_id = org_id.clone();
        // Drawn on the server: a page sent without the bundle
        // (`components::light_page`), whose forms post and come back.
        Resource::new(
            move || {
                (
                    org_id.clone(),
                    set_role.version().get(),
                    remove.version().get(),
                )
            },
            |(org_id, _, _)| org_members(org_id),
        )
    };
    view! {
        <section class=CARD>
            <FormMessage error=Signal::derive(move || set_role.value().get().and_then(Result::err)) any_field=true />
            <FormMessage error=Signal::derive(move || remove.value().get().and_then(Result::err)) any_field=true />
            <Transition fallback=|| ()>
                {move || {
                    let (org_id, me) = (org_id.clone(), me.clone());
                    Suspend::new(async move {
                        match members.await {
                            Ok(rows) => view! { <MemberTable rows org_id owner me set_role remove /> }.into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn MemberTable(
    rows: Vec<Member>,
    org_id: String,
    owner: bool,
    me: String,
    set_role: ServerAction<SetMemberRole>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    view! {
        <div class="relative overflow-x-auto">
            <table data-testid=ids::MEMBERS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Member"</th>
                    <th scope="col" class="py-2 pr-4">"Role"</th>
                    <th scope="col" class="py-2 pr-4">"Joined"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|m| {
                        let is_me = m.account_id == me;
                        let (role_org, account_id) = (org_id.clone(), m.account_id.clone());
                        let current = m.role;
                        let role_cell = if owner {
                            let confirmation = Confirmation {
                                question: format!("Change the role of {}?", m.email),
                                consequence: "The new role applies at once, on every page and API call of this organisation.".into(),
                                verb: "Change role".into(),
                            };
                            let change_label = format!("Change the role of {}", m.email);
                            let change_key = format!("role-{}", m.account_id);
                            let radio_prefix = format!("role-{}", m.account_id);
                            view! {
                                <ActionForm action=set_role attr:class="flex flex-wrap items-center gap-2">
                                    <input type="hidden" name="org_id" value=role_org.clone() />
                                    <input type="hidden" name="account_id" value=account_id.clone() />
                                    <span>{current.as_str()}</span>
                                    <ConfirmButton label="Change" aria_label=change_label
                                        key=change_key class=SMALL_BUTTON confirmation
                                        disabled=Signal::derive(move || set_role.pending().get())>
                                        <fieldset>
                                            <legend class="text-sm font-medium">"Role"</legend>
                                            {ROLES.iter().map(|r| {
                                                let id = format!("{radio_prefix}-{}", r.as_str());
                                                view! {
                                                    <div class="mt-2 flex items-start gap-2">
                                                        <input type="radio" id=id.clone() name="role" value=r.as_str() checked=*r == current required class="mt-1" />
                                                        <label for=id class="text-sm">
                                                            <span class="font-medium">{r.as_str()}</span>
                                                            <span class="block text-gray-600 dark:text-gray-300">{r.explain()}</span>
                                                        </label>
                                                    </div>
                                                }
                                            }).collect_view()}
                                        </fieldset>
                                    </ConfirmButton>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! { <span>{m.role.as_str()}</span> }.into_any()
                        };
                        let action_cell = (owner || is_me).then(|| {
                            let (label, verb) = if is_me { ("Leave", "Leave organisation") } else { ("Remove", "Remove member") };
                            let aria = if is_me { "Leave this organisation".to_owned() } else { format!("Remove {}", m.email) };
                            let confirmation = if is_me {
                                Confirmation {
                                    question: "Leave this organisation?".into(),
                                    consequence: "You lose access to its clients, systems and history at once; an owner must invite you to come back.".into(),
                                    verb: verb.into(),
                                }
                            } else {
                                Confirmation {
                                    question: format!("Remove {}?", m.email),
                                    consequence: "They lose access to this organisation\u{2019}s clients, systems and history at once. The clients stay; an owner can invite them again.".into(),
                                    verb: verb.into(),
                                }
                            };
                            let (org_id, account_id) = (org_id.clone(), m.account_id.clone());
                            view! {
                                <ActionForm action=remove>
                                    <input type="hidden" name="org_id" value=org_id.clone() />
                                    <input type="hidden" name="account_id" value=account_id.clone() />
                                    <ConfirmButton label aria_label=aria key=format!("remove-{account_id}") class=DANGER_BUTTON confirmation
                                        disabled=Signal::derive(move || remove.pending().get()) />
                                </ActionForm>
                            }
                        });
                        view! {
                            <tr class="align-middle text-gray-900 dark:text-gray-100">
                                <td class="py-2 pr-4">
                                    <div>{m.display_name.clone()}{is_me.then_some(" (you)")}</div>
                                    <div class="text-xs text-gray-600 dark:text-gray-300">{m.email.clone()}</div>
                                </td>
                                <td class="py-2 pr-4">{role_cell}</td>
                                <td class="py-2 pr-4 whitespace-nowrap">{format_date(m.joined_at)}</td>
                                <td class="py-2 pr-4">{action_cell}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
