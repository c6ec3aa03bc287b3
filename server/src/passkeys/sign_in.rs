//! Signing in with a passkey: the person picks one their authenticator
//! keeps for this Portico; its account is the one it was added to.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{PasskeyCeremony, Viewer};
use app::services::{ServiceError, ServiceResult, SessionToken};
use webauthn_rs::prelude::{DiscoverableAuthentication, PublicKeyCredential};

use super::{Passkeys, credential_id};
use crate::store::passkeys::{self as store, Kind};

const NOT_RECOGNISED: &str =
    "Portico does not know this passkey. It may have been removed: sign in with your password.";

impl Passkeys {
    pub(super) async fn begin_sign_in_from(&self, ip: IpAddr) -> ServiceResult<PasskeyCeremony> {
        let webauthn = self.webauthn()?;
        self.check_starts(&format!("address:{ip}")).await?;
        let (mut options, state) = webauthn
            .start_discoverable_authentication()
            .map_err(|e| ServiceError::internal("starting a passkey sign-in", e))?;
        // Asked for by a button, not offered in the email field's menu.
        options.mediation = None;
        let ceremony = self.keep(Kind::SignIn, None, &state).await?;
        let options = serde_json::to_string(&options)
            .map_err(|e| ServiceError::internal("writing passkey options", e))?;
        Ok(PasskeyCeremony { ceremony, options })
    }

    pub(super) async fn finish_sign_in_from(
        &self,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let webauthn = self.webauthn()?;
        if let Err(retry_after_secs) = self.failures.check(&ip.to_string()).await? {
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        let (_, state) = self
            .take::<DiscoverableAuthentication>(ceremony, Kind::SignIn)
            .await?;
        let Ok(answer) = serde_json::from_str::<PublicKeyCredential>(credential) else {
            return self.refuse(ip, "unreadable answer").await;
        };
        let Ok((handle, raw_id)) = webauthn.identify_discoverable_authentication(&answer) else {
            return self.refuse(ip, "no user handle").await;
        };
        let Some(stored) = store::find(self.db.pool(), &credential_id(raw_id)).await? else {
            return self.refuse(ip, "unknown credential").await;
        };
        let Some(row) = self.accounts.account_by_id(&stored.account_id).await? else {
            return self.refuse(ip, "account gone").await;
        };
        if super::register::user_handle(&row)? != handle {
            return self.refuse(ip, "user handle of another account").await;
        }
        let passkey = super::open(&stored)?;
        let result = match webauthn.finish_discoverable_authentication_v2(&answer, state, &passkey)
        {
            Ok(result) => result,
            Err(e) => {
                tracing::info!(account_id = %row.id, error = %e, "passkey assertion refused");
                return self.refuse(ip, "assertion refused").await;
            }
        };
        let key = self.record_use(&stored, &result).await?;
        // The authenticator checked the person too (user verification is
        // required): more than one factor.
        self.accounts
            .passkey_session(&row, &format!("{key} mfa"))
            .await
    }

    /// A sign-in that signs nobody in: counted against the address, the
    /// reason logged, one sentence for the person.
    async fn refuse(&self, ip: IpAddr, why: &str) -> ServiceResult<(SessionToken, Viewer)> {
        self.failures.record(&ip.to_string()).await?;
        tracing::info!(%ip, why, "passkey sign-in refused");
        Err(AppError::invalid("form", NOT_RECOGNISED).into())
    }
}
