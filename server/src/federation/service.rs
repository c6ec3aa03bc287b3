//! The `FederationService` the pages' server functions call.

use std::net::IpAddr;

use app::error::AppError;
use app::model::{IdentityProvider, LinkOffer, LinkedIdentities, LinkedIdentity, SignInOption};
use app::services::{CurrentSession, FederationService, ProviderSettings, ServiceResult, SignedIn};
use async_trait::async_trait;

use super::Federation;
use crate::audit::{self, Actor};
use crate::crypto::tokens::hash_token;
use crate::store::upstream::{self as store, IdentityRow, ProviderRow};
use crate::store::{commit, now};

const OFFER_EXPIRED: &str =
    "This link has expired. Sign in with the provider again, or with your password.";

impl Federation {
    fn admin(session: &CurrentSession) -> ServiceResult<()> {
        if session.viewer.is_admin {
            Ok(())
        } else {
            Err(AppError::Forbidden.into())
        }
    }

    async fn audit_change(
        &self,
        session: &CurrentSession,
        action: &str,
        before: Option<&IdentityProvider>,
        after: Option<&IdentityProvider>,
    ) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        audit::other(&mut tx, Actor::Person(session), action, before, after).await?;
        commit(tx).await?;
        Ok(())
    }
}

/// A provider's "Sign in with …" (or "Link …") button.
fn sign_in_option(provider: &ProviderRow) -> SignInOption {
    SignInOption {
        id: provider.id.clone(),
        display_name: provider.display_name.clone(),
    }
}

#[async_trait]
impl FederationService for Federation {
    async fn sign_in_options(&self) -> ServiceResult<Vec<SignInOption>> {
        Ok(store::providers(self.db.pool())
            .await?
            .iter()
            .filter(|p| p.enabled != 0)
            .map(sign_in_option)
            .collect())
    }

    async fn providers(&self, admin: &CurrentSession) -> ServiceResult<Vec<IdentityProvider>> {
        Self::admin(admin)?;
        let counts = store::linked_counts(self.db.pool()).await?;
        let linked = |id: &str| counts.iter().find(|(p, _)| p == id).map_or(0, |(_, n)| *n);
        Ok(store::providers(self.db.pool())
            .await?
            .iter()
            .map(|row| self.describe(row, linked(&row.id)))
            .collect())
    }

    async fn save_provider(
        &self,
        admin: &CurrentSession,
        settings: ProviderSettings,
        creating: bool,
    ) -> ServiceResult<IdentityProvider> {
        Self::admin(admin)?;
        admin.require_fresh_second_factor()?;
        let (row, before) = self.save(&settings, creating).await?;
        let after = self.describe(&row, 0);
        let before = before.map(|b| self.describe(&b, 0));
        let action = if creating {
            "identity_provider.added"
        } else {
            "identity_provider.changed"
        };
        self.audit_change(admin, action, before.as_ref(), Some(&after))
            .await?;
        tracing::info!(provider = %row.id, "identity provider saved");
        Ok(after)
    }

    async fn delete_provider(&self, admin: &CurrentSession, id: &str) -> ServiceResult<()> {
        Self::admin(admin)?;
        admin.require_fresh_second_factor()?;
        let Some(row) = store::provider(self.db.pool(), id).await? else {
            return Err(AppError::NotFound.into());
        };
        if row.from_config != 0 {
            return Err(AppError::invalid(
                "form",
                "This provider is set in the config file; remove it there.",
            )
            .into());
        }
        store::delete_provider(self.db.pool(), id).await?;
        let before = self.describe(&row, 0);
        self.audit_change(admin, "identity_provider.removed", Some(&before), None)
            .await?;
        Ok(())
    }

    async fn linked(&self, session: &CurrentSession) -> ServiceResult<LinkedIdentities> {
        let providers = store::providers(self.db.pool()).await?;
        let name = |id: &str| {
            providers
                .iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), |p| p.display_name.clone())
        };
        let linked: Vec<LinkedIdentity> =
            store::identities_of(self.db.pool(), &session.viewer.account_id)
                .await?
                .into_iter()
                .map(|i: IdentityRow| LinkedIdentity {
                    provider_name: name(&i.provider_id),
                    provider_id: i.provider_id,
                    issuer: i.issuer,
                    subject: i.subject,
                    email: i.email,
                    linked_at: i.linked_at,
                    last_used_at: i.last_used_at,
                })
                .collect();
        // Another account of a provider already linked is rare: its
        // button would mostly confuse.
        let available = providers
            .iter()
            .filter(|p| p.enabled != 0 && !linked.iter().any(|l| l.provider_id == p.id))
            .map(sign_in_option)
            .collect();
        Ok(LinkedIdentities {
            linked,
            available,
            has_password: session.viewer.has_password,
            has_passkeys: crate::store::passkeys::count_of(
                self.db.pool(),
                &session.viewer.account_id,
            )
            .await?
                > 0,
        })
    }

    async fn unlink(
        &self,
        session: &CurrentSession,
        issuer: &str,
        subject: &str,
    ) -> ServiceResult<()> {
        let account = self
            .accounts
            .account_by_id(&session.viewer.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        self.accounts
            .unlink_identity(&account, issuer, subject)
            .await
    }

    async fn link_offer(&self, token: &str) -> ServiceResult<LinkOffer> {
        let Some(offer) = store::find_offer(self.db.pool(), &hash_token(token), now()).await?
        else {
            return Err(AppError::invalid("password", OFFER_EXPIRED).into());
        };
        let provider = store::provider(self.db.pool(), &offer.provider_id).await?;
        Ok(LinkOffer {
            provider_name: provider.map_or(offer.provider_id, |p| p.display_name),
            email: offer.email,
        })
    }

    async fn accept_link_offer(
        &self,
        token: &str,
        password: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SignedIn, String)> {
        let key = hash_token(token);
        let expired = || AppError::invalid("password", OFFER_EXPIRED);
        let offer = store::find_offer(self.db.pool(), &key, now())
            .await?
            .ok_or_else(expired)?;
        let account = self
            .accounts
            .account_by_id(&offer.account_id)
            .await?
            .ok_or_else(expired)?;
        self.accounts
            .confirm_password(&account, password, ip)
            .await?;
        // One request turns an offer into a link.
        if !store::delete_offer(self.db.pool(), &key).await? {
            return Err(expired().into());
        }
        let link = IdentityRow {
            issuer: offer.issuer,
            subject: offer.subject,
            provider_id: offer.provider_id,
            account_id: account.id.clone(),
            email: offer.email,
            linked_at: now(),
            last_used_at: Some(now()),
        };
        self.accounts.link_identity(&account, &link).await?;
        let signed_in = self
            .accounts
            .after_first_step(&account, crate::accounts::AMR_PASSWORD)
            .await?;
        Ok((signed_in, offer.next))
    }
}
