//! A passkey in place of the code from the authenticator app, after a
//! password (or a provider): one of the waiting account's own passkeys,
//! its failures counted like wrong codes.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{PasskeyCeremony, SecondFactorWays, Viewer};
use app::services::{ServiceError, ServiceResult, SessionToken};
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential};

use super::{Passkeys, credential_id};
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
            code: self.accounts.app_on(step.account_id()).await?,
            passkey,
        })
    }

    /// Asks for one of the waiting account's passkeys.
    pub(super) async fn begin_second_step_of(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<PasskeyCeremony> {
        let webauthn = self.webauthn()?;
        let step = self.accounts.code_step(challenge, ip).await?;
        let account_id = step.account_id();
        self.check_starts(&format!("account:{account_id}")).await?;
        let passkeys = self.passkeys_of(account_id).await?;
        if passkeys.is_empty() {
            return Err(
                AppError::invalid("code", "Your account has no passkeys. Enter a code.").into(),
            );
        }
        let (options, state) = webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(|e| ServiceError::internal("starting a passkey second step", e))?;
        let ceremony = self
            .keep(Kind::SecondStep, Some(account_id), &state)
            .await?;
        let options = serde_json::to_string(&options)
            .map_err(|e| ServiceError::internal("writing passkey options", e))?;
        Ok(PasskeyCeremony { ceremony, options })
    }

    pub(super) async fn finish_second_step_of(
        &self,
        challenge: &str,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let webauthn = self.webauthn()?;
        let step = self.accounts.code_step(challenge, ip).await?;
        let (for_account, state) = self
            .take::<PasskeyAuthentication>(ceremony, Kind::SecondStep)
            .await?;
        if for_account.as_deref() != Some(step.account_id()) {
            return Err(AppError::invalid("code", super::EXPIRED).into());
        }
        let Ok(answer) = serde_json::from_str::<PublicKeyCredential>(credential) else {
            return self.accounts.passkey_missed(&step).await;
        };
        let Some(stored) = store::find(self.db.pool(), &credential_id(answer.get_credential_id()))
            .await?
            .filter(|p| p.account_id == step.account_id())
        else {
            return self.accounts.passkey_missed(&step).await;
        };
        let Ok(result) = webauthn.finish_passkey_authentication(&answer, &state) else {
            tracing::info!(account_id = %stored.account_id, "passkey second step refused");
            return self.accounts.passkey_missed(&step).await;
        };
        let key = self.record_use(&stored, &result).await?;
        self.accounts.finish_code_step(step, key).await
    }
}
