//! Operations endpoints: liveness, readiness, Prometheus metrics.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::Metrics;
use std::time::Duration;

use super::Draining;
use crate::store::Db;

pub async fn healthz() -> &'static str {
    "ok"
}

/// How long readiness waits for the database before saying no.
const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// Ready when the database answers and takes a write (within a second)
/// and the server is not stopping.
pub async fn readyz(State(db): State<Db>, State(draining): State<Draining>) -> impl IntoResponse {
    if draining.is_draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    match tokio::time::timeout(READY_TIMEOUT, db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("readiness check: the database did not answer within a second");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

pub async fn metrics(State(metrics): State<Arc<Metrics>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.render(),
    )
}
