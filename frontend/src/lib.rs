//! The browser entry point: hydrates the pages the server rendered.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::wasm_bindgen;

/// Hydrates the page, waiting for the page's own piece of the bundle (see
/// `app::routes`), then marks the body as interactive (`data-hydrated`;
/// browser tests wait for it before clicking).
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Drives the reactive system with wasm-bindgen-futures; an error only
    // says it already runs.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // Before the router's own handlers: links to the pages sent without
    // the bundle are followed by the browser, and a server function's
    // redirect loads its address whole.
    app::components::follow_light_links();
    app::components::load_redirects_whole();
    leptos::task::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let handle = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        handle.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
