//! Who is signed in, known to every page through context.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::api::auth::whoami;
use crate::components::ErrorView;
use crate::error::AppError;
use crate::model::Viewer;

/// The signed-in viewer as a resource, refetched whenever a sign-in,
/// sign-up or sign-out succeeds (`refresh`).
#[derive(Clone, Copy)]
pub struct Session {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    version: RwSignal<u32>,
}

impl Session {
    pub fn provide() -> Self {
        let version = RwSignal::new(0);
        let viewer = Resource::new(move || version.get(), |_| whoami());
        let session = Self { viewer, version };
        provide_context(session);
        session
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Refreshes the session each time `succeeded` turns true (an action's
    /// latest value is a success).
    pub fn refresh_on_success(&self, succeeded: impl Fn() -> bool + Send + Sync + 'static) {
        let this = *self;
        Effect::new(move |_| {
            if succeeded() {
                this.refresh();
            }
        });
    }
}

/// Renders `children` with the viewer, or sends the person to sign in and
/// back here afterwards.
#[component]
pub fn RequireSignIn<F, V>(children: F) -> impl IntoView
where
    F: Fn(Viewer) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let session = Session::get();
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="text-gray-600 dark:text-gray-300">"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match session.viewer.await {
                        Ok(Some(viewer)) => children(viewer).into_any(),
                        Ok(None) => {
                            // `search` comes without its leading `?`.
                            let search = location.search.get_untracked();
                            let query = if search.is_empty() || search.starts_with('?') { search } else { format!("?{search}") };
                            let here = format!("{}{query}", location.pathname.get_untracked());
                            let next = super::percent_encode(&here, b"/");
                            view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Renders `children` for admins; anyone else signed in sees that they
/// have no access, and a signed-out visitor is sent to sign in.
#[component]
pub fn RequireAdmin<F, V>(children: F) -> impl IntoView
where
    F: Fn() -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <RequireSignIn children=move |viewer: Viewer| {
            if viewer.is_admin {
                children().into_any()
            } else {
                view! { <ErrorView error=AppError::Forbidden /> }.into_any()
            }
        } />
    }
}
