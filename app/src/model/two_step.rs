//! Two-step sign-in with an authenticator app, as `/account` shows it.

use serde::{Deserialize, Serialize};

/// Whether the viewer's sign-in asks for a code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepStatus {
    /// When the authenticator was turned on; `None`: sign-in asks for the
    /// password only.
    pub on_since: Option<i64>,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
    /// While it is off: the authenticator started a moment ago and not yet
    /// turned on, shown again until its first code turns it on.
    #[serde(default)]
    pub being_set_up: Option<AuthenticatorSetup>,
}

/// What "Confirm it is you" may take from the signed-in person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorWays {
    /// A code from the authenticator app (or a recovery code).
    pub code: bool,
    /// One of their passkeys.
    pub passkey: bool,
}

/// An authenticator being set up: what the app scans or is typed into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorSetup {
    /// The secret in base32, in groups of four for typing.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub uri: String,
    /// The QR code as an SVG image (made by the server from `uri`).
    pub qr_svg: String,
}

/// Groups a base32 secret in fours: `ABCD EFGH …`.
pub fn group_secret(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::group_secret;

    #[test]
    fn secrets_are_grouped_in_fours() {
        assert_eq!(group_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
        assert_eq!(group_secret(""), "");
    }
}

/// Whom the admins require to use two-step sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInPolicy {
    pub two_step_for_admins: bool,
    pub two_step_for_developers: bool,
    /// Days someone newly required has to set it up; after them, signing
    /// in sets it up before anything else.
    pub grace_days: u32,
    /// When an admin last changed it.
    pub updated_at: Option<i64>,
}

/// The longest grace period an admin can give.
pub const MAX_GRACE_DAYS: u32 = 90;
