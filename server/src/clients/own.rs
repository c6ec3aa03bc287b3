//! A client managing itself with its own access token (scope
//! `portico:client`): reading its status, adding a secret or a public key
//! before the old one runs out (HelseID's key update). The old credential
//! keeps working until it expires or its developer removes it.

use app::domain::{AuthMethod, Date, PublicJwks, SecretExpiry};
use app::error::AppError;
use app::model::{ClientStatus, NewCredential, ScopeAccess, ScopeCounts, Standing};
use app::services::{ServiceResult, doing};
use serde::Serialize;
use serde_json::Value;

use super::Clients;
use super::change::Access;
use crate::audit::Actor;
use crate::store::clients::{self as client_store, ClientRow, ClientScopeRow};
use crate::store::now;

/// `{status, client: {active, reason}, scopes: [...]}`: what a client (or
/// the system that created it) can do now, and what it waits for.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatusReport {
    /// `active`, `limited` (some scopes not granted) or `blocked`.
    #[schema(value_type = String, example = "limited")]
    pub status: &'static str,
    pub client: ClientState,
    pub scopes: Vec<ScopeState>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientState {
    pub active: bool,
    /// `awaiting_confirmation`, `awaiting_approval`, `blocked_by_admin` or
    /// `rejected`; null when active.
    #[schema(value_type = Option<String>)]
    pub reason: Option<&'static str>,
    /// An admin's words, when there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScopeState {
    pub scope: String,
    /// `granted`, `pending` or `rejected`.
    #[schema(value_type = String)]
    pub status: ScopeAccess,
    pub reason: Option<String>,
}

pub fn report(client: &ClientRow, scopes: Vec<ClientScopeRow>) -> StatusReport {
    let reason = match client.status {
        ClientStatus::Active => None,
        ClientStatus::Draft => Some("awaiting_confirmation"),
        ClientStatus::Pending => Some("awaiting_approval"),
        ClientStatus::Rejected => Some("rejected"),
        ClientStatus::Suspended => Some("blocked_by_admin"),
    };
    let scopes: Vec<ScopeState> = scopes
        .into_iter()
        .map(|s| ScopeState {
            reason: s
                .reason
                .or_else(|| (s.status == ScopeAccess::Pending).then(|| "awaiting_approval".into())),
            scope: s.scope.to_string(),
            status: s.status,
        })
        .collect();
    let standing = Standing {
        status: client.status,
        scopes: ScopeCounts::of(scopes.iter().map(|s| s.status)),
    };
    StatusReport {
        status: standing.availability().as_str(),
        client: ClientState {
            active: reason.is_none(),
            reason,
            message: client.status_reason.clone(),
        },
        scopes,
    }
}

/// A secret a client asks for: a description and an expiry in months (a
/// preset) or on a date, never beyond the admin-set maximum.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SecretRequest {
    /// Where the secret is used, 1–100 characters.
    #[serde(default)]
    #[schema(example = "production 2027")]
    pub description: String,
    /// 3, 6, 12, 18 or 24 (default 6), up to the admin-set maximum.
    pub expires_in_months: Option<u32>,
    /// A date (`YYYY-MM-DD`) instead of a number of months.
    pub expires_on: Option<String>,
}

impl Clients {
    pub async fn own_status(&self, client_id: &str) -> ServiceResult<StatusReport> {
        doing("reading a client's own status", async {
            let client = self.live_row(client_id).await?;
            let scopes = client_store::scopes(self.db.pool(), client_id).await?;
            Ok(report(&client, scopes))
        })
        .await
    }

    pub async fn own_secret(
        &self,
        client_id: &str,
        request: SecretRequest,
    ) -> ServiceResult<NewCredential> {
        doing(
            "adding a secret for the client itself",
            self.add_own_secret(client_id, request),
        )
        .await
    }

    async fn add_own_secret(
        &self,
        client_id: &str,
        request: SecretRequest,
    ) -> ServiceResult<NewCredential> {
        let client = self.live_row(client_id).await?;
        if client.token_endpoint_auth_method == AuthMethod::PrivateKeyJwt {
            return Err(AppError::invalid(
                "client",
                "This client authenticates with private_key_jwt; add a public key instead of a secret.",
            )
            .into());
        }
        let description = request.description.trim();
        if description.is_empty() || description.chars().count() > 100 {
            return Err(AppError::invalid(
                "description",
                "Describe where the secret is used, in 1 to 100 characters.",
            )
            .into());
        }
        let today = Date::from_unix(now());
        let (choice, date) = match (request.expires_in_months, request.expires_on.as_deref()) {
            (Some(_), Some(_)) => {
                return Err(AppError::invalid(
                    "expires_in_months",
                    "Give expires_in_months or expires_on, not both.",
                )
                .into());
            }
            (Some(months), None) => (months.to_string(), ""),
            (None, Some(date)) => ("custom".to_owned(), date),
            (None, None) => (String::new(), ""),
        };
        let field = if date.is_empty() {
            "expires_in_months"
        } else {
            "expires_on"
        };
        let expiry = SecretExpiry::parse(&choice, date, today, self.max_secret_months)
            .map_err(|message| AppError::invalid(field, message))?;
        self.add_secret(
            Actor::Client(client_id),
            &client,
            description.to_owned(),
            expiry,
        )
        .await
    }

    /// Adds public keys to a private_key_jwt client's set; returns the set.
    pub async fn own_key(&self, client_id: &str, key: &Value) -> ServiceResult<Value> {
        doing(
            "adding a key for the client itself",
            self.add_own_key(client_id, key),
        )
        .await
    }

    async fn add_own_key(&self, client_id: &str, key: &Value) -> ServiceResult<Value> {
        let mut change = self.begin_change(client_id, Access::Checked).await?;
        if change.before.token_endpoint_auth_method != AuthMethod::PrivateKeyJwt {
            return Err(AppError::invalid(
                "client",
                "This client authenticates with a secret; add a secret instead of a key.",
            )
            .into());
        }
        let current: Value = change
            .before
            .jwks
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_else(|| serde_json::json!({ "keys": [] }));
        let mut keys = current["keys"].as_array().cloned().unwrap_or_default();
        match key.get("keys").and_then(Value::as_array) {
            Some(new) => keys.extend(new.iter().cloned()),
            None => keys.push(key.clone()),
        }
        let combined = serde_json::json!({ "keys": keys }).to_string();
        let set =
            PublicJwks::parse(&combined).map_err(|message| AppError::invalid("jwks", message))?;
        client_store::set_jwks(change.conn(), client_id, set.as_str(), now()).await?;
        self.finish_change(change, Actor::Client(client_id), "client.key_added")
            .await?;
        Ok(serde_json::from_str(set.as_str()).unwrap_or(Value::Null))
    }
}
