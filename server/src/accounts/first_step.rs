//! What follows a first step of a sign-in (a password, or an upstream
//! provider): a session, or a challenge kept for the step that must come
//! first (a code from the authenticator app, or setting one up).

use app::error::AppError;
use app::services::{CHALLENGE_TTL_SECS, ChallengeToken, SET_UP_TTL_SECS, ServiceResult, SignedIn};

use super::Accounts;
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::accounts::AccountRow;
use crate::store::two_step::Purpose;
use crate::store::{now, two_step as store};

/// How sessions say the person proved who they are (RFC 8176 `amr`).
pub const AMR_PASSWORD: &str = "pwd";
/// Signed in through an upstream OpenID provider.
pub const AMR_FEDERATED: &str = "fed";

/// The `amr` of a sign-in whose first step was `first_factor` and which
/// then took a code.
pub(super) fn with_code(first_factor: &str) -> String {
    format!("{first_factor} otp")
}

impl Accounts {
    /// After a correct password: a session (with the end of a grace period
    /// the policy gives), or a challenge when the account asks for a code
    /// (or, under the policy, a passkey) or must set up an authenticator
    /// first.
    pub(super) async fn after_password(&self, row: &AccountRow) -> ServiceResult<SignedIn> {
        self.after_first_step(row, AMR_PASSWORD).await
    }

    /// After a first step made as `first_factor` (`pwd`, `fed`): as
    /// `after_password`.
    pub(crate) async fn after_first_step(
        &self,
        row: &AccountRow,
        first_factor: &str,
    ) -> ServiceResult<SignedIn> {
        if self.two_step_on(&row.id).await? || self.passkey_step_required(row).await? {
            let challenge = self.challenge(row, Purpose::Code, first_factor).await?;
            return Ok(SignedIn::CodeNeeded(challenge));
        }
        let due = self.grace_of(row).await?;
        if due.is_some_and(|due| due <= now()) {
            let challenge = self.challenge(row, Purpose::SetUp, first_factor).await?;
            return Ok(SignedIn::SetUpNeeded(challenge));
        }
        let token = self.start_session(row, first_factor).await?;
        let mut viewer = self.viewer(row).await?;
        viewer.two_step_due = due;
        Ok(SignedIn::Session(token, viewer))
    }

    /// A correct password waiting for its next step, in a challenge.
    async fn challenge(
        &self,
        row: &AccountRow,
        purpose: Purpose,
        first_factor: &str,
    ) -> ServiceResult<ChallengeToken> {
        if row.disabled() {
            return Err(AppError::invalid("form", super::standing::DISABLED).into());
        }
        let ttl = match purpose {
            Purpose::Code => CHALLENGE_TTL_SECS,
            Purpose::SetUp => SET_UP_TTL_SECS,
        };
        let token = random_token();
        let now = now();
        store::insert_challenge(
            self.db.pool(),
            &hash_token(&token),
            &row.id,
            purpose,
            first_factor,
            now,
            now + ttl,
        )
        .await?;
        Ok(ChallengeToken(token))
    }
}
