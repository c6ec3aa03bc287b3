//! Client ids in tables: an organisation's prefix is 64 characters, so the
//! whole id would wrap over three lines. The prefix is cut short; the
//! suffix, which people chose and recognise, stays whole.

use leptos::prelude::*;

/// "3f9a2c1b….shop", the full id on hover (`title`) and for screen
/// readers; one line, never wrapped.
#[component]
pub fn ShortClientId(#[prop(into)] id: String) -> impl IntoView {
    let (short, title) = (shorten_client_id(&id), id.clone());
    view! {
        <span class="whitespace-nowrap font-mono text-xs text-gray-600 dark:text-gray-300" title=title>
            <span aria-hidden="true">{short}</span>
            <span class="sr-only">{id}</span>
        </span>
    }
}

/// The prefix's first 8 characters, an ellipsis, then `.suffix`; ids with
/// a short prefix (or none) stay as they are.
pub fn shorten_client_id(id: &str) -> String {
    const KEEP: usize = 8;
    match id.split_once('.') {
        Some((prefix, suffix)) if prefix.chars().count() > KEEP + 4 => {
            let start: String = prefix.chars().take(KEEP).collect();
            format!("{start}….{suffix}")
        }
        _ => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::shorten_client_id;

    #[test]
    fn the_prefix_is_cut_the_suffix_kept() {
        let prefix = "3f9a2c1b".repeat(8);
        assert_eq!(
            shorten_client_id(&format!("{prefix}.shop")),
            "3f9a2c1b….shop"
        );
        assert_eq!(shorten_client_id("acme.shop"), "acme.shop");
        assert_eq!(shorten_client_id("no-dot"), "no-dot");
    }
}
