//! The `PasskeyService` the pages call.

use std::net::IpAddr;

use app::domain::PasskeyName;
use app::error::AppError;
use app::model::{PasskeyCeremony, PasskeyInfo, SecondFactorWays, Viewer};
use app::services::{CurrentSession, PasskeyService, ServiceResult, SessionToken};
use async_trait::async_trait;

use super::{Passkeys, info};
use crate::store::passkeys as store;

#[async_trait]
impl PasskeyService for Passkeys {
    fn available(&self) -> bool {
        self.webauthn.is_some()
    }

    async fn list(&self, session: &CurrentSession) -> ServiceResult<Vec<PasskeyInfo>> {
        let rows = store::of_account(self.db.pool(), &session.viewer.account_id).await?;
        Ok(rows.iter().map(info).collect())
    }

    async fn begin_registration(&self, session: &CurrentSession) -> ServiceResult<PasskeyCeremony> {
        self.begin_registration_of(session).await
    }

    async fn finish_registration(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        name: &str,
        credential: &str,
    ) -> ServiceResult<PasskeyInfo> {
        self.finish_registration_of(session, ceremony, name, credential)
            .await
    }

    async fn rename(
        &self,
        session: &CurrentSession,
        id: &str,
        name: &str,
    ) -> ServiceResult<PasskeyInfo> {
        let name = PasskeyName::parse(name).map_err(|m| AppError::invalid("name", m))?;
        let row = self.owner(session).await?;
        let renamed = self.accounts.rename_passkey(&row, id, &name).await?;
        Ok(info(&renamed))
    }

    async fn remove(&self, session: &CurrentSession, id: &str) -> ServiceResult<()> {
        let row = self.owner(session).await?;
        self.accounts.remove_passkey(&row, id).await
    }

    async fn begin_sign_in(&self, ip: IpAddr) -> ServiceResult<PasskeyCeremony> {
        self.begin_sign_in_from(ip).await
    }

    async fn finish_sign_in(
        &self,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        self.finish_sign_in_from(ceremony, credential, ip).await
    }

    async fn second_step_ways(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<SecondFactorWays> {
        self.second_step_ways_of(challenge, ip).await
    }

    async fn begin_second_step(
        &self,
        challenge: &str,
        ip: IpAddr,
    ) -> ServiceResult<PasskeyCeremony> {
        self.begin_second_step_of(challenge, ip).await
    }

    async fn finish_second_step(
        &self,
        challenge: &str,
        ceremony: &str,
        credential: &str,
        ip: IpAddr,
    ) -> ServiceResult<(SessionToken, Viewer)> {
        self.finish_second_step_of(challenge, ceremony, credential, ip)
            .await
    }

    async fn begin_step_up(&self, session: &CurrentSession) -> ServiceResult<PasskeyCeremony> {
        self.begin_step_up_of(session).await
    }

    async fn finish_step_up(
        &self,
        session: &CurrentSession,
        ceremony: &str,
        credential: &str,
    ) -> ServiceResult<()> {
        self.finish_step_up_of(session, ceremony, credential).await
    }
}
