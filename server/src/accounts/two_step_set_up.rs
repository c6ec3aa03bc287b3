//! Setting up an authenticator app: a new secret, its first code, and the
//! sign-ins waiting for a code (or for a set-up the policy requires).

use std::net::IpAddr;

use app::error::AppError;
use app::model::{AuthenticatorSetup, group_secret};
use app::services::ServiceResult;

use super::two_step::{CHALLENGE_FAILURES, EXPIRED, TURNED_ON, codes_key, secret_context};
use super::{Accounts, limited};
use crate::audit::{self, Actor};
use crate::crypto::tokens::{hash_token, random_bytes};
use crate::crypto::totp;
use crate::store::accounts::AccountRow;
use crate::store::two_step::{self as store, Purpose};
use crate::store::{commit, now, sessions, sign_in_policy as policy_store};

/// How long an authenticator being set up is shown again before a new
/// key is made for it.
const SET_UP_SHOWN_SECS: i64 = 30 * 60;

/// A correct password waiting for its next step, found by its token.
pub(super) struct Waiting {
    pub key: String,
    pub account_id: String,
    /// How the first step was made (`pwd`, `fed`).
    pub first_factor: String,
    failures: i64,
    ip_key: String,
    account_key: String,
}

impl Accounts {
    /// The live challenge for `purpose` behind `challenge`, once the
    /// address and the account may still guess. Wrong codes count like
    /// wrong passwords: per address, and per account across challenges
    /// (a new password does not buy new guesses).
    pub(super) async fn waiting(
        &self,
        challenge: &str,
        purpose: Purpose,
        ip: IpAddr,
    ) -> ServiceResult<Waiting> {
        let key = hash_token(challenge);
        let Some((account_id, failures, first_factor)) =
            store::find_challenge(self.db.pool(), &key, purpose, now()).await?
        else {
            return Err(AppError::invalid("code", EXPIRED).into());
        };
        let (ip_key, account_key) = (ip.to_string(), codes_key(&account_id));
        self.by_ip.check(&ip_key).await?.map_err(limited)?;
        self.by_email.check(&account_key).await?.map_err(limited)?;
        Ok(Waiting {
            key,
            account_id,
            first_factor,
            failures,
            ip_key,
            account_key,
        })
    }

    /// A wrong code for a waiting sign-in: counted, and the fifth ends it;
    /// `says` what is wrong.
    pub(super) async fn missed<T>(
        &self,
        waiting: &Waiting,
        says: &'static str,
    ) -> ServiceResult<T> {
        self.by_ip.record(&waiting.ip_key).await?;
        self.by_email.record(&waiting.account_key).await?;
        if waiting.failures + 1 >= CHALLENGE_FAILURES {
            store::delete_challenge(self.db.pool(), &waiting.key).await?;
            return Err(AppError::invalid(
                "code",
                "Too many wrong codes. Sign in again with your password.",
            )
            .into());
        }
        store::record_challenge_failure(self.db.pool(), &waiting.key).await?;
        tracing::info!(ip = %waiting.ip_key, "wrong second-step code");
        Err(AppError::invalid("code", says).into())
    }
}

/// Who turns an authenticator on, and the session its first code vouches
/// for (none while signing in).
pub(super) struct TurnOn<'a> {
    pub actor: Actor<'a>,
    pub session_key: Option<&'a str>,
}

impl Accounts {
    /// A new secret for the account to scan; replaces one being set up,
    /// refused while an authenticator is on.
    pub(super) async fn new_authenticator(
        &self,
        account_id: &str,
        email: &str,
    ) -> ServiceResult<AuthenticatorSetup> {
        let secret = &random_bytes()[..totp::SECRET_LEN];
        let sealed = self
            .sealer
            .seal(secret, &secret_context(account_id))
            .map_err(|e| app::services::ServiceError::Internal(e.into()))?;
        if !store::start_factor(self.db.pool(), account_id, &sealed, now()).await? {
            return Err(AppError::invalid(
                "form",
                "Two-step sign-in is on already. Turn it off first to use another app.",
            )
            .into());
        }
        self.setup_of(email, secret)
    }

    /// The authenticator `account_id` started to set up and has not
    /// turned on, while it is recent: a page drawn again (a reload, a
    /// wrong first code, a page sent without the bundle coming back from
    /// its form) shows the key the app scanned, not a new one.
    pub(super) async fn authenticator_being_set_up(
        &self,
        account_id: &str,
        email: &str,
    ) -> ServiceResult<Option<AuthenticatorSetup>> {
        let Some(factor) = store::find_factor(self.db.pool(), account_id).await? else {
            return Ok(None);
        };
        if factor.confirmed_at.is_some() || now() - factor.created_at > SET_UP_SHOWN_SECS {
            return Ok(None);
        }
        let secret = self.open_secret(account_id, &factor.secret_sealed)?;
        self.setup_of(email, &secret).map(Some)
    }

    /// What an app scans or is typed into for `secret`.
    fn setup_of(&self, email: &str, secret: &[u8]) -> ServiceResult<AuthenticatorSetup> {
        let uri = totp::otpauth_uri(&self.authenticator_issuer(), email, secret);
        let qr_svg =
            totp::qr_svg(&uri).map_err(|e| app::services::ServiceError::Internal(e.into()))?;
        Ok(AuthenticatorSetup {
            secret: group_secret(&totp::base32(secret)),
            uri,
            qr_svg,
        })
    }

    /// The time step of `code` when it is a code of the authenticator
    /// being set up; `None` when it is not.
    pub(super) async fn first_code(
        &self,
        row: &AccountRow,
        code: &str,
    ) -> ServiceResult<Option<i64>> {
        let Some(factor) = store::find_factor(self.db.pool(), &row.id).await? else {
            return Err(AppError::invalid(
                "code",
                "Start the set-up again: no authenticator is being set up.",
            )
            .into());
        };
        if factor.confirmed_at.is_some() {
            return Err(AppError::invalid("code", "Two-step sign-in is on already.").into());
        }
        let secret = self.open_secret(&row.id, &factor.secret_sealed)?;
        Ok(totp::verify(&secret, code, now(), None))
    }

    /// Turns the authenticator being set up on with its first code's
    /// `step`: the recovery codes, shown once; the owner is told by email.
    pub(super) async fn turn_on(
        &self,
        row: &AccountRow,
        step: i64,
        on: TurnOn<'_>,
    ) -> ServiceResult<Vec<String>> {
        let mut tx = self.db.begin().await?;
        if !store::confirm_factor(&mut *tx, &row.id, step, now()).await? {
            return Err(AppError::invalid("code", "Two-step sign-in is on already.").into());
        }
        let codes = self.fresh_recovery_codes(&mut tx, &row.id).await?;
        let subject = serde_json::json!({ "account_id": row.id, "email": row.email });
        audit::other(
            &mut tx,
            on.actor,
            "account.two_step_on",
            None,
            Some(&subject),
        )
        .await?;
        // A grace period ends once it is on; a later reset starts another.
        policy_store::end_grace(&mut *tx, &row.id).await?;
        if let Some(key) = on.session_key {
            // The code just typed vouches for this session's next changes.
            sessions::set_second_factor(&mut *tx, key, now(), "otp").await?;
        }
        let notice = self.change_notice(row, "Two-step sign-in is on", TURNED_ON);
        self.outbox.queue(&mut *tx, &notice).await?;
        commit(tx).await?;
        self.outbox.wake();
        tracing::info!(account_id = %row.id, "two-step sign-in turned on");
        Ok(codes)
    }
}
