//! The invitations tab: owners invite an address with a role; the link is
//! shown once; waiting invitations can be withdrawn.

use leptos::prelude::*;
use leptos::server::ServerAction;

use super::{DANGER_BUTTON, SELECT};
use crate::api::orgs::{InviteMember, RevokeInvitation, org_invitations};
use crate::components::{
    CopyButton, ErrorView, Field, FormErrors, FormMessage, answer, format_time, successes,
};
use crate::domain::{Email, Role};
use crate::ids;
use crate::model::{Invitation, NewInvitation};
use crate::pages::{BUTTON, CARD, MUTED};

#[component]
pub(super) fn InvitationsTab(org_id: String) -> impl IntoView {
    let invite = ServerAction::<InviteMember>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let error = FormErrors::of(invite);
    let invited = successes(invite);
    let pending = {
        let org_id = org_id.clone();
        // Drawn on the server: a page sent without the bundle
        // (`components::light_page`), whose forms post and come back; the
        // new link reaches it as a kept answer.
        Resource::new(
            move || (org_id.clone(), invited.get(), revoke.version().get()),
            |(org_id, _, _)| org_invitations(org_id),
        )
    };
    let created = answer(invite);
    let role_error = error.field("role");
    let form_org_id = org_id.clone();
    view! {
        <div class="space-y-6">
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Invite someone"</h2>
                <p class=format!("mt-1 {MUTED}")>
                    "You get a link to send them. It works once, for 7 days, and only for someone signed in with this address."
                </p>
                <ActionForm action=invite attr:data-testid=ids::INVITE_FORM attr:class="mt-4 grid max-w-xl gap-4">
                    <input type="hidden" name="org_id" value=form_org_id.clone() />
                    <Field name="email" label="Email address" kind="email" autocomplete="off" required=true
                        error=error.field("email") validate=|s: &str| Email::parse(s).map(|_| ()) />
                    <div class="space-y-1">
                        <label for="invite-role" class="block text-sm font-medium text-gray-900 dark:text-gray-100">"Role"</label>
                        <select id="invite-role" name="role" data-testid=ids::INVITE_ROLE class=format!("{SELECT} block w-full")>
                            {[Role::Developer, Role::Viewer, Role::Owner].iter().map(|r| view! {
                                <option value=r.as_str()>{format!("{} — {}", r.as_str(), r.explain())}</option>
                            }).collect_view()}
                        </select>
                        <p class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{role_error}</p>
                    </div>
                    <FormMessage error />
                    <div><button type="submit" class=BUTTON data-testid=ids::INVITE_SUBMIT disabled=move || invite.pending().get()>"Create invitation link"</button></div>
                </ActionForm>
                {move || created.get().map(|new| view! { <LinkShownOnce new /> })}
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Waiting invitations"</h2>
                <FormMessage error=Signal::derive(move || revoke.value().get().and_then(Result::err)) any_field=true />
                <Transition fallback=|| ()>
                    {move || {
                        let org_id = org_id.clone();
                        Suspend::new(async move {
                            match pending.await {
                                Ok(rows) if rows.is_empty() => view! { <p class=format!("mt-2 {MUTED}")>"None."</p> }.into_any(),
                                Ok(rows) => view! { <PendingTable rows org_id revoke /> }.into_any(),
                                Err(error) => view! { <ErrorView error /> }.into_any(),
                            }
                        })
                    }}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn LinkShownOnce(new: NewInvitation) -> impl IntoView {
    view! {
        <div role="status" class="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p class="font-semibold">{format!("Send this link to {}. It is shown only once.", new.invitation.email)}</p>
            <div class="mt-2 flex flex-wrap items-center gap-2">
                <code data-testid=ids::INVITE_LINK class="break-all rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100">{new.link.clone()}</code>
                <CopyButton text=new.link.clone() label="Copy invitation link" />
            </div>
            <p class="mt-2 text-sm">{format!("Role {} · expires {}", new.invitation.role.as_str(), format_time(new.invitation.expires_at))}</p>
        </div>
    }
}

#[component]
fn PendingTable(
    rows: Vec<Invitation>,
    org_id: String,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    view! {
        <div class="relative mt-2 overflow-x-auto">
            <table data-testid=ids::INVITATIONS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                <thead><tr class="text-gray-700 dark:text-gray-300">
                    <th scope="col" class="py-2 pr-4">"Email"</th>
                    <th scope="col" class="py-2 pr-4">"Role"</th>
                    <th scope="col" class="py-2 pr-4">"Invited by"</th>
                    <th scope="col" class="py-2 pr-4">"Expires"</th>
                    <th scope="col" class="py-2 pr-4"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                    {rows.into_iter().map(|i| {
                        let (org_id, invitation_id, label) = (org_id.clone(), i.invitation_id.clone(), format!("Withdraw the invitation for {}", i.email));
                        view! {
                        <tr class="align-middle text-gray-900 dark:text-gray-100">
                            <td class="py-2 pr-4 break-all">{i.email.clone()}</td>
                            <td class="py-2 pr-4">{i.role.as_str()}</td>
                            <td class="py-2 pr-4 break-all">{i.invited_by.clone()}</td>
                            <td class="py-2 pr-4 whitespace-nowrap">{format_time(i.expires_at)}</td>
                            <td class="py-2 pr-4">
                                <ActionForm action=revoke>
                                    <input type="hidden" name="org_id" value=org_id.clone() />
                                    <input type="hidden" name="invitation_id" value=invitation_id.clone() />
                                    <button type="submit" class=DANGER_BUTTON data-testid=ids::INVITATION_REVOKE
                                        aria-label=label.clone()>"Withdraw"</button>
                                </ActionForm>
                            </td>
                        </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
