//! Adding a passkey to the signed-in person's account.

use app::domain::PasskeyName;
use app::error::AppError;
use app::model::{PasskeyCeremony, PasskeyInfo};
use app::services::{CurrentSession, ServiceError, ServiceResult};
use webauthn_rs::prelude::{PasskeyRegistration, RegisterPublicKeyCredential, Uuid};

use super::{Passkeys, credential_id, info};
use crate::store::accounts::AccountRow;
use crate::store::now;
use crate::store::passkeys::{Kind, PasskeyRow};

const UNREADABLE: &str = "The browser's answer could not be read. Try again.";
const REFUSED: &str = "The passkey could not be checked. Try again, or use another authenticator.";

impl Passkeys {
    pub(super) async fn begin_registration_of(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<PasskeyCeremony> {
        let webauthn = self.webauthn()?;
        let row = self.owner(session).await?;
        self.check_starts(&format!("account:{}", row.id)).await?;
        let exclude = self
            .passkeys_of(&row.id)
            .await?
            .iter()
            .map(|p| p.cred_id().clone())
            .collect();
        let (options, state) = webauthn
            .start_passkey_registration(
                user_handle(&row)?,
                &row.email,
                &row.display_name,
                Some(exclude),
            )
            .map_err(|e| ServiceError::internal("starting a passkey registration", e))?;
        let mut options = serde_json::to_value(options)
            .map_err(|e| ServiceError::internal("writing passkey options", e))?;
        // A passkey the authenticator keeps signs in without an email
        // typed first; authenticators that cannot keep one still register.
        options["publicKey"]["authenticatorSelection"]["residentKey"] = "preferred".into();
        let ceremony = self.keep(Kind::Register, Some(&row.id), &state).await?;
        Ok(PasskeyCeremony {
            ceremony,
            options: options.to_string(),
        })
    }

    pub(super) async fn finish_registration_of(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        name: &str,
        credential: &str,
    ) -> ServiceResult<PasskeyInfo> {
        let webauthn = self.webauthn()?;
        let name = PasskeyName::parse(name).map_err(|m| AppError::invalid("name", m))?;
        let row = self.owner(session).await?;
        let (account_id, state) = self
            .take::<PasskeyRegistration>(ceremony, Kind::Register)
            .await?;
        if account_id.as_deref() != Some(row.id.as_str()) {
            return Err(AppError::invalid("form", super::EXPIRED).into());
        }
        let answer: RegisterPublicKeyCredential =
            serde_json::from_str(credential).map_err(|_| AppError::invalid("form", UNREADABLE))?;
        let discoverable = answer
            .extensions
            .cred_props
            .as_ref()
            .and_then(|p| p.rk)
            .unwrap_or(true);
        let passkey = webauthn
            .finish_passkey_registration(&answer, &state)
            .map_err(|e| {
                tracing::info!(account_id = %row.id, error = %e, "passkey registration refused");
                AppError::invalid("form", REFUSED)
            })?;
        let stored = PasskeyRow {
            credential_id: credential_id(passkey.cred_id()),
            account_id: row.id.clone(),
            name: name.as_ref().to_owned(),
            passkey: serde_json::to_string(&passkey)
                .map_err(|e| ServiceError::internal("storing a passkey", e))?,
            discoverable: i64::from(discoverable),
            synced: 0,
            created_at: now(),
            last_used_at: None,
        };
        self.accounts.add_passkey(&row, &stored).await?;
        tracing::info!(account_id = %row.id, "passkey added");
        Ok(info(&stored))
    }

    /// The signed-in person's account.
    pub(super) async fn owner(&self, session: &CurrentSession) -> ServiceResult<AccountRow> {
        self.accounts
            .account_by_id(&session.viewer.account_id)
            .await?
            .ok_or_else(|| AppError::Unauthenticated.into())
    }
}

/// The id authenticators keep for the account (its id, a UUID): a
/// passkey sign-in names it, and it must match the passkey's account.
pub(super) fn user_handle(row: &AccountRow) -> ServiceResult<Uuid> {
    Uuid::parse_str(&row.id).map_err(|e| ServiceError::internal("reading an account id", e))
}
