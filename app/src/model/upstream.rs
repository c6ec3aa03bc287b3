//! Upstream OpenID providers ("Sign in with …"): the buttons, the admins'
//! settings, and the identities linked to the viewer's account.

use serde::{Deserialize, Serialize};

/// A "Sign in with …" button.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOption {
    pub id: String,
    pub display_name: String,
}

/// An upstream provider as admins see it (never its client secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityProvider {
    /// Names it in addresses: `/login/with/{id}`.
    pub id: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// Space separated; `openid` always among them.
    pub scopes: String,
    /// Space separated; empty: any domain.
    pub allowed_domains: String,
    /// Accounts made by a first sign-in are developers (else end users).
    pub new_accounts_developers: bool,
    pub enabled: bool,
    /// Set in the config file: read-only here.
    pub from_config: bool,
    /// Identities linked through it.
    pub linked: i64,
    /// The address to register at the provider as the client's redirect URI.
    pub redirect_uri: String,
}

/// An upstream identity linked to the viewer's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentity {
    pub provider_id: String,
    pub provider_name: String,
    pub issuer: String,
    pub subject: String,
    /// The address the provider gave at the latest sign-in.
    pub email: String,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

/// The viewer's ways in besides the password: what is linked, what could
/// be, and whether the account has a password or a passkey (an account
/// with neither keeps its last linked identity).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentities {
    pub linked: Vec<LinkedIdentity>,
    pub available: Vec<SignInOption>,
    pub has_password: bool,
    /// The account has a passkey (another way in).
    #[serde(default)]
    pub has_passkeys: bool,
}

/// An upstream sign-in whose verified address belongs to an existing
/// account, waiting for that account's password to link the two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOffer {
    pub provider_name: String,
    pub email: String,
}

/// Why an upstream sign-in did not sign anyone in: the sign-in page says
/// it (`/login?upstream=<code>`).
/// The code of a link that waits for "Confirm it is you" (the account
/// page asks for it; no failure message).
pub const STEP_UP_CODE: &str = "confirm";

pub fn upstream_failure_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "expired" => "That sign-in took too long or was already used. Try again.",
        "denied" => {
            "The provider did not sign you in (you cancelled, or it refused). Try again, or use your password."
        }
        "unavailable" => {
            "The provider could not be reached, or its answer could not be trusted. Try again later, or use your password."
        }
        "no_email" => {
            "The provider did not give an email address, which Portico needs for a new account."
        }
        "domain" => "Accounts of that email domain cannot sign in with this provider.",
        "unverified" => {
            "An account with that email already exists, and the provider does not say the address is verified. Sign in with your password, then link the provider from your account page."
        }
        "disabled" => "This account is disabled. Ask an admin of this Portico.",
        "linked_elsewhere" => {
            "That account of the provider is already linked to another Portico account."
        }
        _ => return None,
    })
}
