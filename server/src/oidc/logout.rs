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
pub enum AfterLogout {
    /// The client's registered post-logout URI (with `state`).
    Client(String),
    /// Portico's sign-in page; `refused` when the request named a URI the
    /// client did not register.
    Portico { refused: bool },
}

impl Provider {
    pub async fn after_logout(&self, query: &LogoutQuery) -> AfterLogout {
        let Some(uri) = query
            .post_logout_redirect_uri
            .as_deref()
            .filter(|u| !u.is_empty())
        else {
            return AfterLogout::Portico { refused: false };
        };
        let hinted = match query.id_token_hint.as_deref() {
            Some(hint) => jwt::decode_id_token::<HintClaims>(&self.keys, hint)
                .await
                .and_then(|c| match c.aud {
                    Audiences::One(a) => Some(a),
                    Audiences::Many(list) => list.into_iter().next(),
                }),
            None => None,
        };
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
        match client {
            Some(client) if client.post_logout_redirect_uris.iter().any(|u| u == uri) => {
                let params: Vec<(&str, &str)> =
                    query.state.iter().map(|s| ("state", s.as_str())).collect();
                AfterLogout::Client(super::authorize::redirect_to(uri, &params, false))
            }
            _ => AfterLogout::Portico { refused: true },
        }
    }
}
