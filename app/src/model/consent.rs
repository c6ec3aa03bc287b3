//! What the consent page and the account page show about apps.

use serde::{Deserialize, Serialize};

/// A scope as end users see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDescription {
    pub name: String,
    pub description: String,
}

/// What a client shows end users besides its name (RFC 7591 §2): its logo
/// and the pages about it, each an https URL (`domain::InfoUri`) or none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLinks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// The app's home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_uri: Option<String>,
    /// Its privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_uri: Option<String>,
    /// Its terms of service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tos_uri: Option<String>,
}

impl ClientLinks {
    /// As stored (a JSON object); unreadable text is "no links".
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The pages, each with what a link to it says, in the order shown.
    pub fn pages(&self) -> Vec<(&'static str, String)> {
        [
            ("Home page", &self.client_uri),
            ("Privacy policy", &self.policy_uri),
            ("Terms of service", &self.tos_uri),
        ]
        .into_iter()
        .filter_map(|(label, uri)| uri.clone().map(|u| (label, u)))
        .collect()
    }
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
    #[serde(default)]
    pub links: ClientLinks,
}

/// The app a person signs in (or up) to continue to, named on the
/// focused sign-in page: "Sign in to continue to Clinic 42".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInApp {
    pub client_name: String,
    /// The organisation that registered the app.
    pub org_name: String,
    #[serde(default)]
    pub links: ClientLinks,
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
