//! Calls to the provider's endpoints: tokens, introspection, the
//! consents API.

use reqwest::{Response, StatusCode};
use serde_json::Value;

use super::{ClientForm, TestApp};

/// A developer, a confidential client_credentials client and one secret.
pub struct Registered {
    pub client_id: String,
    pub secret: String,
    pub secret_id: String,
}

/// Signs `email` up on the app's own browser and registers a
/// client_credentials client with one secret.
pub async fn register_cc_client(app: &TestApp, email: &str, suffix: &str) -> Registered {
    app.sign_up(email).await;
    app.service_client(suffix).await
}

impl TestApp {
    /// A resource server for `audience`: a client of `gateway@example.com`
    /// that an admin (`root@example.com`) granted `introspect:<audience>`,
    /// so it may introspect tokens meant for that audience.
    pub async fn resource_server(&self, audience: &str) -> Registered {
        let scope = format!("introspect:{audience}");
        let admin = self.admin_with_approval_scope(&scope).await;
        let owner = self.new_person("gateway@example.com").await;
        let form = ClientForm::service("gateway").scopes(&[&scope]);
        let client = self.create_client(&owner, &form).await;
        let res = self
            .call(
                &admin,
                "decide_scope",
                &[
                    ("client_id", &client.client_id),
                    ("scope", &scope),
                    ("decision", "grant"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "granting {scope}");
        let secret = self.create_secret(&owner, &client.client_id).await;
        Registered {
            client_id: client.client_id,
            secret: secret.value,
            secret_id: secret.info.id,
        }
    }

    /// A client_credentials client with `consents:read` and one secret,
    /// of whoever is signed in on the app's own browser.
    pub async fn service_client(&self, suffix: &str) -> Registered {
        let client = self
            .create_client(&self.client, &ClientForm::service(suffix))
            .await;
        let secret = self.create_secret(&self.client, &client.client_id).await;
        Registered {
            client_id: client.client_id,
            secret: secret.value,
            secret_id: secret.info.id,
        }
    }
}

impl TestApp {
    pub async fn token_basic(&self, id: &str, secret: &str, form: &[(&str, &str)]) -> Response {
        self.post_form("/oauth2/token", Some((id, secret)), form)
            .await
    }

    /// A client_credentials access token, asserting success.
    pub async fn cc_token(&self, reg: &Registered) -> String {
        let res = self
            .token_basic(
                &reg.client_id,
                &reg.secret,
                &[("grant_type", "client_credentials")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    /// `GET /api/v1/consents`, with a bearer token when given one.
    pub async fn consents(&self, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url("/api/v1/consents"));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send().await.unwrap()
    }

    /// A form post to a provider endpoint, with HTTP Basic when given.
    pub async fn post_form(
        &self,
        path: &str,
        basic: Option<(&str, &str)>,
        form: &[(&str, &str)],
    ) -> Response {
        let mut req = self.client.post(self.url(path)).form(form);
        if let Some((id, secret)) = basic {
            req = req.basic_auth(id, Some(secret));
        }
        req.send().await.unwrap()
    }

    pub async fn sql(&self, statement: &str) {
        sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(self.state.db.pool())
            .await
            .unwrap();
    }

    /// The first column of every row `query` gives, as text.
    pub async fn query_strings(&self, query: &str) -> Vec<String> {
        sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_owned()))
            .fetch_all(self.state.db.pool())
            .await
            .unwrap()
    }
}
