//! The REST API under `/api/v1` for client applications and systems,
//! authenticated by bearer access tokens (not cookies).

mod consents;
pub(crate) mod drafts;
pub mod openapi;
mod own_client;

pub use consents::list as consents;

use axum::Router;
use axum::routing::{get, post};

use crate::http::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/consents", get(consents::list))
        .route("/api/v1/client/status", get(own_client::status))
        .route("/api/v1/client/secrets", post(own_client::add_secret))
        .route("/api/v1/client/keys", post(own_client::add_key))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/client-drafts", post(drafts::create))
        .route(
            "/api/v1/client-drafts/{client_id}/status",
            get(drafts::status),
        )
}

/// RFC 3339 UTC time for a Unix timestamp.
fn rfc3339(secs: i64) -> String {
    let day = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        app::domain::Date::from_unix(secs),
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_is_utc() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_357_545), "2026-11-22T14:25:45Z");
    }
}
