//! Access tokens (RFC 9068 JWT claims, issuing and checking them), ID
//! tokens, and the endpoints that read tokens: bearer checks on resource
//! endpoints, introspection and revocation, userinfo.

pub mod bearer;
pub mod id_token;
pub mod introspect;
pub mod userinfo;

use app::domain::Scopes;
use serde::{Deserialize, Serialize};

use super::keys::jwt;
use super::{OAuthError, Provider, ProviderClient};
use crate::crypto::tokens::random_token;
use crate::store::{now, tokens as token_store};

/// Lifetime of access and ID tokens.
pub const TOKEN_TTL_SECS: i64 = 3600;

/// Authentication context classes (`acr`), as discovery lists them: a
/// sign-in by password alone, and one that took a second factor too. A
/// client asks for the second with `acr_values` at the authorization
/// endpoint.
pub const ACR_PASSWORD: &str = "urn:portico:acr:password";
pub const ACR_MFA: &str = "urn:portico:acr:mfa";

/// The `acr` of a sign-in whose `amr` is `amr` (space-separated).
pub fn acr_of(amr: &str) -> &'static str {
    if multi_factor(amr) {
        ACR_MFA
    } else {
        ACR_PASSWORD
    }
}

/// Whether a sign-in whose `amr` is `amr` took more than one factor: a
/// code after the first step (`otp`), or a passkey that checked the
/// person as well (`mfa`).
pub fn multi_factor(amr: &str) -> bool {
    amr.split_whitespace().any(|m| m == "otp" || m == "mfa")
}

/// Scopes that describe an end user; they mean nothing without one.
pub const USER_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// RFC 9068 §2.2 claims, plus the grant a user token belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// The end user's account id, or the client id for client_credentials.
    pub sub: String,
    pub aud: Vec<String>,
    pub client_id: String,
    /// Space-separated on the wire.
    pub scope: Scopes,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// The grant (user authorization) this token came from; revoking the
    /// grant revokes the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<String>,
    /// The organisation that owns the client (absent in tokens issued
    /// before organisations existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Its organisation number, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_number: Option<String>,
}

impl AccessClaims {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.contains(scope)
    }
}

/// What a new access token is for.
pub struct TokenRequest<'a> {
    pub client: &'a ProviderClient,
    pub subject: &'a str,
    pub scopes: &'a Scopes,
    pub audiences: Vec<String>,
    pub auth_time: Option<i64>,
    pub grant_id: Option<&'a str>,
}

impl Provider {
    pub fn issue_access_token(
        &self,
        request: TokenRequest<'_>,
    ) -> Result<(String, AccessClaims), OAuthError> {
        let iat = now();
        let claims = AccessClaims {
            iss: self.issuer.to_string(),
            sub: request.subject.to_owned(),
            aud: request.audiences,
            client_id: request.client.id.clone(),
            scope: request.scopes.clone(),
            iat,
            exp: iat + TOKEN_TTL_SECS,
            jti: random_token()[..22].to_owned(),
            auth_time: request.auth_time,
            gid: request.grant_id.map(str::to_owned),
            org_id: Some(request.client.org.id.clone()),
            org_number: request.client.org.number.clone(),
        };
        let key = self.keys.current(self.access_alg);
        let token =
            jwt::encode(&key, &claims).map_err(|e| self.internal("signing an access token", e))?;
        Ok((token, claims))
    }

    /// The claims of a live access token this provider issued: signature,
    /// issuer and expiry checked, neither it nor its grant revoked, and its
    /// client active. Remembered for the next presentation of the token.
    pub async fn check_access_token(
        &self,
        token: &str,
    ) -> Result<Option<AccessClaims>, OAuthError> {
        let now = now();
        if let Some(claims) = self.verified.token(token, now) {
            return Ok(Some(claims));
        }
        let Some(claims) = jwt::decode_verified::<AccessClaims>(&self.keys, token).await else {
            return Ok(None);
        };
        if claims.iss != *self.issuer || claims.exp <= now {
            return Ok(None);
        }
        let live = token_store::is_live(
            self.db.pool(),
            &claims.jti,
            claims.gid.as_deref(),
            &claims.client_id,
        )
        .await
        .map_err(|e| self.internal("checking that an access token is live", e))?;
        if !live {
            return Ok(None);
        }
        self.verified.remember_token(token, &claims);
        Ok(Some(claims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_factor_or_a_verifying_passkey_is_multi_factor() {
        assert_eq!(acr_of("pwd"), ACR_PASSWORD);
        assert_eq!(acr_of("fed"), ACR_PASSWORD);
        assert_eq!(acr_of("pwd otp"), ACR_MFA);
        assert_eq!(acr_of("fed otp"), ACR_MFA);
        assert_eq!(acr_of("swk mfa"), ACR_MFA);
        assert_eq!(acr_of("hwk mfa"), ACR_MFA);
        // Whole words only.
        assert_eq!(acr_of("potp"), ACR_PASSWORD);
    }
}
