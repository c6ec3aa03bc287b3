//! OpenID Connect Discovery 1.0 and RFC 8414 metadata, and the JWKS.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreGrantType,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthUrl, AuthenticationContextClass, IssuerUrl, JsonWebKeySetUrl,
    ProviderMetadata, RegistrationUrl, ResponseTypes, Scope, TokenUrl, UserInfoUrl,
};
use serde::{Deserialize, Serialize};

use app::domain::SigningAlg;

use super::keys::signing_key::Jws as _;
use super::tokens::{ACR_MFA, ACR_PASSWORD};
use super::{OAuthError, Provider};
use crate::store::scopes as scope_store;

/// RFC 8414 and RFC 7009/7662 fields that OIDC Discovery does not define.
#[derive(Clone, Debug, Deserialize, Serialize)]
struct OAuthMetadata {
    introspection_endpoint: String,
    introspection_endpoint_auth_methods_supported: Vec<String>,
    revocation_endpoint: String,
    revocation_endpoint_auth_methods_supported: Vec<String>,
    code_challenge_methods_supported: Vec<String>,
    end_session_endpoint: String,
    authorization_response_iss_parameter_supported: bool,
}
impl AdditionalProviderMetadata for OAuthMetadata {}

type Metadata = ProviderMetadata<
    OAuthMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Methods for confidential clients, then `none` for public ones.
const AUTH_METHODS: [CoreClientAuthMethod; 4] = [
    CoreClientAuthMethod::ClientSecretBasic,
    CoreClientAuthMethod::ClientSecretPost,
    CoreClientAuthMethod::PrivateKeyJwt,
    CoreClientAuthMethod::None,
];

impl Provider {
    fn metadata(&self, scopes: Vec<String>) -> Result<Metadata, url::ParseError> {
        use CoreResponseType::{Code, IdToken, Token};
        let response_types = [
            vec![Code],
            vec![IdToken],
            vec![IdToken, Token],
            vec![Code, IdToken],
            vec![Code, Token],
            vec![Code, IdToken, Token],
        ]
        .into_iter()
        .map(ResponseTypes::new)
        .collect();
        let auth_methods: Vec<String> = AUTH_METHODS[..3].iter().map(serde_plain).collect();
        let extra = OAuthMetadata {
            introspection_endpoint: self.endpoint("/oauth2/introspect"),
            introspection_endpoint_auth_methods_supported: auth_methods.clone(),
            revocation_endpoint: self.endpoint("/oauth2/revoke"),
            revocation_endpoint_auth_methods_supported: auth_methods,
            code_challenge_methods_supported: vec!["S256".into()],
            end_session_endpoint: self.endpoint("/oauth2/logout"),
            authorization_response_iss_parameter_supported: true,
        };
        let metadata = Metadata::new(
            IssuerUrl::new(self.issuer.to_string())?,
            AuthUrl::new(self.endpoint("/oauth2/authorize"))?,
            JsonWebKeySetUrl::new(self.endpoint("/oauth2/jwks"))?,
            response_types,
            vec![CoreSubjectIdentifierType::Public],
            vec![SigningAlg::Rs256.jws(), SigningAlg::Es256.jws()],
            extra,
        )
        .set_token_endpoint(Some(TokenUrl::new(self.endpoint("/oauth2/token"))?))
        .set_userinfo_endpoint(Some(UserInfoUrl::new(self.endpoint("/oauth2/userinfo"))?))
        .set_registration_endpoint(Some(RegistrationUrl::new(
            self.endpoint("/oauth2/register"),
        )?))
        .set_scopes_supported(Some(scopes.into_iter().map(Scope::new).collect()))
        .set_response_modes_supported(Some(vec![
            CoreResponseMode::Query,
            CoreResponseMode::Fragment,
        ]))
        .set_grant_types_supported(Some(vec![
            CoreGrantType::AuthorizationCode,
            CoreGrantType::ClientCredentials,
            CoreGrantType::RefreshToken,
            CoreGrantType::Implicit,
        ]))
        .set_token_endpoint_auth_methods_supported(Some(AUTH_METHODS.to_vec()))
        .set_token_endpoint_auth_signing_alg_values_supported(Some(vec![
            SigningAlg::Rs256.jws(),
            SigningAlg::Es256.jws(),
        ]))
        .set_claims_supported(Some(
            [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "amr",
                "acr",
                "nonce",
                "at_hash",
                "c_hash",
                "name",
                "email",
                "email_verified",
                // The organisation that owns the client (README, "Tokens").
                "org_id",
                "org_number",
            ]
            .into_iter()
            .map(|c| CoreClaimName::new(c.to_owned()))
            .collect(),
        ))
        .set_acr_values_supported(Some(
            [ACR_PASSWORD, ACR_MFA]
                .into_iter()
                .map(|a| AuthenticationContextClass::new(a.to_owned()))
                .collect(),
        ))
        .set_claims_parameter_supported(Some(false))
        .set_request_parameter_supported(Some(false))
        .set_request_uri_parameter_supported(Some(false));
        Ok(metadata)
    }
}

fn serde_plain(method: &CoreClientAuthMethod) -> String {
    serde_json::to_value(method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `GET /.well-known/openid-configuration` (and the RFC 8414 path).
pub async fn configuration(State(provider): State<Arc<Provider>>) -> Result<Response, OAuthError> {
    let scopes = scope_store::list(provider.db.pool())
        .await
        .map_err(|e| provider.internal("reading the scope catalog", e))?
        .into_iter()
        .filter(|s| s.enabled != 0)
        .map(|s| s.name)
        .collect();
    let metadata = provider
        .metadata(scopes)
        .map_err(|e| provider.internal("building the discovery document", e))?;
    Ok((
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        )],
        axum::Json(metadata),
    )
        .into_response())
}

/// `GET /oauth2/jwks`: every key still in use, so tokens signed before a
/// rotation keep verifying.
pub async fn jwks(State(provider): State<Arc<Provider>>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        provider.keys.jwks_json().to_string(),
    )
        .into_response()
}
