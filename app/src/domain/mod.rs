//! Validated types shared by the browser and the server.
//!
//! Every type here is built only through `parse` (or a constructor that cannot
//! produce an invalid value), so holding one is proof that the check ran. The
//! browser uses the same functions for live validation that the server uses
//! as its gate.

mod client_id;
mod client_kind;
mod date;
mod display_name;
mod email;
mod grant_type;
mod loopback_return;
mod password;
mod prefix;
mod public_jwks;
mod redirect_uri;
mod return_path;
mod scope;
mod secret_expiry;
mod suffix;

pub use client_id::ClientId;
pub use client_kind::ClientKind;
pub use date::Date;
pub use display_name::DisplayName;
pub use email::Email;
pub use grant_type::{GrantType, GrantTypes};
pub use loopback_return::LoopbackReturn;
pub use password::Password;
pub use prefix::ClientPrefix;
pub use public_jwks::PublicJwks;
pub use redirect_uri::RedirectUri;
pub use return_path::ReturnPath;
pub use scope::ScopeName;
pub use secret_expiry::SecretExpiry;
pub use suffix::Suffix;
