//! End users' decisions about apps: the consent page and their account.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::model::{AppAccess, ConsentPrompt, ListPage, LogoutPrompt, SignInApp};

#[async_trait]
pub trait ConsentService: Send + Sync {
    /// The pending authorization request `request_id` of this user.
    async fn consent_prompt(
        &self,
        session: &CurrentSession,
        request_id: &str,
    ) -> ServiceResult<ConsentPrompt>;
    /// Allows or denies it; returns the URL to send the browser to.
    async fn answer_consent(
        &self,
        session: &CurrentSession,
        request_id: &str,
        allow: bool,
    ) -> ServiceResult<String>;
    /// The active client `client_id` as a sign-in page names it; `None`
    /// for a client that does not exist or cannot get tokens.
    async fn sign_in_app(&self, client_id: &str) -> ServiceResult<Option<SignInApp>>;
    /// A page of the apps the person gave access to, most recently
    /// changed first.
    async fn apps(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AppAccess>>;
    /// Withdraws the consent and revokes the app's tokens for this user.
    async fn revoke_app(&self, session: &CurrentSession, client_id: &str) -> ServiceResult<()>;
    /// What a sign-out request (`/oauth2/logout` parameters) asks of the
    /// signed-in person.
    async fn logout_prompt(
        &self,
        session: &CurrentSession,
        request: LogoutRequest,
    ) -> ServiceResult<LogoutPrompt>;
}

/// The parameters of an RP-initiated logout request.
#[derive(Clone, Debug, Default)]
pub struct LogoutRequest {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}
