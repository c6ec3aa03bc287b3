//! Two-step sign-in: setting up an authenticator app (TOTP), its recovery
//! codes, and the code asked for after a correct password.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{AuthenticatorSetup, SignInPolicy, TwoStepStatus, Viewer};
use app::services::{CurrentSession, ServiceResult, SessionToken, TwoStepService};
use async_trait::async_trait;

use super::first_step::with_code;
use super::two_step_set_up::TurnOn;
use super::{Accounts, limited};
use crate::audit::{self, Actor};
use crate::crypto::tokens::{hash_token, random_bytes};
use crate::crypto::totp;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::two_step::Purpose;
use crate::store::{StoreResult, commit, now, sessions, two_step as store};

/// Wrong codes a challenge takes before the password is asked again.
pub(super) const CHALLENGE_FAILURES: i64 = 5;
/// Recovery codes given at a time.
const RECOVERY_CODES: usize = 10;

pub(super) const TURNED_ON: &str = "Signing in to your Portico account now asks for a code from your authenticator app after your password.";
const TURNED_OFF: &str = "Signing in to your Portico account now asks for your password only.";
const WRONG_CODE: &str =
    "That code is not right. Check the time on your phone, or use a recovery code.";
pub(super) const EXPIRED: &str = "This sign-in has expired. Sign in again with your password.";

impl Accounts {
    /// Whether the account has an authenticator app turned on.
    pub(crate) async fn two_step_on(&self, account_id: &str) -> StoreResult<bool> {
        Ok(store::find_factor(self.db.pool(), account_id)
            .await?
            .is_some_and(|f| f.confirmed_at.is_some()))
    }

    /// Checks a code typed by the account's owner and spends it: six digits
    /// from the authenticator, anything else a recovery code.
    async fn spend_code(&self, account_id: &str, typed: &str) -> ServiceResult<Option<Spent>> {
        let Some(factor) = store::find_factor(self.db.pool(), account_id)
            .await?
            .filter(|f| f.confirmed_at.is_some())
        else {
            return Ok(None);
        };
        let now = now();
        if looks_like_app_code(typed) {
            let secret = self.open_secret(account_id, &factor.secret_sealed)?;
            let Some(step) = totp::verify(&secret, typed, now, factor.last_step) else {
                return Ok(None);
            };
            let fresh = store::use_step(self.db.pool(), account_id, step).await?;
            return Ok(fresh.then_some(Spent::AppCode));
        }
        let hash = hash_token(&normalise_recovery_code(typed));
        let used = store::use_recovery_code(self.db.pool(), account_id, &hash, now).await?;
        Ok(used.then_some(Spent::RecoveryCode))
    }

    pub(super) fn open_secret(&self, account_id: &str, sealed: &str) -> ServiceResult<Vec<u8>> {
        self.sealer
            .open(sealed, &secret_context(account_id))
            .map_err(|e| app::services::ServiceError::Internal(Box::new(e)))
    }

    pub(super) async fn fresh_recovery_codes(
        &self,
        conn: &mut crate::store::Conn,
        account_id: &str,
    ) -> StoreResult<Vec<String>> {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| hash_token(&normalise_recovery_code(c)))
            .collect();
        store::replace_recovery_codes(conn, account_id, &hashes, now()).await?;
        Ok(codes)
    }

    /// The signed-in person's account row, and a limit on guessing codes
    /// from a stolen session.
    async fn owner(&self, session: &CurrentSession) -> ServiceResult<AccountRow> {
        let id = &session.viewer.account_id;
        let key = codes_key(id);
        self.by_email.check(&key).await?.map_err(limited)?;
        Ok(account_store::find_by_id(self.db.pool(), id)
            .await?
            .ok_or(AppError::Unauthenticated)?)
    }

    pub(super) async fn wrong_code<T>(&self, account_id: &str) -> ServiceResult<T> {
        self.by_email.record(&codes_key(account_id)).await?;
        Err(AppError::invalid("code", WRONG_CODE).into())
    }

    async fn audit_own(&self, row: &AccountRow, action: &str) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        let actor = Actor::Account {
            id: &row.id,
            email: &row.email,
        };
        let subject = serde_json::json!({ "account_id": row.id, "email": row.email });
        audit::other(&mut tx, actor, action, None, Some(&subject)).await?;
        commit(tx).await?;
        Ok(())
    }
}

/// What a code turned out to be.
enum Spent {
    AppCode,
    RecoveryCode,
}

#[async_trait]
impl TwoStepService for Accounts {
    async fn status(&self, session: &CurrentSession) -> ServiceResult<TwoStepStatus> {
        let id = &session.viewer.account_id;
        let Some(on_since) = store::find_factor(self.db.pool(), id)
            .await?
            .and_then(|f| f.confirmed_at)
        else {
            let being_set_up = self
                .authenticator_being_set_up(id, &session.viewer.email)
                .await?;
            return Ok(TwoStepStatus {
                being_set_up,
                ..TwoStepStatus::default()
            });
        };
        let left = store::recovery_codes_left(self.db.pool(), id).await?;
        Ok(TwoStepStatus {
            on_since: Some(on_since),
            recovery_codes_left: u32::try_from(left).unwrap_or(0),
            being_set_up: None,
        })
    }

    async fn start(&self, session: &CurrentSession) -> ServiceResult<AuthenticatorSetup> {
        self.new_authenticator(&session.viewer.account_id, &session.viewer.email)
            .await
    }

    async fn confirm(&self, session: &CurrentSession, code: &str) -> ServiceResult<Vec<String>> {
        let row = self.owner(session).await?;
        let Some(step) = self.first_code(&row, code).await? else {
            return self.wrong_code(&row.id).await;
        };
        let on = TurnOn {
            actor: Actor::Person(session),
            session_key: Some(&session.session_key),
        };
        self.turn_on(&row, step, on).await
    }

    async fn turn_off(&self, session: &CurrentSession, code: &str) -> ServiceResult<()> {
        let row = self.owner(session).await?;
        if self.policy_requires(&row).await? {
            return Err(AppError::invalid(
                "code",
                "The admins of this Portico require two-step sign-in for your account, so it stays on. To move it to a new phone, make new recovery codes first, then ask an admin to reset it.",
            )
            .into());
        }
        if self.spend_code(&row.id, code).await?.is_none() {
            return self.wrong_code(&row.id).await;
        }
        let mut tx = self.db.begin().await?;
        store::delete_factor(&mut tx, &row.id).await?;
        let subject = serde_json::json!({ "account_id": row.id, "email": row.email });
        audit::other(
            &mut tx,
            Actor::Person(session),
            "account.two_step_off",
            None,
            Some(&subject),
        )
        .await?;
        let notice = self.change_notice(&row, "Two-step sign-in is off", TURNED_OFF);
        self.outbox.queue(&mut *tx, &notice).await?;
        commit(tx).await?;
        self.outbox.wake();
        tracing::info!(account_id = %row.id, "two-step sign-in turned off");
        Ok(())
    }

    async fn new_recovery_codes(
        &self,
        session: &CurrentSession,
        code: &str,
    ) -> ServiceResult<Vec<String>> {
        let row = self.owner(session).await?;
        // A recovery code is not spent on new ones.
        if !looks_like_app_code(code) {
            return Err(AppError::invalid(
                "code",
                "Type the six digits your authenticator app shows.",
            )
            .into());
        }
        if self.spend_code(&row.id, code).await?.is_none() {
            return self.wrong_code(&row.id).await;
        }
        let mut tx = self.db.begin().await?;
        let codes = self.fresh_recovery_codes(&mut tx, &row.id).await?;
        let subject = serde_json::json!({ "account_id": row.id, "email": row.email });
        audit::other(
            &mut tx,
            Actor::Person(session),
            "account.recovery_codes_renewed",
            None,
            Some(&subject),
        )
        .await?;
        commit(tx).await?;
        Ok(codes)
    }

    async fn step_up(&self, session: &CurrentSession, code: &str) -> ServiceResult<()> {
        let row = self.owner(session).await?;
        if self.spend_code(&row.id, code).await?.is_none() {
            return self.wrong_code(&row.id).await;
        }
        sessions::set_second_factor(self.db.pool(), &session.session_key, now(), "otp").await?;
        Ok(())
    }

    async fn second_step(
        &self,
        challenge: &str,
        code: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        let waiting = self.waiting(challenge, Purpose::Code, ip).await?;
        let Some(spent) = self.spend_code(&waiting.account_id, code).await? else {
            return self.missed(&waiting, WRONG_CODE).await;
        };
        let (key, account_id) = (waiting.key, waiting.account_id);
        let amr = with_code(&waiting.first_factor);
        // One request turns a challenge into a session.
        if !store::delete_challenge(self.db.pool(), &key).await? {
            return Err(AppError::invalid("code", EXPIRED).into());
        }
        let row = account_store::find_by_id(self.db.pool(), &account_id)
            .await?
            .ok_or_else(|| AppError::invalid("code", EXPIRED))?;
        if matches!(spent, Spent::RecoveryCode) {
            self.audit_own(&row, "account.recovery_code_used").await?;
        }
        let token = self.start_session(&row, &amr).await?;
        tracing::info!(account_id = %row.id, "signed in with a second step");
        Ok((token, self.viewer(&row).await?))
    }

    async fn begin_set_up(&self, challenge: &str) -> ServiceResult<AuthenticatorSetup> {
        self.begin_required_set_up(challenge).await
    }

    async fn finish_set_up(
        &self,
        challenge: &str,
        code: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer, Vec<String>)> {
        self.finish_required_set_up(challenge, code, ip).await
    }

    async fn policy(&self, session: &CurrentSession) -> ServiceResult<SignInPolicy> {
        self.sign_in_policy(session).await
    }

    async fn set_policy(
        &self,
        session: &CurrentSession,
        policy: SignInPolicy,
    ) -> ServiceResult<SignInPolicy> {
        self.set_sign_in_policy(session, policy).await
    }
}

impl Accounts {
    /// The name authenticator apps list the account under: Portico and
    /// the host people know it by.
    pub(super) fn authenticator_issuer(&self) -> String {
        url::Url::parse(&self.public_url)
            .ok()
            .and_then(|u| u.host_str().map(|h| format!("Portico ({h})")))
            .unwrap_or_else(|| "Portico".to_owned())
    }
}

/// The key under which an account's wrong codes are counted (with its
/// wrong passwords' limit), whichever form they come through.
pub(super) fn codes_key(account_id: &str) -> String {
    format!("code:{account_id}")
}

/// What the sealed secret is bound to: it opens for this account only.
pub(super) fn secret_context(account_id: &str) -> String {
    format!("totp:{account_id}")
}

fn looks_like_app_code(typed: &str) -> bool {
    totp::code_as_typed(typed).is_some()
}

/// Recovery codes as typed: any case, with or without the dash and spaces.
fn normalise_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `xxxxx-xxxxx` from an alphabet without look-alikes (50 bits).
fn new_recovery_code() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz023456789";
    let bytes = random_bytes();
    let chars: String = bytes[..10]
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_typed_any_way() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        let spaced = code.to_uppercase().replace('-', " ");
        assert_eq!(
            normalise_recovery_code(&spaced),
            normalise_recovery_code(&code)
        );
        assert!(!looks_like_app_code(&code));
        assert!(looks_like_app_code("123 456"));
        assert!(!looks_like_app_code("12345"));
    }
}
