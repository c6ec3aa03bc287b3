//! Validated types shared by the browser and the server.
//!
//! Every type here is built only through `parse` (or a constructor that cannot
//! produce an invalid value), so holding one is proof that the check ran. The
//! browser uses the same functions for live validation that the server uses
//! as its gate.

/// `Display` and `TryFrom<String>` for a type with `as_str` and `parse`:
/// it prints as its wire text, and serde (`try_from = "String"`) and the
/// store's typed columns decode it through the same `parse`.
macro_rules! text_type {
    ($($t:ty),+) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
    )+};
}
pub(crate) use text_type;

mod auth_method;
mod client_id;
mod client_kind;
mod date;
mod display_name;
mod email;
mod grace_days;
mod grant_type;
mod info_uri;
mod loopback_return;
mod org_name;
mod org_number;
mod passkey_name;
mod password;
mod prefix;
mod public_jwks;
mod redirect_uri;
mod return_path;
mod role;
mod scope;
mod scopes;
mod secret_expiry;
mod signing_alg;
mod suffix;
mod upstream;
mod webhook_url;

pub use auth_method::AuthMethod;
pub use client_id::ClientId;
pub use client_kind::ClientKind;
pub use date::Date;
pub use display_name::DisplayName;
pub use email::Email;
pub use grace_days::grace_days;
pub use grant_type::{GrantType, GrantTypes};
pub use info_uri::InfoUri;
pub use loopback_return::LoopbackReturn;
pub use org_name::OrgName;
pub use org_number::OrgNumber;
pub use passkey_name::PasskeyName;
pub use password::Password;
pub use prefix::ClientPrefix;
pub use public_jwks::PublicJwks;
pub use redirect_uri::RedirectUri;
pub use return_path::ReturnPath;
pub use role::Role;
pub use scope::ScopeName;
pub use scopes::Scopes;
pub use secret_expiry::SecretExpiry;
pub use signing_alg::SigningAlg;
pub use suffix::Suffix;
pub use upstream::{domain_allowed, email_domains, issuer, provider_id, upstream_scopes};
pub use webhook_url::WebhookUrl;
