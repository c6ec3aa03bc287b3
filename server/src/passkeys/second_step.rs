//! A passkey in place of the code from the authenticator app, after a
//! password (or a provider): one of the waiting account's own passkeys,
//! its failures counted like wrong codes.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{PasskeyCeremony, SecondFactorWays, Viewer};
use app::services::{ServiceResult, SessionToken};
use webauthn_rs::prelude::PasskeyAuthentication;

use super::Passkeys;
use crate::store::passkeys::{self as store, Kind};

impl Passkeys {
    /// What the sign-in behind `challenge` may take next: a code (its
    /// account has an authenticator app), a passkey. A sign-in no longer
    /// waiting takes nothing (its page says so when a code is sent).
    pub(super) async fn second_step_ways_of(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<SecondFactorWays> {
        let Ok(step) = self.accounts.code_step(challenge, ip).await else {
            return Ok(SecondFactorWays::default());
        };
        let passkey = self.webauthn.is_some()
            && store::count_of(self.db.pool(), step.account_id()).await? > 0;
        Ok(SecondFactorWays {
            code: self.accounts.two_step_on(step.account_id()).await?,
            passkey,
        })
    }

    /// Asks for one of the waiting account's passkeys.
    pub(super) async fn begin_second_step_of(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<PasskeyCeremony> {
        let step = self.accounts.code_step(challenge, ip).await?;
        let none = AppError::invalid("code", "Your account has no passkeys. Enter a code.");
        self.begin_own(Kind::SecondStep, step.account_id(), none)
            .await
    }

    pub(super) async fn finish_second_step_of(
        &self,
        challenge: &str,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let step = self.accounts.code_step(challenge, ip).await?;
        let (for_account, state) = self
            .take::<PasskeyAuthentication>(ceremony, Kind::SecondStep)
            .await?;
        if for_account.as_deref() != Some(step.account_id()) {
            return Err(AppError::invalid("code", super::EXPIRED).into());
        }
        match self
            .check_own(&state, step.account_id(), credential)
            .await?
        {
            Ok(key) => self.accounts.finish_code_step(step, key).await,
            Err(why) => {
                tracing::info!(account_id = %step.account_id(), why, "passkey second step refused");
                self.accounts.passkey_missed(&step).await
            }
        }
    }
}
