//! `/account` (profile, apps with access, answered drafts, email
//! notifications) and `/account/security` (password, two-step sign-in,
//! passkeys, sign-in methods, sessions): the signed-in person's own
//! account, in two pages (each a route of its own, so each may go to its
//! own lazily loaded group; see `crate::routes`). Also
//! `/set-up-two-step`, the set-up a sign-in may require.

mod apps;
mod drafts;
mod notifications;
mod passkeys;
mod profile;
mod security;
mod sessions;
mod set_up_two_step;
mod sign_in_methods;
mod two_step;

pub use profile::AccountPage;
pub use security::AccountSecurityPage;
pub use set_up_two_step::SetUpTwoStepPage;

use leptos::prelude::*;

use crate::components::TabLinks;
use crate::ids;

/// Where the person's security settings are (its sections
/// `#two-step` and `#sign-in-methods` are linked from elsewhere too).
const SECURITY: &str = "/account/security";

/// The two pages of one's account, the current one marked.
#[component]
fn AccountTabs(security: bool) -> impl IntoView {
    let links = vec![
        (
            "/account".to_owned(),
            "Profile and apps",
            Signal::stored(!security),
        ),
        (
            SECURITY.to_owned(),
            "Sign-in and security",
            Signal::stored(security),
        ),
    ];
    view! { <TabLinks label="Your account" test_id=ids::ACCOUNT_TABS links /> }
}
