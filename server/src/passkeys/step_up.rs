//! A passkey confirming it is the person ("Confirm it is you") before a
//! change that hands out keys: one of the signed-in account's own
//! passkeys; the session then counts as having taken a second factor now.

use app::error::AppError;
use app::model::PasskeyCeremony;
use app::services::{CurrentSession, ServiceError, ServiceResult};
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential};

use super::{Passkeys, credential_id};
use crate::store::passkeys::{self as store, Kind};
use crate::store::{now, sessions};

const NOT_CONFIRMED: &str = "That passkey did not confirm it is you. Try again, or use another.";

impl Passkeys {
    pub(super) async fn begin_step_up_of(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<PasskeyCeremony> {
        let webauthn = self.webauthn()?;
        let account_id = &session.viewer.account_id;
        self.check_starts(&format!("account:{account_id}")).await?;
        let passkeys = self.passkeys_of(account_id).await?;
        if passkeys.is_empty() {
            return Err(AppError::invalid("form", "Your account has no passkeys.").into());
        }
        let (options, state) = webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(|e| ServiceError::internal("starting a passkey step-up", e))?;
        let ceremony = self.keep(Kind::StepUp, Some(account_id), &state).await?;
        let options = serde_json::to_string(&options)
            .map_err(|e| ServiceError::internal("writing passkey options", e))?;
        Ok(PasskeyCeremony { ceremony, options })
    }

    pub(super) async fn finish_step_up_of(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        credential: &str,
    ) -> ServiceResult<()> {
        let webauthn = self.webauthn()?;
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
        let Ok(answer) = serde_json::from_str::<PublicKeyCredential>(credential) else {
            return self.not_confirmed(&key, "unreadable answer").await;
        };
        let Some(stored) = store::find(self.db.pool(), &credential_id(answer.get_credential_id()))
            .await?
            .filter(|p| &p.account_id == account_id)
        else {
            return self
                .not_confirmed(&key, "not a passkey of the account")
                .await;
        };
        let Ok(result) = webauthn.finish_passkey_authentication(&answer, &state) else {
            return self.not_confirmed(&key, "assertion refused").await;
        };
        let kind = self.record_use(&stored, &result).await?;
        // User verification is required: the passkey is more than one factor.
        let methods = format!("{kind} mfa");
        sessions::set_second_factor(self.db.pool(), &session.session_key, now(), &methods).await?;
        tracing::info!(account_id = %account_id, "confirmed it is them with a passkey");
        Ok(())
    }

    /// A step-up that confirms nothing: counted against the account, the
    /// reason logged, one sentence for the person.
    async fn not_confirmed(&self, key: &str, why: &str) -> ServiceResult<()> {
        self.failures.record(key).await?;
        tracing::info!(key, why, "passkey step-up refused");
        Err(AppError::invalid("form", NOT_CONFIRMED).into())
    }
}
