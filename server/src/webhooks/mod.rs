//! Webhooks: an organisation's owners register endpoints with the event
//! types they want (`WebhookService`, below); audited changes become
//! events (`events.rs`) queued in the outbox with the change; the outbox
//! worker signs (`signing.rs`, Standard Webhooks) and delivers them.

mod events;
pub mod signing;

use std::sync::Arc;

use app::domain::Role;
use app::error::AppError;
use app::model::{
    NewWebhookEndpoint, PAGE_READ, WebhookAttempt, WebhookEndpoint, WebhookEndpointDetail,
    split_page,
};
use app::services::{CurrentSession, ServiceResult, WebhookService, WebhookSettings};
use async_trait::async_trait;
use serde::Serialize;

pub use events::{EventData, emit, event_of_action, queue};

use crate::audit;
use crate::authz;
use crate::outbox::{Outbox, secret_context};
use crate::paging::after_key;
use crate::store::webhooks::{self as store, AttemptRow, EndpointRow};
use crate::store::{Db, PageKey, commit, now};

pub struct Webhooks {
    db: Db,
    /// Seals endpoint secrets; test events wake its worker.
    outbox: Outbox,
}

/// What the organisation's history keeps of an endpoint: never its secret.
#[derive(Serialize)]
struct EndpointRecord<'a> {
    endpoint_id: &'a str,
    url: &'a str,
    description: &'a str,
    events: &'a str,
    disabled: bool,
}

impl<'a> EndpointRecord<'a> {
    fn of(row: &'a EndpointRow) -> Self {
        Self {
            endpoint_id: &row.id,
            url: &row.url,
            description: &row.description,
            events: &row.events,
            disabled: row.disabled_at.is_some(),
        }
    }
}

fn endpoint(row: EndpointRow) -> WebhookEndpoint {
    WebhookEndpoint {
        events: row.events.split(' ').map(str::to_owned).collect(),
        endpoint_id: row.id,
        org_id: row.org_id,
        url: row.url,
        description: row.description,
        created_at: row.created_at,
        created_by: row.created_by,
        failing_since: row.failing_since,
        disabled_at: row.disabled_at,
        disabled_reason: row.disabled_reason,
    }
}

fn attempt(row: AttemptRow) -> WebhookAttempt {
    WebhookAttempt {
        message_id: row.message_id,
        event_type: row.event_type,
        attempt: row.attempt,
        status: row.status,
        latency_ms: row.latency_ms,
        error: row.error,
        at: row.at,
    }
}

impl Webhooks {
    pub fn new(db: Db, outbox: Outbox) -> Arc<Self> {
        Arc::new(Self { db, outbox })
    }

    /// An endpoint of `org_id` for one of its owners; "not found" for an
    /// endpoint of another organisation.
    async fn owned(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
    ) -> ServiceResult<EndpointRow> {
        authz::member(session, org_id, Role::Owner)?;
        match store::find(self.db.pool(), endpoint_id).await? {
            Some(row) if row.org_id == org_id => Ok(row),
            _ => Err(AppError::NotFound.into()),
        }
    }

    /// Records `action` on an endpoint in the organisation's history.
    async fn record(
        &self,
        session: &CurrentSession,
        action: &str,
        before: Option<&EndpointRow>,
        after: Option<&EndpointRow>,
        org_id: &str,
        conn: &mut crate::store::Conn,
    ) -> ServiceResult<()> {
        audit::org(
            conn,
            session,
            action,
            org_id,
            before.map(EndpointRecord::of).as_ref(),
            after.map(EndpointRecord::of).as_ref(),
        )
        .await?;
        Ok(())
    }
}

#[async_trait]
impl WebhookService for Webhooks {
    async fn endpoints(
        &self,
        session: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<Vec<WebhookEndpoint>> {
        authz::member(session, org_id, Role::Owner)?;
        Ok(store::of_org(self.db.pool(), org_id)
            .await?
            .into_iter()
            .map(endpoint)
            .collect())
    }

    async fn create_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        settings: WebhookSettings,
    ) -> ServiceResult<NewWebhookEndpoint> {
        authz::member(session, org_id, Role::Owner)?;
        let id = format!("ep_{}", uuid::Uuid::new_v4().simple());
        let secret = signing::new_secret();
        let row = EndpointRow {
            sealed_secret: self.outbox.seal(secret.as_bytes(), &secret_context(&id))?,
            id,
            org_id: org_id.to_owned(),
            url: settings.url.as_str().to_owned(),
            description: settings.description,
            events: settings.events.join(" "),
            created_at: now(),
            created_by: session.viewer.email.clone(),
            failing_since: None,
            disabled_at: None,
            disabled_reason: None,
        };
        let mut tx = self.db.begin().await?;
        store::insert(&mut *tx, &row).await?;
        self.record(
            session,
            "webhook.created",
            None,
            Some(&row),
            org_id,
            &mut tx,
        )
        .await?;
        commit(tx).await?;
        tracing::info!(endpoint_id = %row.id, %org_id, "webhook endpoint created");
        Ok(NewWebhookEndpoint {
            endpoint: endpoint(row),
            secret,
        })
    }

    async fn endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        after: Option<&str>,
    ) -> ServiceResult<WebhookEndpointDetail> {
        let after = after_key(after)?;
        let row = self.owned(session, org_id, endpoint_id).await?;
        let rows = store::attempts(self.db.pool(), &row.id, after.as_ref(), PAGE_READ).await?;
        let (rows, next_after) = split_page(rows, |r| PageKey::new(r.at, r.id.clone()).text());
        Ok(WebhookEndpointDetail {
            endpoint: endpoint(row),
            attempts: rows.into_iter().map(attempt).collect(),
            next_after,
        })
    }

    async fn update_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        settings: WebhookSettings,
    ) -> ServiceResult<WebhookEndpoint> {
        let before = self.owned(session, org_id, endpoint_id).await?;
        let after = EndpointRow {
            url: settings.url.as_str().to_owned(),
            description: settings.description,
            events: settings.events.join(" "),
            ..before.clone()
        };
        let mut tx = self.db.begin().await?;
        store::update(
            &mut *tx,
            &after.id,
            &after.url,
            &after.description,
            &after.events,
        )
        .await?;
        self.record(
            session,
            "webhook.updated",
            Some(&before),
            Some(&after),
            org_id,
            &mut tx,
        )
        .await?;
        commit(tx).await?;
        Ok(endpoint(after))
    }

    async fn set_endpoint_enabled(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
        enabled: bool,
    ) -> ServiceResult<()> {
        let before = self.owned(session, org_id, endpoint_id).await?;
        if before.disabled_at.is_none() == enabled {
            return Ok(());
        }
        let at = now();
        let reason = format!("Disabled by {}.", session.viewer.email);
        let reason = (!enabled).then_some(reason.as_str());
        let after = EndpointRow {
            disabled_at: reason.map(|_| at),
            disabled_reason: reason.map(str::to_owned),
            failing_since: None,
            ..before.clone()
        };
        let action = if enabled {
            "webhook.enabled"
        } else {
            "webhook.disabled"
        };
        let mut tx = self.db.begin().await?;
        store::set_disabled(&mut *tx, &before.id, reason, at).await?;
        self.record(
            session,
            action,
            Some(&before),
            Some(&after),
            org_id,
            &mut tx,
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }

    async fn delete_endpoint(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
    ) -> ServiceResult<()> {
        let before = self.owned(session, org_id, endpoint_id).await?;
        let mut tx = self.db.begin().await?;
        store::delete(&mut *tx, &before.id).await?;
        self.record(
            session,
            "webhook.deleted",
            Some(&before),
            None,
            org_id,
            &mut tx,
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }

    async fn send_test_event(
        &self,
        session: &CurrentSession,
        org_id: &str,
        endpoint_id: &str,
    ) -> ServiceResult<()> {
        let row = self.owned(session, org_id, endpoint_id).await?;
        if row.disabled_at.is_some() {
            return Err(AppError::invalid(
                "form",
                "This endpoint is disabled. Enable it to send a test event.",
            )
            .into());
        }
        let data = EventData {
            organisation_id: org_id,
            client_id: None,
            system_id: None,
            actor: &session.viewer.email,
            object: Some(serde_json::json!({
                "message": "A test event sent from the endpoint's page on Portico.",
                "endpoint_id": row.id,
            })),
        };
        let mut tx = self.db.begin().await?;
        queue(&mut tx, &row.id, "webhook.test", &data).await?;
        commit(tx).await?;
        self.outbox.wake();
        Ok(())
    }
}
