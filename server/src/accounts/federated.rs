//! What signing in through an upstream OpenID provider needs of accounts:
//! finding one, making one with its link in one transaction, a password
//! check before an existing account is linked, and the ways in an account
//! has left (so the last one is never unlinked).

use std::net::IpAddr;

use app::error::AppError;
use app::services::{ServiceResult, SignedIn};

use super::{Accounts, limited};
use crate::audit::{self, Actor};
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::upstream::{self as store, IdentityRow};
use crate::store::{Conn, StoreError, commit, now};

/// An account the first sign-in through an upstream provider makes.
pub struct FederatedAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    /// The upstream says the address is verified.
    pub email_verified: bool,
    /// The provider's setting for new accounts.
    pub developer: bool,
}

impl Accounts {
    pub(crate) async fn account_by_id(&self, id: &str) -> ServiceResult<Option<AccountRow>> {
        Ok(account_store::find_by_id(self.db.pool(), id).await?)
    }

    pub(crate) async fn account_by_email(&self, email: &str) -> ServiceResult<Option<AccountRow>> {
        Ok(account_store::find_by_email(self.db.pool(), email).await?)
    }

    /// Signs in through a linked identity: a session, or the code step when
    /// the account has two-step sign-in on (`amr` `fed`, then `fed otp`).
    pub(crate) async fn federated_sign_in(&self, row: &AccountRow) -> ServiceResult<SignedIn> {
        self.after_first_step(row, super::AMR_FEDERATED).await
    }

    /// A new account (no password: it signs in through `identity`, or sets
    /// one with a reset link), linked to `identity`, in one transaction.
    pub(crate) async fn create_federated(
        &self,
        account: FederatedAccount<'_>,
        identity: &IdentityRow,
    ) -> ServiceResult<AccountRow> {
        let now = now();
        let verified = account.email_verified;
        // Where a verified address is required, the developer role comes
        // only with one.
        let developer = account.developer && (verified || !self.signup.require_verified);
        let row = AccountRow {
            id: uuid::Uuid::new_v4().to_string(),
            email: account.email.to_owned(),
            display_name: account.display_name.to_owned(),
            password_hash: String::new(),
            is_developer: i64::from(developer),
            is_admin: 0,
            created_at: now,
            email_verified_at: verified.then_some(now),
            disabled_at: None,
            last_sign_in_at: None,
        };
        let mut tx = self.db.begin().await?;
        self.insert_account_in(&mut tx, &row).await?;
        let identity = IdentityRow {
            account_id: row.id.clone(),
            ..identity.clone()
        };
        store::link(&mut *tx, &identity).await?;
        audit_link(&mut tx, &row, "account.signed_up_upstream", &identity).await?;
        commit(tx).await?;
        self.outbox.wake();
        tracing::info!(account_id = %row.id, provider = %identity.provider_id, "account made by an upstream sign-in");
        Ok(row)
    }

    /// Links `identity` to an existing account (the person proved it is
    /// theirs), audited.
    pub(crate) async fn link_identity(
        &self,
        row: &AccountRow,
        identity: &IdentityRow,
    ) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        match store::link(&mut *tx, identity).await {
            Err(StoreError::Unique(_)) => {
                return Err(AppError::conflict("form", ALREADY_LINKED).into());
            }
            other => other?,
        }
        audit_link(&mut tx, row, "account.upstream_linked", identity).await?;
        commit(tx).await?;
        Ok(())
    }

    /// Unlinks one identity, unless it is the account's last way in.
    pub(crate) async fn unlink_identity(
        &self,
        row: &AccountRow,
        issuer: &str,
        subject: &str,
    ) -> ServiceResult<()> {
        let linked = store::identities_of(self.db.pool(), &row.id).await?;
        if !linked
            .iter()
            .any(|i| i.issuer == issuer && i.subject == subject)
        {
            return Err(AppError::NotFound.into());
        }
        if row.password_hash.is_empty()
            && linked.len() == 1
            && crate::store::passkeys::count_of(self.db.pool(), &row.id).await? == 0
        {
            return Err(AppError::invalid("form", LAST_WAY_IN).into());
        }
        let mut tx = self.db.begin().await?;
        store::unlink(&mut *tx, &row.id, issuer, subject).await?;
        let actor = Actor::Account {
            id: &row.id,
            email: &row.email,
        };
        let what = serde_json::json!({ "account_id": row.id, "issuer": issuer });
        audit::other(
            &mut tx,
            actor,
            "account.upstream_unlinked",
            None,
            Some(&what),
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }

    /// The account's password, checked (and rate-limited) like a sign-in,
    /// before an upstream identity is linked to it.
    pub(crate) async fn confirm_password(
        &self,
        row: &AccountRow,
        password: &str,
        ip: IpAddr,
    ) -> ServiceResult<()> {
        let (email_key, ip_key) = (row.email.clone(), ip.to_string());
        self.by_email.check(&email_key).await?.map_err(limited)?;
        self.by_ip.check(&ip_key).await?.map_err(limited)?;
        let hash = Some(row.password_hash.as_str()).filter(|h| !h.is_empty());
        if self.hasher.verify(password, hash).await? {
            self.by_email.reset(&email_key).await?;
            return Ok(());
        }
        self.by_email.record(&email_key).await?;
        self.by_ip.record(&ip_key).await?;
        Err(AppError::invalid("password", WRONG_PASSWORD).into())
    }
}

/// An identity linked to `row` (by a sign-up or a linking), audited as
/// the account's own doing.
async fn audit_link(
    conn: &mut Conn,
    row: &AccountRow,
    action: &str,
    identity: &IdentityRow,
) -> ServiceResult<()> {
    let actor = Actor::Account {
        id: &row.id,
        email: &row.email,
    };
    let subject = serde_json::json!({
        "account_id": row.id, "provider": identity.provider_id, "issuer": identity.issuer,
    });
    audit::other(conn, actor, action, None, Some(&subject)).await?;
    Ok(())
}

const ALREADY_LINKED: &str = "That account of the provider is already linked to a Portico account.";
pub const LAST_WAY_IN: &str = "This is the only way you can sign in. Set a password (\"Forgot your password?\" on the sign-in page) or link another provider first.";
const WRONG_PASSWORD: &str = "That password is not right.";
