//! What an `Accounts` service is built with: the sign-up policy and the
//! means of keeping secrets.

use std::sync::Arc;

use crate::config::DeveloperPolicy;
use crate::crypto::passwords::Hasher;
use crate::crypto::sealing::Sealer;

/// What self sign-up gives, and what an unverified address keeps from.
#[derive(Clone, Copy, Debug)]
pub struct SignupPolicy {
    /// How an account becomes a developer: `Automatic` gives the role at
    /// sign-up (once the address is verified, when that is required).
    pub developers: DeveloperPolicy,
    /// An unverified address keeps an account from becoming a developer
    /// or joining an organisation.
    pub require_verified: bool,
    /// Sign-ups allowed per client address per hour.
    pub per_address_hour: u32,
}

impl SignupPolicy {
    pub fn makes_developer(&self) -> bool {
        self.developers == DeveloperPolicy::Automatic
    }
}

/// How accounts keep their secrets: passwords hashed (argon2id),
/// authenticator secrets sealed (they must be read back to check codes).
pub struct Secrets {
    pub hasher: Hasher,
    pub sealer: Arc<Sealer>,
}
