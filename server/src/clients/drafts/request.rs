//! What a client system sends for a new draft, and how it is checked: the
//! portal's client rules plus the system's allowance.

use app::api::client_form;
use app::api::clients::ClientForm;
use app::domain::{AuthMethod, Suffix};
use app::error::{AppError, Checks};
use app::services::ClientSettings;
use serde::Deserialize;
use serde_json::Value;

use crate::systems::System;

/// A new client draft, as a client system sends it. Validated with the
/// same rules as the portal's client form, and within the system's
/// allowance (scopes, grant types, refresh tokens, authentication method).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The client's display name, shown to the end user who confirms it.
    #[schema(example = "Clinic 42")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1–64 characters `0-9a-z`; generated when absent. Never reused.
    #[schema(example = "clinic42")]
    pub suffix: Option<String>,
    /// Scopes from the catalog, within the system's allowance.
    #[serde(default)]
    #[schema(example = json!(["consents:read"]))]
    pub scopes: Vec<String>,
    /// `authorization_code`, `client_credentials`, `refresh_token` (when the
    /// system allows it).
    #[serde(default)]
    #[schema(example = json!(["client_credentials"]))]
    pub grant_types: Vec<String>,
    /// https, or http on a loopback address; compared exactly.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// A public JWK or JWK Set (RSA 2048+ or EC P-256), required when the
    /// system's clients use `private_key_jwt`; refused otherwise.
    #[schema(value_type = Option<Object>)]
    pub jwk: Option<Value>,
    /// The app's logo, shown (64 × 64) to the end user who confirms the
    /// draft and on consent: an https URL.
    #[schema(example = "https://clinic42.example/logo.png")]
    pub logo_uri: Option<String>,
    /// The app's home page (https).
    pub client_uri: Option<String>,
    /// Its privacy policy (https), linked on the confirmation and consent
    /// pages.
    pub policy_uri: Option<String>,
    /// Its terms of service (https), linked there too.
    pub tos_uri: Option<String>,
}

/// The checks the system's allowance adds to the client rules.
fn check_allowance(system: &System, request: &DraftRequest, checks: &mut Checks) {
    if request.scopes.is_empty() {
        checks.fail("scopes", "Ask for at least one scope.");
    }
    let outside: Vec<&str> = request
        .scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !system.scopes.iter().any(|a| a.as_ref() == *s))
        .collect();
    if !outside.is_empty() {
        let allowed: Vec<&str> = system.scopes.iter().map(AsRef::as_ref).collect();
        checks.fail(
            "scopes",
            format!(
                "{} {} not among the scopes this system may request ({}).",
                outside.join(", "),
                if outside.len() == 1 { "is" } else { "are" },
                allowed.join(", ")
            ),
        );
    }
    let allowed_grants = system.allowed_grants();
    let outside: Vec<&str> = request
        .grant_types
        .iter()
        .map(String::as_str)
        .filter(|g| !allowed_grants.iter().any(|a| a.as_str() == *g))
        .collect();
    if !outside.is_empty() {
        let allowed: Vec<&str> = allowed_grants.iter().map(|g| g.as_str()).collect();
        checks.fail(
            "grant_types",
            format!(
                "{} not allowed for this system's drafts (allowed: {}).",
                outside.join(", "),
                allowed.join(", ")
            ),
        );
    }
    if system.auth_method != AuthMethod::PrivateKeyJwt && request.jwk.is_some() {
        checks.fail(
            "jwk",
            "This system's clients authenticate with a client secret; leave out jwk.",
        );
    }
}

/// The client settings a system's request asks for, checked with the
/// portal's rules and the system's allowance, and the chosen suffix (none:
/// generate one). Every problem is reported at once, on its field.
pub fn validated(
    system: &System,
    request: &DraftRequest,
) -> Result<(ClientSettings, Option<Suffix>), AppError> {
    let mut checks = Checks::default();
    let form = ClientForm {
        display_name: request.name.clone(),
        description: request.description.clone(),
        kind: "confidential".into(),
        grant_types: request.grant_types.clone(),
        scopes: request.scopes.clone(),
        redirect_uris: request.redirect_uris.clone(),
        post_logout_redirect_uris: request.post_logout_redirect_uris.clone(),
        auth_method: system.auth_method.as_str().to_owned(),
        id_token_alg: String::new(),
        jwks: request
            .jwk
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default(),
        logo_uri: request.logo_uri.clone().unwrap_or_default(),
        client_uri: request.client_uri.clone().unwrap_or_default(),
        policy_uri: request.policy_uri.clone().unwrap_or_default(),
        tos_uri: request.tos_uri.clone().unwrap_or_default(),
    };
    let settings = client_form::parse(&form, &mut checks);
    check_allowance(system, request, &mut checks);
    let suffix = match request.suffix.as_deref() {
        Some(text) => checks.check("suffix", Suffix::parse(text)).map(Some),
        None => Some(None),
    };
    checks.finish()?;
    match (settings, suffix) {
        (Some(settings), Some(suffix)) => Ok((settings, suffix)),
        _ => Err(AppError::invalid("body", "The draft is not valid.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::{GrantType, ScopeName};

    fn system(auth_method: AuthMethod) -> System {
        System {
            id: "s".into(),
            org_id: "o".into(),
            name: "Clinic software".into(),
            scopes: vec![ScopeName::parse("consents:read").unwrap()],
            grant_types: vec![GrantType::ClientCredentials],
            allow_refresh: false,
            auth_method,
        }
    }

    #[test]
    fn requests_outside_the_allowance_name_each_field() {
        let request = DraftRequest {
            name: "Clinic 42".into(),
            scopes: vec!["wallet:create".into()],
            grant_types: vec!["refresh_token".into()],
            jwk: Some(serde_json::json!({})),
            ..DraftRequest::default()
        };
        let err = validated(&system(AuthMethod::ClientSecretBasic), &request).unwrap_err();
        let scopes = err.field_message("scopes").unwrap();
        assert!(scopes.contains("wallet:create is not among"), "{scopes}");
        assert!(
            err.field_message("grant_types")
                .unwrap()
                .contains("refresh_token")
        );
        assert!(err.field_message("jwk").is_some());
    }

    #[test]
    fn a_request_within_the_allowance_becomes_settings() {
        let request = DraftRequest {
            name: "Clinic 42".into(),
            scopes: vec!["consents:read".into(), "consents:read".into()],
            grant_types: vec!["client_credentials".into()],
            suffix: Some("clinic42".into()),
            ..DraftRequest::default()
        };
        let (settings, suffix) =
            validated(&system(AuthMethod::ClientSecretBasic), &request).unwrap();
        assert_eq!(settings.scopes.len(), 1, "a repeated scope counts once");
        assert_eq!(
            settings.token_endpoint_auth_method,
            AuthMethod::ClientSecretBasic
        );
        assert_eq!(suffix.unwrap().as_ref(), "clinic42");
    }

    #[test]
    fn links_must_be_https_and_are_kept() {
        let mut request = DraftRequest {
            name: "Clinic 42".into(),
            scopes: vec!["consents:read".into()],
            grant_types: vec!["client_credentials".into()],
            logo_uri: Some("http://clinic42.example/logo.png".into()),
            tos_uri: Some("clinic42.example/terms".into()),
            ..DraftRequest::default()
        };
        let system = system(AuthMethod::ClientSecretBasic);
        let err = validated(&system, &request).unwrap_err();
        assert!(err.field_message("logo_uri").unwrap().contains("https://"));
        assert!(err.field_message("tos_uri").is_some());
        assert!(err.field_message("policy_uri").is_none());
        request.logo_uri = Some("https://clinic42.example/logo.png".into());
        request.tos_uri = None;
        request.policy_uri = Some("https://clinic42.example/privacy".into());
        let (settings, _) = validated(&system, &request).unwrap();
        assert_eq!(
            settings.links.logo_uri.as_deref(),
            Some("https://clinic42.example/logo.png")
        );
        assert_eq!(
            settings.links.policy_uri.as_deref(),
            Some("https://clinic42.example/privacy")
        );
        assert_eq!(settings.links.tos_uri, None);
    }
}
