use leptos::prelude::*;
use leptos_meta::Title;

use super::{H1, LINK, MUTED};
use crate::ids;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section data-testid=ids::NOT_FOUND class="mx-auto max-w-md text-center">
            <h1 class=H1>"Page not found"</h1>
            <p class=format!("mt-2 {MUTED}")>"There is nothing at this address. It may have moved, or the link is mistyped."</p>
            <p class="mt-4"><a href="/" class=LINK>"Go to the start page"</a></p>
        </section>
    }
}
