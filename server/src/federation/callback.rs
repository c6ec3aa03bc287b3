//! The provider sends the browser back: the sign-in it belongs to is taken
//! (once, and only by the browser that started it), the code redeemed, and
//! the verified identity signs in its linked account, is linked to the
//! signed-in person, makes a new account, or — when its verified address
//! is an existing account's — waits for that account's password.

use app::domain::{DisplayName, Email, domain_allowed};
use app::services::{ServiceError, ServiceResult, SignedIn};
use secrecy::SecretString;
use serde::Deserialize;

use super::flow::{self, Identity};
use super::{Federation, SIGN_IN_TTL_SECS, secret_context, verifier_context};
use crate::accounts::FederatedAccount;
use crate::crypto::tokens::{hash_token, random_token};
use crate::store::accounts::AccountRow;
use crate::store::now;
use crate::store::upstream::{self as store, IdentityRow, OfferRow, ProviderRow, SignInRow};

/// What the provider puts on the redirect URI.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// Why an upstream sign-in signed nobody in; `code()` is what the sign-in
/// page is told (`app::model::upstream_failure_message`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No live sign-in for this state in this browser.
    Expired,
    /// The provider answered with an error (the person cancelled).
    Denied,
    /// The provider could not be reached or its answer did not verify.
    Unavailable,
    NoEmail,
    Domain,
    /// An account has the address, which the provider does not vouch for.
    Unverified,
    Disabled,
    /// Linking: the identity belongs to another account.
    LinkedElsewhere,
}

impl Failure {
    pub fn code(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Denied => "denied",
            Self::Unavailable => "unavailable",
            Self::NoEmail => "no_email",
            Self::Domain => "domain",
            Self::Unverified => "unverified",
            Self::Disabled => "disabled",
            Self::LinkedElsewhere => "linked_elsewhere",
        }
    }
}

/// Where a verified identity led.
#[derive(Debug)]
pub enum Finished {
    SignedIn(SignedIn),
    /// Linked to the signed-in person who asked for it (or already was).
    Linked,
    /// The token of a link offer (`/login/link?offer=`).
    Offer(String),
}

/// A finished callback: its result, where the person was going, and
/// whether it was a signed-in person's linking (answered on `/account`).
pub struct Outcome {
    pub result: Result<Finished, Failure>,
    pub next: String,
    pub linking: bool,
}

impl Federation {
    /// `cookie_state` is the state this browser kept when it left.
    pub async fn finish(
        &self,
        cookie_state: Option<&str>,
        query: &CallbackQuery,
    ) -> ServiceResult<Outcome> {
        let state = query.state.as_deref().unwrap_or_default();
        let same_browser = !state.is_empty()
            && cookie_state.is_some_and(|kept| {
                // Compared as hashes: no early exit on the secret itself.
                hash_token(kept) == hash_token(state)
            });
        let taken = if same_browser {
            let mut conn = self.db.acquire().await?;
            store::take_sign_in(&mut conn, &hash_token(state), now()).await?
        } else {
            None
        };
        let Some(sign_in) = taken else {
            return Ok(Outcome {
                result: Err(Failure::Expired),
                next: "/".into(),
                linking: false,
            });
        };
        let next = sign_in.next.clone();
        let linking = sign_in.link_account_id.is_some();
        let result = self.complete(state, sign_in, query).await?;
        Ok(Outcome {
            result,
            next,
            linking,
        })
    }

    async fn complete(
        &self,
        state: &str,
        sign_in: SignInRow,
        query: &CallbackQuery,
    ) -> ServiceResult<Result<Finished, Failure>> {
        let (Some(code), None) = (&query.code, &query.error) else {
            return Ok(Err(Failure::Denied));
        };
        let Some(provider) = self.enabled(&sign_in.provider_id).await? else {
            return Ok(Err(Failure::Expired));
        };
        let identity = match self.redeem(&provider, state, &sign_in, code).await? {
            Ok(identity) => identity,
            Err(failure) => return Ok(Err(failure)),
        };
        if let Some(account_id) = &sign_in.link_account_id {
            return self.link_to(account_id, &provider, &identity).await;
        }
        let email = identity.email.as_deref().and_then(|e| Email::parse(e).ok());
        // With domains set, an address in one of them is required.
        let restricted = !provider.allowed_domains.trim().is_empty();
        if restricted
            && !email
                .as_ref()
                .is_some_and(|e| domain_allowed(&provider.allowed_domains, e.as_ref()))
        {
            return Ok(Err(Failure::Domain));
        }
        let linked = store::identity(self.db.pool(), &identity.issuer, &identity.subject).await?;
        if let Some(linked) = linked {
            let seen = email.as_ref().map_or(linked.email.as_str(), AsRef::as_ref);
            store::record_use(self.db.pool(), &linked.issuer, &linked.subject, seen, now()).await?;
            let Some(row) = self.accounts.account_by_id(&linked.account_id).await? else {
                return Ok(Err(Failure::Expired));
            };
            return self.sign_in(&row).await;
        }
        let Some(email) = email else {
            return Ok(Err(Failure::NoEmail));
        };
        let new_link = IdentityRow {
            issuer: identity.issuer.clone(),
            subject: identity.subject.clone(),
            provider_id: provider.id.clone(),
            account_id: String::new(),
            email: email.as_ref().to_owned(),
            linked_at: now(),
            last_used_at: Some(now()),
        };
        if let Some(existing) = self.accounts.account_by_email(email.as_ref()).await? {
            if !identity.email_verified {
                return Ok(Err(Failure::Unverified));
            }
            return self.offer(&existing, &new_link, &sign_in.next).await;
        }
        let name = identity
            .name
            .as_deref()
            .and_then(|n| DisplayName::parse(n).ok())
            .or_else(|| DisplayName::parse(email.as_ref().split('@').next()?).ok());
        let name = name.as_ref().map_or("Portico user", AsRef::as_ref);
        let account = FederatedAccount {
            email: email.as_ref(),
            display_name: name,
            email_verified: identity.email_verified,
            developer: provider.new_accounts == "developer",
        };
        let row = match self.accounts.create_federated(account, &new_link).await {
            Ok(row) => row,
            // Someone took the address a moment ago.
            Err(ServiceError::Public(_)) => return Ok(Err(Failure::Unverified)),
            Err(other) => return Err(other),
        };
        self.sign_in(&row).await
    }

    /// The code redeemed and the ID token verified; a provider's failure
    /// is logged with its detail and told as `Unavailable`.
    async fn redeem(
        &self,
        provider: &ProviderRow,
        state: &str,
        sign_in: &SignInRow,
        code: &str,
    ) -> ServiceResult<Result<Identity, Failure>> {
        let (secret, verifier) = match (
            self.sealer.open(
                &provider.sealed_client_secret,
                &secret_context(&provider.id),
            ),
            self.sealer
                .open(&sign_in.sealed_verifier, &verifier_context(state)),
        ) {
            (Ok(secret), Ok(verifier)) => (secret, verifier),
            _ => {
                return Err(ServiceError::internal(
                    "opening an upstream provider's sealed values",
                    "wrong key-encryption key or damaged data",
                ));
            }
        };
        let secret = SecretString::from(String::from_utf8_lossy(&secret).into_owned());
        let verifier = String::from_utf8_lossy(&verifier).into_owned();
        let redeemed = flow::redeem(
            &self.discovery,
            provider,
            secret,
            &self.redirect_uri(),
            code,
            verifier,
            &sign_in.nonce,
        )
        .await;
        Ok(redeemed.map_err(|err| {
            tracing::warn!(provider = %provider.id, error = %err, "upstream sign-in refused");
            Failure::Unavailable
        }))
    }

    async fn sign_in(&self, row: &AccountRow) -> ServiceResult<Result<Finished, Failure>> {
        if row.disabled() {
            return Ok(Err(Failure::Disabled));
        }
        let signed_in = self.accounts.federated_sign_in(row).await?;
        tracing::info!(account_id = %row.id, "signed in through an upstream provider");
        Ok(Ok(Finished::SignedIn(signed_in)))
    }

    /// A signed-in person links the identity to their own account.
    async fn link_to(
        &self,
        account_id: &str,
        provider: &ProviderRow,
        identity: &Identity,
    ) -> ServiceResult<Result<Finished, Failure>> {
        if let Some(linked) =
            store::identity(self.db.pool(), &identity.issuer, &identity.subject).await?
        {
            return Ok(if linked.account_id == account_id {
                Ok(Finished::Linked)
            } else {
                Err(Failure::LinkedElsewhere)
            });
        }
        let Some(row) = self.accounts.account_by_id(account_id).await? else {
            return Ok(Err(Failure::Expired));
        };
        let link = IdentityRow {
            issuer: identity.issuer.clone(),
            subject: identity.subject.clone(),
            provider_id: provider.id.clone(),
            account_id: row.id.clone(),
            email: identity.email.clone().unwrap_or_default(),
            linked_at: now(),
            last_used_at: None,
        };
        match self.accounts.link_identity(&row, &link).await {
            Ok(()) => Ok(Ok(Finished::Linked)),
            Err(ServiceError::Public(_)) => Ok(Err(Failure::LinkedElsewhere)),
            Err(other) => Err(other),
        }
    }

    /// The identity waits for the existing account's password.
    async fn offer(
        &self,
        existing: &AccountRow,
        link: &IdentityRow,
        next: &str,
    ) -> ServiceResult<Result<Finished, Failure>> {
        if existing.disabled() {
            return Ok(Err(Failure::Disabled));
        }
        // The browser holds the token; the store its hash.
        let token = random_token();
        let offer = OfferRow {
            provider_id: link.provider_id.clone(),
            issuer: link.issuer.clone(),
            subject: link.subject.clone(),
            email: link.email.clone(),
            account_id: existing.id.clone(),
            next: next.to_owned(),
        };
        let now = now();
        store::insert_offer(
            self.db.pool(),
            &hash_token(&token),
            &offer,
            now,
            now + SIGN_IN_TTL_SECS,
        )
        .await?;
        Ok(Ok(Finished::Offer(token)))
    }
}
