//! Client systems: their API keys, and end users confirming the drafts
//! they create.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::domain::{AuthMethod, ClientId, DisplayName, GrantType, Scopes, SecretExpiry};
use crate::model::{
    AnsweredDraft, CredentialInfo, DraftAnswer, DraftToConfirm, ListPage, NewCredential,
    SystemClient, SystemSummary,
};

/// Everything a developer sets on a client system, validated.
#[derive(Clone, Debug)]
pub struct SystemSettings {
    pub name: DisplayName,
    pub description: String,
    pub scopes: Scopes,
    /// Never `refresh_token`: that is `allow_refresh`.
    pub grant_types: Vec<GrantType>,
    pub allow_refresh: bool,
    /// `client_secret_basic` or `private_key_jwt`.
    pub auth_method: AuthMethod,
}

#[async_trait]
pub trait SystemService: Send + Sync {
    /// A page of the active organisation's systems, newest first.
    async fn list_systems(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<SystemSummary>>;
    async fn create_system(
        &self,
        session: &CurrentSession,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary>;
    /// New allowance for future drafts (the auth method stays).
    async fn update_system(
        &self,
        session: &CurrentSession,
        id: &str,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary>;
    /// Deletes the system (its keys stop working) once `confirm_name`
    /// matches its name; its clients stay.
    async fn delete_system(
        &self,
        session: &CurrentSession,
        id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()>;
    /// One of the caller's systems; someone else's is "not found".
    async fn system(&self, session: &CurrentSession, id: &str) -> ServiceResult<SystemSummary>;
    async fn system_clients(
        &self,
        session: &CurrentSession,
        id: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<SystemClient>>;
    /// A page of a system's API keys, newest first (`after`: the cursor of
    /// the page before).
    async fn api_keys(
        &self,
        session: &CurrentSession,
        id: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<CredentialInfo>>;
    async fn create_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewCredential>;
    async fn revoke_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        key_id: &str,
    ) -> ServiceResult<()>;
    /// A draft for any signed-in end user to confirm or decline.
    async fn draft_to_confirm(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
    ) -> ServiceResult<DraftToConfirm>;
    /// Records the answer (once; the same answer again is harmless).
    async fn answer_draft(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        answer: DraftAnswer,
    ) -> ServiceResult<DraftAnswer>;
    /// The drafts the signed-in person answered, newest first.
    async fn answered_drafts(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AnsweredDraft>>;
    /// Takes back the person's own confirmation: the client is rejected
    /// and gets no tokens. Another person's draft is "not found".
    async fn withdraw_confirmation(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
    ) -> ServiceResult<()>;
}
