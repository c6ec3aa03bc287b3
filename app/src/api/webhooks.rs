//! Server functions for an organisation's webhook endpoints (owners only).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointDetail};
#[cfg(feature = "ssr")]
use crate::{error::Checks, services::*};

/// The endpoint form (new and edit). The event checkboxes are indexed
/// (`form[events][i]`), so unchecked ones leave gaps, not errors.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct WebhookForm {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub events: Vec<String>,
}

/// The event types chosen, in the form's order, or why none can be.
pub fn parse_events(chosen: &[String]) -> Result<Vec<String>, String> {
    let known: Vec<&str> = crate::model::webhook_event_types().collect();
    if let Some(unknown) = chosen.iter().find(|e| !known.contains(&e.as_str())) {
        return Err(format!("{unknown:?} is not an event type Portico sends."));
    }
    let events: Vec<String> = known
        .into_iter()
        .filter(|k| chosen.iter().any(|c| c == k))
        .map(str::to_owned)
        .collect();
    if events.is_empty() {
        return Err("Choose at least one event type.".into());
    }
    Ok(events)
}

#[cfg(feature = "ssr")]
fn parse(form: &WebhookForm) -> Result<WebhookSettings, AppError> {
    let mut checks = Checks::default();
    let url = checks.check("url", crate::domain::WebhookUrl::parse(form.url.trim()));
    let description = checks.check(
        "description",
        super::client_form::parse_description(&form.description),
    );
    let events = checks.check("events", parse_events(&form.events));
    checks.finish().inspect_err(set_error_status)?;
    match (url, description, events) {
        (Some(url), Some(description), Some(events)) => Ok(WebhookSettings {
            url,
            description,
            events,
        }),
        _ => Err(AppError::invalid("form", "The form is not valid.")),
    }
}

#[server(prefix = "/api/ui", endpoint = "org_webhooks")]
pub async fn org_webhooks(org_id: String) -> Result<Vec<WebhookEndpoint>, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .webhooks
        .endpoints(&session, &org_id)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "create_webhook")]
pub async fn create_webhook(
    org_id: String,
    form: WebhookForm,
) -> Result<NewWebhookEndpoint, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    services
        .webhooks
        .create_endpoint(&session, &org_id, settings)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "get_webhook")]
pub async fn get_webhook(
    org_id: String,
    endpoint_id: String,
    #[server(default)] after: Option<String>,
) -> Result<WebhookEndpointDetail, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .webhooks
        .endpoint(
            &session,
            &org_id,
            &endpoint_id,
            super::cursor(after).as_deref(),
        )
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "update_webhook")]
pub async fn update_webhook(
    org_id: String,
    endpoint_id: String,
    form: WebhookForm,
) -> Result<WebhookEndpoint, AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    let settings = parse(&form)?;
    services
        .webhooks
        .update_endpoint(&session, &org_id, &endpoint_id, settings)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "set_webhook_enabled")]
pub async fn set_webhook_enabled(
    org_id: String,
    endpoint_id: String,
    enabled: bool,
) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .webhooks
        .set_endpoint_enabled(&session, &org_id, &endpoint_id, enabled)
        .await
        .map_err(to_app_error)
}

#[server(prefix = "/api/ui", endpoint = "delete_webhook")]
pub async fn delete_webhook(org_id: String, endpoint_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .webhooks
        .delete_endpoint(&session, &org_id, &endpoint_id)
        .await
        .map_err(to_app_error)?;
    leptos_axum::redirect(&format!("/orgs/{org_id}/webhooks"));
    Ok(())
}

#[server(prefix = "/api/ui", endpoint = "send_webhook_test")]
pub async fn send_webhook_test(org_id: String, endpoint_id: String) -> Result<(), AppError> {
    let services = services()?;
    let session = require_session().inspect_err(set_error_status)?;
    services
        .webhooks
        .send_test_event(&session, &org_id, &endpoint_id)
        .await
        .map_err(to_app_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_known_deduplicated_and_in_order() {
        let chosen = vec![
            "secret.expiring".into(),
            "client.created".into(),
            "client.created".into(),
        ];
        assert_eq!(
            parse_events(&chosen).unwrap(),
            vec!["client.created".to_owned(), "secret.expiring".to_owned()]
        );
        assert!(parse_events(&[]).unwrap_err().contains("at least one"));
        assert!(parse_events(&["webhook.test".into()]).is_err());
        assert!(parse_events(&["client.exploded".into()]).is_err());
    }
}
