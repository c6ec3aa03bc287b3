//! Sessions: the one from a cookie, starting one (every way in), and the
//! viewer a session shows the pages.

use std::net::IpAddr;

use app::error::AppError;
use app::model::Viewer;
use app::services::{CurrentSession, ServiceResult, SessionToken};

use super::{Accounts, standing};
use crate::config::DeveloperPolicy;
use crate::crypto::tokens::{hash_token, random_token};
use crate::orgs::personal;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::clients as client_store;
use crate::store::{StoreError, StoreResult, commit, now, sessions};

/// How often a session's "last seen" (and address, browser) is written:
/// at most once a minute, not on every request.
const SEEN_EVERY_SECS: i64 = 60;

/// Where a request with a session cookie came from.
pub struct SeenFrom<'a> {
    pub ip: IpAddr,
    pub user_agent: Option<&'a str>,
}

/// The longest browser description kept.
const USER_AGENT_MAX: usize = 256;

impl Accounts {
    /// The session behind a cookie value, if it is live; notes that it was
    /// seen (a failure to note it is logged, and the request goes on).
    pub async fn session(
        &self,
        token: &str,
        seen: SeenFrom<'_>,
    ) -> Result<Option<CurrentSession>, StoreError> {
        let key = hash_token(token);
        let now = now();
        let Some(row) = sessions::find_account(self.db.pool(), &key, now).await? else {
            return Ok(None);
        };
        if row
            .last_seen_at
            .is_none_or(|at| now.saturating_sub(at) >= SEEN_EVERY_SECS)
        {
            let agent = seen.user_agent.map(|a| {
                a.char_indices()
                    .nth(USER_AGENT_MAX)
                    .map_or(a, |(end, _)| &a[..end])
            });
            let ip = seen.ip.to_string();
            if let Err(err) = sessions::touch(self.db.pool(), &key, now, &ip, agent).await {
                tracing::warn!(error = %err, "could not note when a session was seen");
            }
        }
        let has_app = row.has_app > 0;
        // Passkeys count where the browser can give one.
        let has_passkey = row.passkeys > 0 && self.passkeys_usable;
        // The policy is met by an authenticator app or a passkey.
        let due = row.two_step_due_at.filter(|_| !has_app && !has_passkey);
        if due.is_some_and(|due| due <= now) {
            // Required, and the grace period is over: the session ends
            // here, and signing in again sets up the authenticator first.
            return Ok(None);
        }
        let mut viewer = self.viewer_in(&row.account, row.org_id.as_deref()).await?;
        viewer.two_step_due = due;
        Ok(Some(CurrentSession {
            session_key: key,
            viewer,
            signed_in_at: row.signed_in_at,
            amr: row.amr,
            has_app,
            has_passkey,
            second_factor_at: row.second_factor_at,
        }))
    }

    /// The viewer an account is, acting for its personal organisation.
    pub(super) async fn viewer(&self, account: &AccountRow) -> StoreResult<Viewer> {
        self.viewer_in(account, None).await
    }

    /// The viewer an account is, acting for `active` while a member there,
    /// with whether this Portico requires a confirmed address.
    pub(super) async fn viewer_in(
        &self,
        account: &AccountRow,
        active: Option<&str>,
    ) -> StoreResult<Viewer> {
        let mut viewer = personal::viewer(self.db.pool(), account, active).await?;
        viewer.verification_required = self.signup.require_verified;
        viewer.may_become_developer =
            self.signup.developers == DeveloperPolicy::SelfService && !account.developer();
        if viewer.is_admin {
            viewer.waiting_approvals = client_store::count_waiting(self.db.pool()).await?;
        }
        Ok(viewer)
    }

    /// Every way in (sign-in, sign-up, setup, a password reset) ends
    /// here: a disabled account gets no session, and a signed-in one's
    /// time is kept for the admins' list.
    /// `amr` says how the person proved who they are (`pwd`, `pwd otp`),
    /// for the ID tokens issued under the session.
    pub(super) async fn start_session(
        &self,
        account: &AccountRow,
        amr: &str,
    ) -> ServiceResult<SessionToken> {
        if account.disabled() {
            return Err(AppError::invalid("form", standing::DISABLED).into());
        }
        let token = random_token();
        let now = now();
        let ttl = i64::try_from(self.session_ttl.as_secs()).unwrap_or(i64::MAX);
        let mut tx = self.db.begin().await?;
        sessions::insert(
            &mut *tx,
            &hash_token(&token),
            &account.id,
            now,
            now.saturating_add(ttl),
            amr,
            crate::oidc::tokens::multi_factor(amr).then_some(now),
        )
        .await?;
        account_store::record_sign_in(&mut *tx, &account.id, now).await?;
        commit(tx).await?;
        Ok(SessionToken(token))
    }
}
