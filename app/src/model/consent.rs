//! What the consent page and the account page show about apps.

use serde::{Deserialize, Serialize};

/// A scope as end users see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDescription {
    pub name: String,
    pub description: String,
}

/// An app asking the signed-in user for access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPrompt {
    pub request_id: String,
    pub client_id: String,
    pub client_name: String,
    /// The organisation that registered the app.
    pub org_name: String,
    pub org_number: Option<String>,
    pub scopes: Vec<ScopeDescription>,
    /// Where the answer goes, e.g. `https://app.example.com`.
    pub redirect_origin: String,
    /// The authorization request again, for another account ("Not you?").
    pub authorize_path: String,
}

/// The app a person signs in (or up) to continue to, named on the
/// focused sign-in page: "Sign in to continue to Clinic 42".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInApp {
    pub client_name: String,
    /// The organisation that registered the app.
    pub org_name: String,
}

/// An app the user gave access to (the account page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppAccess {
    pub client_id: String,
    pub client_name: String,
    /// The organisation that registered the app.
    pub org_name: String,
    pub scopes: Vec<ScopeDescription>,
    pub granted_at: i64,
    pub updated_at: i64,
}

/// What the sign-out confirmation page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogoutPrompt {
    /// Who is signed in.
    pub email: String,
    /// The app that asked to sign the person out, when it is known.
    pub client_name: Option<String>,
    /// Where the browser goes afterwards, when that is the app's
    /// registered post-logout URI (its origin, e.g. `https://app.example.com`).
    pub return_origin: Option<String>,
}
