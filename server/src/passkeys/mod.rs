//! Passkeys (WebAuthn, with `webauthn-rs` as the relying party): adding
//! one to an account (`register`), signing in with one (`sign_in`) or
//! giving one as the second step after a password (`second_step`) or to
//! confirm it is the person before a change that hands out keys
//! (`step_up`), and
//! the `PasskeyService` the pages call (`service`).
//!
//! Each ceremony's state (the challenge the authenticator must sign)
//! waits in the database under the hash of a token the page holds, so any
//! replica finishes it, once, within `CEREMONY_TTL_SECS`. Browsers only
//! offer passkeys to a host named by a domain name: a Portico whose public
//! URL is an IP address has none (`available()` is false).

mod register;
mod second_step;
mod service;
mod sign_in;
mod step_up;

use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use app::model::{PasskeyCeremony, PasskeyInfo};
use app::services::{ServiceError, ServiceResult};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use webauthn_rs::prelude::{
    AuthenticationResult, Passkey, PasskeyAuthentication, PublicKeyCredential, Url, Webauthn,
    WebauthnBuilder,
};

use crate::accounts::Accounts;
use crate::crypto::tokens::{hash_token, random_token};
use crate::rate_limit::Limiter;
use crate::store::passkeys::{self as store, Kind, PasskeyRow};
use crate::store::{Db, now};

/// How long the browser has to answer (the authenticator's own timeout
/// is 5 minutes; a little slack for the round trips).
const CEREMONY_TTL_SECS: i64 = 6 * 60;
/// Ceremonies one address (sign-in) or account (registration) may start,
/// and failed passkey sign-ins one address may make, per window.
const PER_WINDOW: u32 = 60;
const WINDOW: Duration = Duration::from_secs(15 * 60);

const UNAVAILABLE: &str = "Passkeys work only when Portico is reached by a domain name (its public URL names an IP address).";
const EXPIRED: &str = "This passkey request has expired. Try again.";

pub struct Passkeys {
    db: Db,
    webauthn: Option<Webauthn>,
    accounts: Arc<Accounts>,
    /// Ceremonies started, per address or account.
    starts: Limiter,
    /// Failed sign-ins per address, failed step-ups per account.
    failures: Limiter,
}

/// Whether browsers offer passkeys for a Portico at `public_url` (they
/// do for a domain name, not for an IP address).
pub fn usable_at(public_url: &str) -> bool {
    Url::parse(public_url).is_ok_and(|url| url.domain().is_some())
}

impl Passkeys {
    pub fn new(db: Db, public_url: &Url, accounts: Arc<Accounts>) -> Arc<Self> {
        let webauthn = public_url.domain().and_then(|host| {
            WebauthnBuilder::new(host, public_url)
                .and_then(|b| b.rp_name("Portico").build())
                .inspect_err(|e| tracing::warn!(error = %e, "passkeys are off"))
                .ok()
        });
        if webauthn.is_none() {
            tracing::info!("passkeys are off: the public URL does not name a domain");
        }
        Arc::new(Self {
            starts: Limiter::new(db.clone(), "passkey ceremony", PER_WINDOW, WINDOW),
            failures: Limiter::new(db.clone(), "passkey sign-in address", PER_WINDOW, WINDOW),
            db,
            webauthn,
            accounts,
        })
    }

    fn webauthn(&self) -> ServiceResult<&Webauthn> {
        self.webauthn
            .as_ref()
            .ok_or_else(|| AppError::invalid("form", UNAVAILABLE).into())
    }

    async fn check_starts(&self, key: &str) -> ServiceResult<()> {
        if let Err(retry_after_secs) = self.starts.check(key).await? {
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        self.starts.record(key).await?;
        Ok(())
    }

    /// Keeps `state` for the browser's answer; the token names it.
    async fn keep(
        &self,
        kind: Kind,
        account_id: Option<&str>,
        state: &impl serde::Serialize,
    ) -> ServiceResult<String> {
        let state = serde_json::to_string(state)
            .map_err(|e| ServiceError::internal("keeping a passkey ceremony", e))?;
        let token = random_token();
        let now = now();
        store::delete_expired_ceremonies(self.db.pool(), now).await?;
        store::insert_ceremony(
            self.db.pool(),
            &hash_token(&token),
            kind,
            account_id,
            &state,
            now + CEREMONY_TTL_SECS,
        )
        .await?;
        Ok(token)
    }

    /// The state kept under `token`, spent; `None` when expired or used.
    async fn take<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        kind: Kind,
    ) -> ServiceResult<(Option<String>, T)> {
        let row = store::take_ceremony(self.db.pool(), &hash_token(token), kind, now())
            .await?
            .ok_or_else(|| AppError::invalid("form", EXPIRED))?;
        let state = serde_json::from_str(&row.state)
            .map_err(|e| ServiceError::internal("reading a passkey ceremony", e))?;
        Ok((row.account_id, state))
    }
}

impl Passkeys {
    /// Asks for one of `account_id`'s own passkeys (a second step or a
    /// step-up); `none` is the answer when it has none.
    async fn begin_own(
        &self,
        kind: Kind,
        account_id: &str,
        none: AppError,
    ) -> ServiceResult<PasskeyCeremony> {
        let webauthn = self.webauthn()?;
        self.check_starts(&format!("account:{account_id}")).await?;
        let passkeys = self.passkeys_of(account_id).await?;
        if passkeys.is_empty() {
            return Err(none.into());
        }
        let (options, state) = webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(|e| ServiceError::internal("starting a passkey check", e))?;
        let ceremony = self.keep(kind, Some(account_id), &state).await?;
        let options = serde_json::to_string(&options)
            .map_err(|e| ServiceError::internal("writing passkey options", e))?;
        Ok(PasskeyCeremony { ceremony, options })
    }

    /// The browser's answer to `begin_own`: `Ok` with the `amr` kind of
    /// the passkey (its use recorded) when one of `account_id`'s passkeys
    /// signed `state`'s challenge, `Err` with why not (for the log).
    async fn check_own(
        &self,
        state: &PasskeyAuthentication,
        account_id: &str,
        credential: &str,
    ) -> ServiceResult<Result<&'static str, &'static str>> {
        let webauthn = self.webauthn()?;
        let Ok(answer) = serde_json::from_str::<PublicKeyCredential>(credential) else {
            return Ok(Err("unreadable answer"));
        };
        let Some(stored) = store::find(self.db.pool(), &credential_id(answer.get_credential_id()))
            .await?
            .filter(|p| p.account_id == account_id)
        else {
            return Ok(Err("not a passkey of the account"));
        };
        let Ok(result) = webauthn.finish_passkey_authentication(&answer, state) else {
            return Ok(Err("assertion refused"));
        };
        Ok(Ok(self.record_use(&stored, &result).await?))
    }

    /// The passkeys of an account, as webauthn-rs takes them.
    async fn passkeys_of(&self, account_id: &str) -> ServiceResult<Vec<Passkey>> {
        Ok(store::of_account(self.db.pool(), account_id)
            .await?
            .iter()
            .filter_map(|row| serde_json::from_str(&row.passkey).ok())
            .collect())
    }

    /// After an accepted assertion by `stored`: its new counter and backup
    /// state kept, with the time; the `amr` of such a key.
    async fn record_use(
        &self,
        stored: &PasskeyRow,
        result: &AuthenticationResult,
    ) -> ServiceResult<&'static str> {
        let mut passkey = open(stored)?;
        passkey.update_credential(result);
        let updated = serde_json::to_string(&passkey)
            .map_err(|e| ServiceError::internal("storing a passkey", e))?;
        store::record_use(
            self.db.pool(),
            &stored.credential_id,
            &updated,
            result.backup_state(),
            now(),
        )
        .await?;
        Ok(key_kind(result.backup_eligible()))
    }
}

/// webauthn-rs's record of a stored passkey.
fn open(stored: &PasskeyRow) -> ServiceResult<Passkey> {
    serde_json::from_str(&stored.passkey)
        .map_err(|e| ServiceError::internal("reading a passkey", e))
}

/// RFC 8176 `amr` of a passkey: one the authenticator may copy to the
/// person's other devices is a software-secured key (`swk`); one bound to
/// its device, a hardware-secured key (`hwk`).
fn key_kind(backup_eligible: bool) -> &'static str {
    if backup_eligible { "swk" } else { "hwk" }
}

/// How pages show a stored passkey.
fn info(row: &PasskeyRow) -> PasskeyInfo {
    PasskeyInfo {
        id: row.credential_id.clone(),
        name: row.name.clone(),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        discoverable: row.discoverable != 0,
        synced: row.synced != 0,
    }
}

fn credential_id(raw: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(raw)
}
