//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): which
//! client is asking, and whether its post-logout redirect URI is registered.

use serde::Deserialize;

use super::keys::jwt;
use super::{Provider, ProviderClient};

#[derive(Debug, Default, Deserialize)]
pub struct LogoutQuery {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

#[derive(Deserialize)]
struct HintClaims {
    aud: Audiences,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audiences {
    One(String),
    Many(Vec<String>),
}

/// Where to send the browser after signing out.
#[derive(Debug, PartialEq, Eq)]
pub enum AfterLogout {
    /// The client's registered post-logout URI (with `state`).
    Client(String),
    /// Portico's sign-in page; `refused` when the request named a URI the
    /// client did not register.
    Portico { refused: bool },
}

impl AfterLogout {
    /// The URL to redirect to.
    pub fn url(&self) -> String {
        match self {
            Self::Client(url) => url.clone(),
            Self::Portico { refused: false } => "/login".to_owned(),
            Self::Portico { refused: true } => "/login?logout=unregistered_redirect".to_owned(),
        }
    }
}

/// What a logout request asks for.
pub struct LogoutPlan {
    pub after: AfterLogout,
    /// The request carried an ID token this provider signed: the client
    /// really is the one asking, and the session may end without asking
    /// the person (OIDC RP-Initiated Logout §2). Otherwise the person is
    /// asked first, so no other site can sign them out.
    pub hint_verified: bool,
    /// The client asking, when known.
    pub client_name: Option<String>,
}

impl Provider {
    pub async fn plan_logout(&self, query: &LogoutQuery) -> LogoutPlan {
        let hinted = match query.id_token_hint.as_deref().filter(|h| !h.is_empty()) {
            Some(hint) => jwt::decode_id_token::<HintClaims>(&self.keys, hint)
                .await
                .and_then(|c| match c.aud {
                    Audiences::One(a) => Some(a),
                    Audiences::Many(list) => list.into_iter().next(),
                }),
            None => None,
        };
        let hint_verified = hinted.is_some();
        // A client_id that contradicts the hint is ignored, as is an
        // unverifiable hint: no redirect then.
        let client_id = match (hinted, query.client_id.as_deref()) {
            (Some(hinted), Some(given)) if hinted != given => None,
            (Some(hinted), _) => Some(hinted),
            (None, given) => given.map(str::to_owned),
        };
        let client = match client_id {
            Some(id) => ProviderClient::load(&self.db, &id).await.ok().flatten(),
            None => None,
        };
        let uri = query
            .post_logout_redirect_uri
            .as_deref()
            .filter(|u| !u.is_empty());
        let after = match (uri, &client) {
            (None, _) => AfterLogout::Portico { refused: false },
            (Some(uri), Some(client))
                if client.post_logout_redirect_uris.iter().any(|u| u == uri) =>
            {
                let params: Vec<(&str, &str)> =
                    query.state.iter().map(|s| ("state", s.as_str())).collect();
                AfterLogout::Client(super::authorize::redirect_to(uri, &params, false))
            }
            (Some(_), _) => AfterLogout::Portico { refused: true },
        };
        LogoutPlan {
            after,
            hint_verified,
            client_name: client.map(|c| c.name),
        }
    }
}
