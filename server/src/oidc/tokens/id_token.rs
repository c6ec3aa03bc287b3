//! ID tokens (OIDC Core §2), built and signed by `openidconnect` with the
//! provider's aws-lc-rs key of the client's `id_token_signed_response_alg`
//! (RS256 unless the client registered ES256). They name the client's
//! organisation (`org_id`, and `org_number` when it has one), as access
//! tokens do.

use chrono::{TimeZone as _, Utc};
use openidconnect::core::{
    CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessToken, AdditionalClaims, Audience, AuthenticationContextClass,
    AuthenticationMethodReference, AuthorizationCode, EmptyExtraTokenFields, EndUserEmail,
    EndUserName, IssuerUrl, LocalizedClaim, Nonce, StandardClaims, SubjectIdentifier,
};
use serde::{Deserialize, Serialize};

use app::domain::Scopes;

use super::TOKEN_TTL_SECS;
use crate::oidc::keys::signing_key::Jws as _;
use crate::oidc::{OAuthError, Provider, ProviderClient};
use crate::store::accounts as account_store;
use crate::store::now;

/// The organisation whose client the token is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgClaims {
    pub org_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_number: Option<String>,
}

impl AdditionalClaims for OrgClaims {}

impl OrgClaims {
    pub fn of(client: &ProviderClient) -> Self {
        Self {
            org_id: client.org.id.clone(),
            org_number: client.org.number.clone(),
        }
    }
}

pub type IdToken = openidconnect::IdToken<
    OrgClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The token endpoint's `id_token` field, with Portico's claims.
pub type IdTokenFields = openidconnect::IdTokenFields<
    OrgClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

pub struct IdTokenRequest<'a> {
    pub client: &'a ProviderClient,
    pub account_id: &'a str,
    pub scopes: &'a Scopes,
    pub auth_time: i64,
    /// How the person proved who they are, space-separated (RFC 8176):
    /// `pwd`, `pwd otp`.
    pub amr: &'a str,
    pub nonce: Option<&'a str>,
    /// For `at_hash` / `c_hash`.
    pub access_token: Option<&'a str>,
    pub code: Option<&'a str>,
}

impl Provider {
    pub async fn id_token(&self, request: IdTokenRequest<'_>) -> Result<IdToken, OAuthError> {
        let account = account_store::find_by_id(self.db.pool(), request.account_id)
            .await
            .map_err(|e| self.internal("reading the user for an ID token", e))?
            .ok_or_else(|| OAuthError::invalid_grant("The user's account no longer exists."))?;
        let has = |scope: &str| request.scopes.contains(scope);
        let mut standard = StandardClaims::new(SubjectIdentifier::new(account.id.clone()));
        if has("profile") {
            let mut name = LocalizedClaim::new();
            name.insert(None, EndUserName::new(account.display_name.clone()));
            standard = standard.set_name(Some(name));
        }
        if has("email") {
            // Confirmed by the link sent at sign-up (or made by an operator).
            standard = standard
                .set_email(Some(EndUserEmail::new(account.email.clone())))
                .set_email_verified(Some(account.email_verified_at.is_some()));
        }
        let iat = now();
        let time = |secs: i64| Utc.timestamp_opt(secs, 0).single().unwrap_or_else(Utc::now);
        let issuer = IssuerUrl::new(self.issuer.to_string())
            .map_err(|e| self.internal("naming the issuer", e))?;
        let claims = openidconnect::IdTokenClaims::new(
            issuer,
            vec![Audience::new(request.client.id.clone())],
            time(iat + TOKEN_TTL_SECS),
            time(iat),
            standard,
            OrgClaims::of(request.client),
        )
        .set_auth_time(Some(time(request.auth_time)))
        .set_auth_method_refs(Some(
            request
                .amr
                .split_whitespace()
                .map(|m| AuthenticationMethodReference::new(m.to_owned()))
                .collect(),
        ))
        .set_auth_context_ref(Some(AuthenticationContextClass::new(
            super::acr_of(request.amr).to_owned(),
        )))
        .set_nonce(request.nonce.map(|n| Nonce::new(n.to_owned())));
        let alg = request.client.id_token_alg;
        let key = self.keys.current(alg);
        let access_token = request.access_token.map(|t| AccessToken::new(t.to_owned()));
        let code = request.code.map(|c| AuthorizationCode::new(c.to_owned()));
        IdToken::new(
            claims,
            key.as_ref(),
            alg.jws(),
            access_token.as_ref(),
            code.as_ref(),
        )
        .map_err(|e| self.internal("signing an ID token", e))
    }
}
