//! "Are you sure?" for actions that cannot be taken back: the button opens a
//! dialog that names the thing and what will happen, and only the dialog's
//! own button submits the form around it.
//!
//! The dialog is an HTML popover opened by `popovertarget`, so it works
//! before the WebAssembly has loaded and without it; Escape or "Cancel"
//! closes it and nothing is sent.

use leptos::prelude::*;

use crate::ids;

pub(super) const DANGER: &str = "rounded-md border border-red-600 px-2 py-1 text-sm text-red-800 hover:bg-red-50 focus:outline-none focus:ring-2 focus:ring-red-600 dark:text-red-200 dark:hover:bg-red-950";
pub(super) const DANGER_SOLID: &str = "rounded-md bg-red-700 px-3 py-2 text-sm font-semibold text-white hover:bg-red-800 focus:outline-none focus:ring-2 focus:ring-red-600 focus:ring-offset-2 dark:focus:ring-offset-gray-900";
pub(super) const CANCEL: &str = "rounded-md border border-gray-400 px-3 py-2 text-sm text-gray-900 hover:bg-gray-100 focus:outline-none focus:ring-2 focus:ring-indigo-600 dark:border-gray-600 dark:text-gray-100 dark:hover:bg-gray-800";

/// What a confirmation says: the question, the consequence and the verb on
/// its button ("Revoke secret").
#[derive(Clone, Debug)]
pub struct Confirmation {
    pub question: String,
    pub consequence: String,
    pub verb: String,
}

/// A button that asks before it submits the form it sits in. `key` makes
/// the dialog's element ids unique on the page; `children` are fields the
/// dialog asks for (a reason), sent with the form.
#[component]
pub fn ConfirmButton(
    /// The opening button's text ("Revoke").
    #[prop(into)]
    label: String,
    /// Its accessible name when the text alone is ambiguous in a table.
    #[prop(into, optional)]
    aria_label: Option<String>,
    #[prop(into)] key: String,
    confirmation: Confirmation,
    /// A style for the opening button other than the red outline.
    #[prop(optional)]
    class: Option<&'static str>,
    #[prop(optional)] disabled: Option<Signal<bool>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let id = format!("confirm-{}", html_id(&key));
    let (title_id, text_id) = (format!("{id}-title"), format!("{id}-text"));
    let dialog = NodeRef::<leptos::html::Div>::new();
    let disabled = move || disabled.is_some_and(|d| d.get());
    let (opener, cancel) = (id.clone(), id.clone());
    let (labelled_by, described_by) = (title_id.clone(), text_id.clone());
    view! {
        <button type="button" popovertarget=opener aria-label=aria_label
            data-testid=ids::DIALOG_OPEN class=class.unwrap_or(DANGER) disabled=disabled>
            {label}
        </button>
        <div id=id popover="auto" node_ref=dialog role="alertdialog" aria-labelledby=labelled_by aria-describedby=described_by
            data-testid=ids::DIALOG
            class="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-gray-300 bg-white p-6 text-left text-gray-900 shadow-xl backdrop:bg-gray-900/50 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100">
            <h2 id=title_id class="text-lg font-semibold [overflow-wrap:anywhere]">{confirmation.question}</h2>
            <p id=text_id class="mt-2 text-sm text-gray-700 dark:text-gray-300">{confirmation.consequence}</p>
            {children.map(|c| view! { <div class="mt-4">{c()}</div> })}
            <div class="mt-6 flex flex-wrap justify-end gap-2">
                <button type="button" popovertarget=cancel popovertargetaction="hide" autofocus class=CANCEL>"Cancel"</button>
                <button type="submit" data-testid=ids::DIALOG_CONFIRM class=DANGER_SOLID disabled=disabled
                    on:click=move |_| close_when_valid(dialog)>
                    {confirmation.verb}
                </button>
            </div>
        </div>
    }
}

/// Closes the dialog as its form is sent, unless the browser is about to
/// point at a field inside it that still needs filling in.
fn close_when_valid(dialog: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(el) = dialog.get_untracked() else {
            return;
        };
        let valid = el
            .closest("form")
            .ok()
            .flatten()
            .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok())
            .is_none_or(|form| form.check_validity());
        if valid {
            let _ = el.hide_popover();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = dialog;
}

/// `key` reduced to what an element id may hold.
fn html_id(key: &str) -> String {
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::html_id;

    #[test]
    fn ids_keep_letters_and_digits_only() {
        assert_eq!(html_id("acme.web app/1"), "acme-web-app-1");
    }
}
