//! The account page's "Programs you confirmed": the client drafts a person
//! answered for their organisation's software, with a way to take a
//! confirmation back.

use leptos::prelude::*;
use leptos::server::ServerAction;

use crate::api::confirm::{WithdrawConfirmation, answered_drafts};
use crate::components::{
    ConfirmDialog, ConfirmLinks, ConfirmOpen, Confirmation, ErrorView, FormErrors, LocalTime,
    Pager, ShortClientId, href_with, open_confirmation, org_label, query_param, successes,
};
use crate::ids;
use crate::model::{AnsweredDraft, ScopeCounts, Standing};
use crate::pages::clients::StatusBadge;
use crate::pages::{CARD, MUTED};

#[component]
pub fn AnsweredDrafts() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawConfirmation>::new();
    let withdrawn = successes(withdraw);
    // A page at a time: `/account?drafts_after=`.
    let after_param = query_param("drafts_after");
    let after = move || after_param.get();
    let drafts = Resource::new(
        move || (after(), withdrawn.get()),
        |(after, _)| answered_drafts(after),
    );
    let (links, open) = (ConfirmLinks::current(), open_confirmation());
    view! {
        <section class=CARD aria-labelledby="drafts-heading">
            <h2 id="drafts-heading" class="text-lg font-semibold text-gray-900 dark:text-white">"Programs you confirmed"</h2>
            <p class=format!("mt-1 {MUTED}")>"Clients that software asked you to confirm for your organisation. Withdrawing a confirmation stops the client at once; its developers are told."</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match drafts.await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) if page.rows.is_empty() && after().is_none() => view! {
                            <p data-testid=ids::DRAFTS_EMPTY class=format!("mt-4 {MUTED}")>"You have not answered any program's request."</p>
                        }.into_any(),
                        Ok(page) => {
                            let first = after().map(|_| "/account".to_owned());
                            let next = page.next_after.as_ref().map(|a| href_with("/account", &[("drafts_after", Some(a))]));
                            view! {
                                <ul data-testid=ids::DRAFTS_TABLE class="mt-4 divide-y divide-gray-200 dark:divide-gray-800">
                                    {page.rows.into_iter().map(|d| view! { <DraftItem draft=d links=links.get() /> }).collect_view()}
                                </ul>
                                <Pager label="programs" first next next_testid=ids::DRAFTS_NEXT />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || {
                    let open = open.get().filter(|(action, _)| action == WITHDRAW);
                    Suspend::new(async move {
                        let (_, id) = open?;
                        let draft = drafts.await.ok()?.rows.into_iter().find(|d| d.client_id == id)?;
                        draft.withdrawable().then(|| view! {
                            <WithdrawDialog draft withdraw close=links.get_untracked().close() />
                        })
                    })
                }}
            </Transition>
        </section>
    }
}

/// The confirmation that withdraws a confirmation.
const WITHDRAW: &str = "withdraw";

#[component]
fn DraftItem(draft: AnsweredDraft, links: ConfirmLinks) -> impl IntoView {
    let standing = Standing {
        status: draft.status,
        scopes: ScopeCounts::default(),
    };
    let by = format!(
        "{} by {}",
        draft.system_name,
        org_label(&draft.org_name, draft.org_number.as_deref())
    );
    let action = draft.withdrawable().then(|| {
        let aria_label = format!("Withdraw confirmation of {}", draft.client_name);
        view! { <ConfirmOpen href=links.open(WITHDRAW, &draft.client_id) label="Withdraw" aria_label /> }
    });
    let (name, id, reason) = (draft.client_name, draft.client_id, draft.status_reason);
    view! {
        <li class="flex flex-wrap items-start justify-between gap-4 py-3">
            <div class="min-w-0">
                <p class="font-medium text-gray-900 dark:text-gray-100">{name} " " <StatusBadge standing /></p>
                <p class=MUTED>{by}</p>
                <p class=MUTED>"Answered " <LocalTime secs=draft.answered_at /> " · " <ShortClientId id /></p>
                {reason.map(|r| view! { <p class=MUTED>{r}</p> })}
            </div>
            {action}
        </li>
    }
}

#[component]
fn WithdrawDialog(
    draft: AnsweredDraft,
    withdraw: ServerAction<WithdrawConfirmation>,
    close: String,
) -> impl IntoView {
    let confirmation = Confirmation {
        question: format!("Withdraw your confirmation of {}?", draft.client_name),
        consequence: format!(
            "{} stops getting tokens at once, and {} is told. To use it again, the program must ask for a new confirmation.",
            draft.client_name, draft.system_name
        ),
        verb: "Withdraw".into(),
    };
    view! {
        <ActionForm action=withdraw>
            <ConfirmDialog confirmation close successes=successes(withdraw) error=FormErrors::of(withdraw)>
                <input type="hidden" name="client_id" value=draft.client_id />
            </ConfirmDialog>
        </ActionForm>
    }
}
