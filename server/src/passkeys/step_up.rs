//! A passkey confirming it is the person ("Confirm it is you") before a
//! change that hands out keys: one of the signed-in account's own
//! passkeys; the session then counts as having taken a second factor now.

use app::error::AppError;
use app::model::PasskeyCeremony;
use app::services::{CurrentSession, ServiceResult};
use webauthn_rs::prelude::PasskeyAuthentication;

use super::Passkeys;
use crate::store::passkeys::Kind;
use crate::store::{now, sessions};

const NOT_CONFIRMED: &str = "That passkey did not confirm it is you. Try again, or use another.";

impl Passkeys {
    pub(super) async fn begin_step_up_of(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<PasskeyCeremony> {
        let none = AppError::invalid("form", "Your account has no passkeys.");
        self.begin_own(Kind::StepUp, &session.viewer.account_id, none)
            .await
    }

    pub(super) async fn finish_step_up_of(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        credential: &str,
    ) -> ServiceResult<()> {
        let account_id = &session.viewer.account_id;
        let key = format!("account:{account_id}");
        if let Err(retry_after_secs) = self.failures.check(&key).await? {
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        let (for_account, state) = self
            .take::<PasskeyAuthentication>(ceremony, Kind::StepUp)
            .await?;
        if for_account.as_ref() != Some(account_id) {
            return Err(AppError::invalid("form", super::EXPIRED).into());
        }
        let kind = match self.check_own(&state, account_id, credential).await? {
            Ok(kind) => kind,
            Err(why) => {
                self.failures.record(&key).await?;
                tracing::info!(key, why, "passkey step-up refused");
                return Err(AppError::invalid("form", NOT_CONFIRMED).into());
            }
        };
        // User verification is required: the passkey is more than one factor.
        let methods = format!("{kind} mfa");
        sessions::set_second_factor(self.db.pool(), &session.session_key, now(), &methods).await?;
        tracing::info!(account_id = %account_id, "confirmed it is them with a passkey");
        Ok(())
    }
}
