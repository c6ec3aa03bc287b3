//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers'
//! annotations and the request and response types, served at
//! `/api/v1/openapi.json` (and rendered by the `/api-docs` page).

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, ServerBuilder};
use utoipa::{Modify, OpenApi};

use crate::api_error::ApiError;
use crate::http::AppState;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                crate::systems::API_KEY_HEADER,
                "A client system's API key, created on its Automation tab in the portal.",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from /oauth2/token (client_credentials) with the scope each operation names.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portico API",
        description = "The REST API for client systems (client drafts, API key in the `api-key` header) and for clients themselves (status, secrets, keys, consents; bearer access token). OAuth 2.0 and OpenID Connect endpoints are described by `/.well-known/openid-configuration`."
    ),
    paths(
        super::drafts::create,
        super::drafts::status,
        super::own_client::status,
        super::own_client::add_secret,
        super::own_client::add_key,
        super::consents::list,
    ),
    components(schemas(ApiError, app::error::FieldError)),
    modifiers(&Security)
)]
struct ApiDoc;

/// The document with this installation's URL as its server.
pub fn document(public_url: &str) -> Document {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.servers = Some(vec![ServerBuilder::new().url(public_url).build()]);
    doc
}

pub async fn serve(State(state): State<AppState>) -> impl IntoResponse {
    Json(document(&state.public_url))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_documented_with_its_security() {
        let doc = serde_json::to_value(super::document("https://id.example")).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/client-drafts",
            "/api/v1/client-drafts/{client_id}/status",
            "/api/v1/client/status",
            "/api/v1/client/secrets",
            "/api/v1/client/keys",
            "/api/v1/consents",
        ] {
            assert!(paths.contains_key(path), "{path} is not documented");
        }
        let create = &doc["paths"]["/api/v1/client-drafts"]["post"];
        assert_eq!(create["security"][0]["api_key"], serde_json::json!([]));
        let schema = &doc["components"]["schemas"]["DraftRequest"];
        assert!(schema["properties"]["jwk"].is_object());
        assert_eq!(schema["required"], serde_json::json!(["name"]));
        assert_eq!(doc["servers"][0]["url"], "https://id.example");
    }
}
