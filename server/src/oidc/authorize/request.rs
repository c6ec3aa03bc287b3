//! An authorization request as it arrives, checked: the client and the
//! redirect URI first (problems with those are shown on a page, never
//! redirected to), then everything else (sent back to the client).

use app::domain::{GrantType, Scopes};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::redirect;
use crate::oidc::{Provider, ProviderClient};

/// How long a request may wait for the user's consent.
pub(super) const REQUEST_TTL_SECS: i64 = 600;

#[derive(Debug, Default, Deserialize)]
pub struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    response_mode: Option<String>,
    pub(super) prompt: Option<String>,
    /// Seconds since the sign-in after which a new one is needed.
    pub(super) max_age: Option<String>,
    /// The sign-in the client asks for (`tokens::ACR_MFA`: with a second
    /// factor), space-separated.
    pub(super) acr_values: Option<String>,
}

/// Which of `code`, `id_token` and `token` the client asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseType {
    pub code: bool,
    pub id_token: bool,
    pub token: bool,
}

impl ResponseType {
    pub fn parse(value: &str) -> Option<Self> {
        let mut out = Self::default();
        for part in value.split(' ').filter(|p| !p.is_empty()) {
            let slot = match part {
                "code" => &mut out.code,
                "id_token" => &mut out.id_token,
                "token" => &mut out.token,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        // `token` alone is plain OAuth implicit, which OIDC providers and
        // the security BCP leave out.
        (out.code || out.id_token).then_some(out)
    }

    /// The grant a client needs for this response type.
    pub fn grant(self) -> GrantType {
        match (self.code, self.id_token || self.token) {
            (true, false) => GrantType::AuthorizationCode,
            (true, true) => GrantType::Hybrid,
            _ => GrantType::Implicit,
        }
    }
}

/// A checked authorization request, kept while the user decides.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: Scopes,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub response_type: ResponseType,
    pub fragment: bool,
}

impl AuthRequest {
    /// The authorization request again (`/oauth2/authorize?…`), as another
    /// account would start it after "Not you?".
    pub fn authorize_path(&self) -> String {
        let rt = self.response_type;
        let response_type = [
            (rt.code, "code"),
            (rt.id_token, "id_token"),
            (rt.token, "token"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect::<Vec<_>>()
        .join(" ");
        let scope = self.scopes.to_string();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", &response_type)
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", &scope);
        for (key, value) in [("state", &self.state), ("nonce", &self.nonce)] {
            if let Some(value) = value {
                query.append_pair(key, value);
            }
        }
        if let Some(challenge) = &self.code_challenge {
            query
                .append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", "S256");
        }
        if self.fragment && !(rt.id_token || rt.token) {
            query.append_pair("response_mode", "fragment");
        }
        format!("/oauth2/authorize?{}", query.finish())
    }

    /// The redirect back to the client with an error (RFC 6749 §4.1.2.1).
    pub fn error(&self, issuer: &str, code: &str, description: &str) -> String {
        let mut params = vec![("error", code), ("error_description", description)];
        if let Some(state) = &self.state {
            params.push(("state", state));
        }
        params.push(("iss", issuer));
        redirect::build(&self.redirect_uri, &params, self.fragment)
    }
}

/// Why a request cannot go on.
pub enum Refusal {
    /// Shown on Portico's error page: the redirect URI cannot be trusted.
    Page(&'static str),
    /// Sent back to the client's redirect URI.
    Redirect(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Self::Page(reason) => {
                Redirect::to(&format!("/authorize-error?reason={reason}")).into_response()
            }
            Self::Redirect(url) => Redirect::to(&url).into_response(),
        }
    }
}

fn is_pkce_value(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

impl Provider {
    /// Checks a request; the client is returned for the consent decision.
    pub(super) async fn check_request(
        &self,
        query: AuthorizeQuery,
    ) -> Result<(ProviderClient, AuthRequest), Refusal> {
        let client_id = query
            .client_id
            .filter(|c| !c.is_empty())
            .ok_or(Refusal::Page("missing_client_id"))?;
        let client = ProviderClient::load(&self.db, &client_id)
            .await
            .map_err(|e| {
                self.internal("loading the client of an authorization request", e);
                Refusal::Page("server_error")
            })?
            .ok_or(Refusal::Page("unknown_client"))?;
        let redirect_uri = query
            .redirect_uri
            .filter(|r| !r.is_empty())
            .ok_or(Refusal::Page("missing_redirect_uri"))?;
        if !redirect::matches(&client.redirect_uris, &redirect_uri) {
            return Err(Refusal::Page("redirect_uri_mismatch"));
        }
        let response_type = query.response_type.as_deref().and_then(ResponseType::parse);
        // Tokens never travel in a query string (OAuth 2.0 Multiple
        // Response Types §5).
        let needs_fragment = response_type.is_some_and(|rt| rt.id_token || rt.token);
        let fragment = query.response_mode.as_deref() == Some("fragment") || needs_fragment;
        let scopes = Scopes::parse(query.scope.as_deref().unwrap_or_default());
        let mut request = AuthRequest {
            client_id,
            redirect_uri,
            scopes: scopes.clone().unwrap_or_default(),
            state: query.state,
            nonce: query.nonce,
            code_challenge: query.code_challenge,
            response_type: response_type.unwrap_or_default(),
            fragment,
        };
        let refuse = |request: &AuthRequest, code: &str, description: String| {
            Refusal::Redirect(request.error(&self.issuer, code, &description))
        };
        if let Some(mode) = query
            .response_mode
            .as_deref()
            .filter(|m| !matches!(*m, "query" | "fragment"))
        {
            return Err(refuse(
                &request,
                "invalid_request",
                format!("response_mode {mode} is not supported; use query or fragment."),
            ));
        }
        let Some(response_type) = response_type else {
            return Err(refuse(&request, "unsupported_response_type", "response_type must be code, id_token, id_token token, or a hybrid of code with those.".into()));
        };
        if !client.has_grant(response_type.grant()) {
            return Err(refuse(
                &request,
                "unauthorized_client",
                format!(
                    "This client is not registered for the {} flow.",
                    response_type.grant().as_str()
                ),
            ));
        }
        if let Some(problem) = client.standing_problem() {
            return Err(refuse(&request, "unauthorized_client", problem.into()));
        }
        if let Err(reason) = scopes {
            return Err(refuse(
                &request,
                "invalid_scope",
                format!("scope is malformed: {reason}"),
            ));
        }
        if request.scopes.is_empty() {
            return Err(refuse(
                &request,
                "invalid_scope",
                "scope is missing; ask for openid and the scopes your app needs.".into(),
            ));
        }
        if let Some(missing) = client.ungranted(&request.scopes) {
            return Err(refuse(
                &request,
                "invalid_scope",
                format!("The client has no granted access to {missing}."),
            ));
        }
        let has_openid = request.scopes.contains("openid");
        if response_type.id_token && !has_openid {
            return Err(refuse(
                &request,
                "invalid_scope",
                "An ID token needs the openid scope.".into(),
            ));
        }
        if (response_type.id_token || response_type.token)
            && request.nonce.as_deref().is_none_or(str::is_empty)
        {
            return Err(refuse(
                &request,
                "invalid_request",
                "nonce is required when tokens come back from this endpoint.".into(),
            ));
        }
        match (
            query.code_challenge_method.as_deref(),
            request.code_challenge.as_deref(),
        ) {
            (_, None) if client.is_public() && response_type.code => {
                return Err(refuse(&request, "invalid_request", "Public clients must use PKCE: send code_challenge and code_challenge_method=S256.".into()));
            }
            (Some("S256"), Some(challenge)) if is_pkce_value(challenge) => {}
            (Some("S256"), Some(_)) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge must be 43–128 characters of base64url.".into(),
                ));
            }
            (_, Some(_)) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge_method must be S256 (plain is not accepted).".into(),
                ));
            }
            (Some(_), None) => {
                return Err(refuse(
                    &request,
                    "invalid_request",
                    "code_challenge_method without code_challenge.".into(),
                ));
            }
            (None, None) => {}
        }
        if !response_type.code {
            request.code_challenge = None;
        }
        Ok((client, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_rebuilt_as_it_came() {
        let request = AuthRequest {
            client_id: "acme.web".into(),
            redirect_uri: "https://app.example/cb?x=1".into(),
            scopes: Scopes::parse("openid profile").unwrap(),
            state: Some("s t".into()),
            nonce: None,
            code_challenge: Some("c".repeat(43)),
            response_type: ResponseType::parse("code").unwrap(),
            fragment: false,
        };
        assert_eq!(
            request.authorize_path(),
            format!(
                "/oauth2/authorize?response_type=code&client_id=acme.web&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1\
                 &scope=openid+profile&state=s+t&code_challenge={}&code_challenge_method=S256",
                "c".repeat(43)
            )
        );
    }

    #[test]
    fn response_types_and_their_grants() {
        let parse = |s: &str| ResponseType::parse(s).map(ResponseType::grant);
        assert_eq!(parse("code"), Some(GrantType::AuthorizationCode));
        assert_eq!(parse("id_token"), Some(GrantType::Implicit));
        assert_eq!(parse("token id_token"), Some(GrantType::Implicit));
        assert_eq!(parse("code id_token"), Some(GrantType::Hybrid));
        assert_eq!(parse("code id_token token"), Some(GrantType::Hybrid));
        assert_eq!(parse("token"), None);
        assert_eq!(parse("code code"), None);
        assert_eq!(parse("password"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn pkce_values_are_43_to_128_unreserved_characters() {
        assert!(is_pkce_value(&"a".repeat(43)));
        assert!(!is_pkce_value(&"a".repeat(42)));
        assert!(!is_pkce_value(&"a".repeat(129)));
        assert!(!is_pkce_value(&format!("{}+", "a".repeat(43))));
    }
}
