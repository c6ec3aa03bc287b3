//! `/systems`, `/systems/new` and `/systems/:id` (overview, automation,
//! clients): the programs that create client drafts over the API.

mod api_keys;
mod detail;
mod fields;
mod list;
mod new;
mod settings;

pub use detail::SystemPage;
pub use list::SystemsPage;
pub use new::NewSystemPage;

use leptos::prelude::*;

use crate::components::{ErrorView, RequireSignIn};
use crate::error::AppError;
use crate::model::Viewer;

/// Client systems belong to developers; anyone else is refused.
#[component]
fn RequireDeveloper<F, V>(children: F) -> impl IntoView
where
    F: Fn(Viewer) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <RequireSignIn children=move |viewer| {
            if viewer.is_developer {
                children(viewer).into_any()
            } else {
                view! { <ErrorView error=AppError::Forbidden /> }.into_any()
            }
        } />
    }
}
