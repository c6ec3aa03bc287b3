//! The members tab: who belongs, with which role; owners change roles and
//! remove people, anyone may leave.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::{DANGER_BUTTON, SELECT, SMALL_BUTTON};
use crate::api::orgs::{RemoveMember, SetMemberRole, org_members};
use crate::components::{ErrorView, FormMessage, Session, format_date};
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
        // Local: see `history.rs`.
        LocalResource::new(move || {
            set_role.version().get();
            remove.version().get();
            org_members(org_id.clone())
        })
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
                        let select_id = format!("role-{}", m.account_id);
                        let (role_org, account_id) = (org_id.clone(), m.account_id.clone());
                        let role_label = format!("Role of {}", m.email);
                        let current = m.role;
                        let role_cell = if owner {
                            view! {
                                <ActionForm action=set_role attr:class="flex items-center gap-2">
                                    <input type="hidden" name="org_id" value=role_org.clone() />
                                    <input type="hidden" name="account_id" value=account_id.clone() />
                                    <label for=select_id.clone() class="sr-only">{role_label.clone()}</label>
                                    <select id=select_id.clone() name="role" data-testid=ids::MEMBER_ROLE class=SELECT>
                                        {ROLES.iter().map(|r| view! { <option value=r.as_str() selected=*r == current>{r.as_str()}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" class=SMALL_BUTTON data-testid=ids::MEMBER_SAVE_ROLE disabled=move || set_role.pending().get()>"Save role"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! { <span>{m.role.as_str()}</span> }.into_any()
                        };
                        let action_cell = (owner || is_me).then(|| {
                            let (label, test_id) = if is_me { ("Leave", ids::MEMBER_LEAVE) } else { ("Remove", ids::MEMBER_REMOVE) };
                            let aria = if is_me { "Leave this organisation".to_owned() } else { format!("Remove {}", m.email) };
                            let (org_id, account_id) = (org_id.clone(), m.account_id.clone());
                            view! {
                                <ActionForm action=remove>
                                    <input type="hidden" name="org_id" value=org_id.clone() />
                                    <input type="hidden" name="account_id" value=account_id.clone() />
                                    <button type="submit" class=DANGER_BUTTON data-testid=test_id aria-label=aria.clone() disabled=move || remove.pending().get()>{label}</button>
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
