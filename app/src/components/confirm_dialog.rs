//! "Are you sure?" for the rows of a list, kept in the address: a row's
//! button is a link to the same page with `?confirm=<action>.<row>`, and
//! the page then shows one dialog, for that row, with the form that does
//! it. So a table of fifty rows carries fifty short links, not fifty
//! dialogs, and it works the same without JavaScript (the link loads the
//! page with the dialog open; the form posts and comes back).
//!
//! A page shows the dialog only while the action still applies to the row
//! ("disable" to an account that is allowed): after the form is sent, the
//! same address shows the list without it, even without JavaScript.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use super::confirm::{CANCEL, DANGER, DANGER_SOLID};
use super::{Confirmation, FormMessage, percent_encode};
use crate::error::AppError;
use crate::ids;

/// The query parameter naming the open confirmation.
const PARAM: &str = "confirm";

/// One parameter of the address (`?q=`), changing only when it does, so
/// what reads it is not redrawn when another parameter (`?confirm=`)
/// changes.
pub fn query_param(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

/// The confirmation open on this page (`?confirm=`), split at its first
/// dot into the action and the row it is for.
pub fn open_confirmation() -> Memo<Option<(String, String)>> {
    let value = query_param(PARAM);
    Memo::new(move |_| {
        value.with(|v| {
            let (action, row) = v.as_deref()?.split_once('.')?;
            Some((action.to_owned(), row.to_owned()))
        })
    })
}

/// Addresses that open and close a confirmation on the current page,
/// keeping its search, sort and page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmLinks {
    here: String,
}

impl ConfirmLinks {
    /// The current page's links; they change only when something other
    /// than the open confirmation changes in the address.
    pub fn current() -> Memo<Self> {
        let location = use_location();
        Memo::new(move |_| {
            let mut query = location.query.get();
            query.remove(PARAM);
            Self::at(&location.pathname.get(), &query.to_query_string())
        })
    }

    /// `path` with `query` (`""` or `?a=b…`, without `confirm`).
    pub fn at(path: &str, query: &str) -> Self {
        Self {
            here: format!("{path}{query}"),
        }
    }

    /// Opens the confirmation of `action` for `row`.
    pub fn open(&self, action: &str, row: &str) -> String {
        let sep = if self.here.contains('?') { '&' } else { '?' };
        let value = percent_encode(&format!("{action}.{row}"), b"");
        format!("{}{sep}{PARAM}={value}", self.here)
    }

    /// This page without a confirmation.
    pub fn close(&self) -> String {
        self.here.clone()
    }
}

/// A row's button that opens its confirmation: a link to `href` (from
/// `ConfirmLinks::open`), red unless `class` says otherwise.
#[component]
pub fn ConfirmOpen(
    href: String,
    #[prop(into)] label: String,
    /// Its accessible name, which says which row it is for.
    aria_label: String,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <a href=href data-noscroll="" aria-label=aria_label class=class.unwrap_or(DANGER)>{label}</a>
    }
}

/// The dialog of the open confirmation. It sits inside the form it
/// sends; `children` are the form's fields (hidden ones, and any the
/// dialog asks for, such as a reason). Cancel and Escape lead to `close`,
/// and so does each success of the form's action (`successes`).
#[component]
pub fn ConfirmDialog(
    confirmation: Confirmation,
    #[prop(into)] close: String,
    successes: Signal<usize>,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let leave = {
        let close = close.clone();
        move || {
            use_navigate()(
                &close,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        }
    };
    show_modal_once_mounted(dialog);
    let on_success = leave.clone();
    Effect::watch(move || successes.get(), move |_, _, _| on_success(), false);
    view! {
        <div class="fixed inset-0 z-40 bg-gray-900/50" aria-hidden="true"></div>
        <dialog open node_ref=dialog role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text"
            data-testid=ids::DIALOG
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    leave();
                }
            }
            class="fixed inset-0 z-50 m-auto h-fit w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-gray-300 bg-white p-6 text-left text-gray-900 shadow-xl backdrop:bg-transparent dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100">
            <h2 id="confirm-title" class="text-lg font-semibold [overflow-wrap:anywhere]">{confirmation.question}</h2>
            <p id="confirm-text" class="mt-2 text-sm text-gray-700 dark:text-gray-300">{confirmation.consequence}</p>
            <div class="mt-4 empty:hidden">{children()}</div>
            <FormMessage error any_field=true />
            <div class="mt-6 flex flex-wrap justify-end gap-2">
                <a href=close data-noscroll="" autofocus class=CANCEL>"Cancel"</a>
                <button type="submit" data-testid=ids::DIALOG_CONFIRM class=DANGER_SOLID>
                    {confirmation.verb}
                </button>
            </div>
        </dialog>
    }
}

/// The server sends the dialog open (shown above the page without
/// JavaScript); in the browser it becomes modal: the page behind cannot be
/// reached, and focus starts on Cancel.
fn show_modal_once_mounted(dialog: NodeRef<leptos::html::Dialog>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = dialog.get()
            && !el.matches(":modal").unwrap_or(false)
        {
            el.close();
            let _ = el.show_modal();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = dialog;
}

#[cfg(test)]
mod tests {
    use super::ConfirmLinks;

    #[test]
    fn links_keep_the_page_and_add_or_drop_the_confirmation() {
        let plain = ConfirmLinks::at("/admin/accounts", "");
        assert_eq!(
            plain.open("disable", "a.b c"),
            "/admin/accounts?confirm=disable.a.b%20c"
        );
        let paged = ConfirmLinks::at("/admin/accounts", "?q=ann&after=x");
        assert_eq!(
            paged.open("admin", "1"),
            "/admin/accounts?q=ann&after=x&confirm=admin.1"
        );
        assert_eq!(paged.close(), "/admin/accounts?q=ann&after=x");
    }
}
