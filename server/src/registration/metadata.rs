//! RFC 7591 client metadata: what a registration request sends, mapped to
//! a client draft, and what Portico answers.

use app::domain::{GrantType, Scopes};
use app::error::FieldError;
use app::model::{ClientDetail, ClientLinks};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clients::drafts::DraftRequest;
use crate::systems::System;

/// The metadata Portico reads; other members are ignored (RFC 7591 §2).
#[derive(Debug, Default, Deserialize)]
pub struct ClientMetadata {
    pub client_id: Option<String>,
    pub client_name: Option<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Option<Vec<String>>,
    pub response_types: Option<Vec<String>>,
    pub scope: Option<String>,
    pub token_endpoint_auth_method: Option<String>,
    pub jwks: Option<Value>,
    pub jwks_uri: Option<String>,
    pub logo_uri: Option<String>,
    pub client_uri: Option<String>,
    pub policy_uri: Option<String>,
    pub tos_uri: Option<String>,
}

fn problem(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

impl ClientMetadata {
    /// The draft this registration asks for, or the metadata's problems.
    /// Defaults follow RFC 7591 §2 (`grant_types` = authorization_code) and
    /// the system (scopes: all it may request; its auth method).
    pub fn into_draft(self, system: &System) -> Result<DraftRequest, Vec<FieldError>> {
        let mut problems = Vec::new();
        let name = self.client_name.unwrap_or_default();
        if name.trim().is_empty() {
            problems.push(problem(
                "client_name",
                "Give the client a name: end users see it when they confirm it.",
            ));
        }
        if self.jwks_uri.is_some() {
            problems.push(problem(
                "jwks_uri",
                "jwks_uri is not supported; send the public keys as jwks.",
            ));
        }
        if let Some(method) = &self.token_endpoint_auth_method
            && method != system.auth_method.as_str()
        {
            problems.push(problem(
                "token_endpoint_auth_method",
                format!(
                    "This system's clients authenticate with {}.",
                    system.auth_method
                ),
            ));
        }
        let grant_types = self
            .grant_types
            .unwrap_or_else(|| vec!["authorization_code".into()]);
        if let Some(types) = &self.response_types {
            let wants_code = grant_types.iter().any(|g| g == "authorization_code");
            let consistent = types.iter().all(|t| t == "code") && (types.is_empty() || wants_code);
            if !consistent {
                problems.push(problem(
                    "response_types",
                    "Only the code response type is registered, together with the authorization_code grant.",
                ));
            }
        }
        let scopes = match self.scope.as_deref().map(Scopes::parse) {
            Some(Ok(scopes)) => scopes.to_strings(),
            Some(Err(reason)) => {
                problems.push(problem("scope", reason));
                Vec::new()
            }
            None => system.scopes.iter().map(ToString::to_string).collect(),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(DraftRequest {
            name,
            description: String::new(),
            suffix: None,
            scopes,
            grant_types,
            redirect_uris: self.redirect_uris,
            post_logout_redirect_uris: self.post_logout_redirect_uris,
            jwk: self.jwks,
            logo_uri: self.logo_uri,
            client_uri: self.client_uri,
            policy_uri: self.policy_uri,
            tos_uri: self.tos_uri,
        })
    }
}

/// The RFC 7591 metadata member a field error is about, when its name
/// differs from the portal's field.
pub fn rfc_name(field: &str) -> Option<&'static str> {
    match field {
        "display_name" | "name" => Some("client_name"),
        "scopes" => Some("scope"),
        "jwk" => Some("jwks"),
        "auth_method" => Some("token_endpoint_auth_method"),
        _ => None,
    }
}

/// The registered metadata (RFC 7591 §3.2.1, RFC 7592 §3).
#[derive(Debug, Serialize)]
pub struct RegisteredClient {
    pub client_id: String,
    pub client_id_issued_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_expires_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_access_token: Option<String>,
    pub registration_client_uri: String,
    pub client_name: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<String>,
    pub response_types: Vec<String>,
    pub scope: String,
    pub token_endpoint_auth_method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwks: Option<Value>,
    #[serde(flatten)]
    pub links: ClientLinks,
    /// Portico's extensions: where the end user confirms the draft, and
    /// the client's lifecycle status (`draft`, `pending`, `active`, …).
    pub confirm_url: String,
    pub portico_status: String,
}

impl RegisteredClient {
    pub fn of(client: &ClientDetail, base: &str) -> Self {
        let grant_types: Vec<String> = client
            .grant_types
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect();
        let response_types = if client.grant_types.contains(&GrantType::AuthorizationCode) {
            vec!["code".to_owned()]
        } else {
            Vec::new()
        };
        Self {
            client_id: client.client_id.clone(),
            client_id_issued_at: client.created_at,
            client_secret: None,
            client_secret_expires_at: None,
            registration_access_token: None,
            registration_client_uri: format!("{base}/oauth2/register/{}", client.client_id),
            client_name: client.display_name.clone(),
            redirect_uris: client.redirect_uris.clone(),
            post_logout_redirect_uris: client.post_logout_redirect_uris.clone(),
            grant_types,
            response_types,
            scope: client
                .scopes
                .iter()
                .map(|s| s.scope.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            token_endpoint_auth_method: client.token_endpoint_auth_method.to_string(),
            jwks: client
                .jwks
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
            links: client.links.clone(),
            confirm_url: format!("{base}/confirm-client/{}", client.client_id),
            portico_status: client.status.as_str().to_owned(),
        }
    }
}
