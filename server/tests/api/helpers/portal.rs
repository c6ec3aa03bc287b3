//! Typed calls to the portal's server functions, the way the hydrated
//! pages make them: each answers the app's own model type, asserting that
//! the call succeeded. Tests of refusals use `TestApp::call` and look at
//! the raw response.

use app::model::{ClientDetail, CredentialInfo, ListPage, NewCredential, SystemSummary};
use reqwest::{Client, StatusCode};
use serde::de::DeserializeOwned;

use super::{PASSWORD, TestApp, new_client};

/// A client as the "New client" form submits it.
#[derive(Clone, Debug)]
pub struct ClientForm {
    pub suffix: String,
    fields: Vec<(String, String)>,
}

impl ClientForm {
    /// A confidential client_credentials client with `consents:read`.
    pub fn service(suffix: &str) -> Self {
        Self::new(suffix, "Billing backend", "confidential")
            .grants(&["client_credentials"])
            .scopes(&["consents:read"])
    }

    pub fn new(suffix: &str, name: &str, kind: &str) -> Self {
        Self {
            suffix: suffix.to_owned(),
            fields: vec![
                ("form[display_name]".into(), name.into()),
                ("form[kind]".into(), kind.into()),
            ],
        }
    }

    fn list(mut self, field: &str, items: &[&str]) -> Self {
        self.fields
            .retain(|(k, _)| !k.starts_with(&format!("form[{field}]")));
        for (i, item) in items.iter().enumerate() {
            self.fields
                .push((format!("form[{field}][{i}]"), (*item).to_owned()));
        }
        self
    }

    pub fn grants(self, grants: &[&str]) -> Self {
        self.list("grant_types", grants)
    }

    pub fn scopes(self, scopes: &[&str]) -> Self {
        self.list("scopes", scopes)
    }

    pub fn redirect_uris(self, uris: &[&str]) -> Self {
        self.list("redirect_uris", uris)
    }

    pub fn post_logout_redirect_uris(self, uris: &[&str]) -> Self {
        self.list("post_logout_redirect_uris", uris)
    }

    /// Any other field of the form (`description`, `auth_method`, `jwks`,
    /// `id_token_alg`).
    pub fn set(mut self, field: &str, value: &str) -> Self {
        let key = format!("form[{field}]");
        self.fields.retain(|(k, _)| *k != key);
        self.fields.push((key, value.to_owned()));
        self
    }

    /// The fields with the suffix, as the form posts them.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        let mut out = vec![("suffix", self.suffix.as_str())];
        out.extend(self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        out
    }

    /// The settings fields for `update_client` of `client_id`.
    pub fn update_pairs<'a>(&'a self, client_id: &'a str) -> Vec<(&'a str, &'a str)> {
        let mut out = vec![("client_id", client_id)];
        out.extend(self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        out
    }
}

impl TestApp {
    /// Calls a server function that must succeed and reads its answer.
    pub async fn call_ok<T: DeserializeOwned>(
        &self,
        client: &Client,
        function: &str,
        form: &[(&str, &str)],
    ) -> T {
        let res = self.call(client, function, form).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{function}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{function} answered {text} ({e})"))
    }

    pub async fn create_client(&self, client: &Client, form: &ClientForm) -> ClientDetail {
        self.call_ok(client, "create_client", &form.pairs()).await
    }

    pub async fn get_client(&self, client: &Client, client_id: &str) -> ClientDetail {
        self.call_ok(client, "get_client", &[("client_id", client_id)])
            .await
    }

    pub async fn create_secret(&self, client: &Client, client_id: &str) -> NewCredential {
        self.call_ok(
            client,
            "create_secret",
            &[("client_id", client_id), ("description", "ci")],
        )
        .await
    }

    pub async fn list_secrets(&self, client: &Client, client_id: &str) -> Vec<CredentialInfo> {
        self.call_ok::<ListPage<CredentialInfo>>(
            client,
            "list_secrets",
            &[("client_id", client_id)],
        )
        .await
        .rows
    }

    pub async fn create_system(&self, client: &Client, form: &[(&str, &str)]) -> SystemSummary {
        self.call_ok(client, "create_system", form).await
    }

    pub async fn create_api_key(&self, client: &Client, system_id: &str) -> NewCredential {
        self.call_ok(
            client,
            "create_api_key",
            &[("system_id", system_id), ("description", "installer")],
        )
        .await
    }

    /// Someone newly signed up in their own browser.
    pub async fn new_person(&self, email: &str) -> Client {
        let person = new_client();
        let res = self.sign_up_with(&person, email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "signing up {email}");
        person
    }
}
