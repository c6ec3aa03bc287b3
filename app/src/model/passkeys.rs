//! Passkeys (WebAuthn): the viewer's list, and a ceremony handed to the
//! browser.

use serde::{Deserialize, Serialize};

/// One of the viewer's passkeys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    /// The authenticator's id for it (base64url).
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    /// Kept by the authenticator: signs in without an email typed first.
    pub discoverable: bool,
    /// Backed up across the person's devices (a password manager's or
    /// a phone platform's passkey) rather than bound to one device.
    pub synced: bool,
}

/// A registration or sign-in for the browser to carry out: `options` is
/// the JSON `navigator.credentials` takes (as `PublicKeyCredential`'s
/// `parse…OptionsFromJSON` reads it), `ceremony` names it when the answer
/// comes back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyCeremony {
    pub ceremony: String,
    pub options: String,
}
