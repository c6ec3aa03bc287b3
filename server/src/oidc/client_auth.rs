//! Client authentication at the token, introspection and revocation
//! endpoints: `client_secret_basic`, `client_secret_post`, and `none` for
//! public clients (which must then prove themselves with PKCE).

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::Provider;
use super::client::ProviderClient;
use super::error::OAuthError;
use crate::store::credentials as cred_store;
use crate::store::now;

const WRONG: &str =
    "Client authentication failed: unknown client, or wrong, expired or revoked secret.";

/// Credentials as presented, before checking.
pub struct Presented {
    pub client_id: String,
    secret: Option<String>,
}

impl std::fmt::Debug for Presented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presented")
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

#[derive(Debug)]
pub struct Authenticated {
    pub client: Arc<ProviderClient>,
    /// False for a public client that sent only its id.
    pub with_secret: bool,
}

/// Reads `Authorization: Basic` or the `client_id`/`client_secret` form
/// fields; using both at once is an error (RFC 6749 §2.3).
pub fn presented(
    headers: &HeaderMap,
    form_id: Option<&str>,
    form_secret: Option<&str>,
) -> Result<Presented, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    match (basic, form_secret) {
        (Some(_), Some(_)) => Err(OAuthError::invalid_request(
            "Send the client secret either in the Authorization header or in the form, not both.",
        )),
        (Some(encoded), None) => {
            let (id, secret) = decode_basic(encoded.trim()).ok_or_else(|| {
                OAuthError::invalid_client("The Basic authorization header is malformed.")
            })?;
            if form_id.is_some_and(|f| f != id) {
                return Err(OAuthError::invalid_request(
                    "client_id in the form differs from the one in the Authorization header.",
                ));
            }
            Ok(Presented {
                client_id: id,
                secret: Some(secret),
            })
        }
        (None, secret) => {
            let client_id = form_id.filter(|id| !id.is_empty()).ok_or_else(|| {
                OAuthError::invalid_client(
                    "No client credentials: send client_id (and client_secret), or use HTTP Basic.",
                )
            })?;
            Ok(Presented {
                client_id: client_id.to_owned(),
                secret: secret.map(str::to_owned),
            })
        }
    }
}

/// RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
fn decode_basic(encoded: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

impl Provider {
    /// Reads the request's client credentials and checks them.
    pub async fn authenticate_request(
        &self,
        headers: &HeaderMap,
        form_id: Option<&str>,
        form_secret: Option<&str>,
    ) -> Result<Authenticated, OAuthError> {
        self.authenticate(presented(headers, form_id, form_secret)?)
            .await
    }

    /// Checks presented credentials: an active-or-not client that exists,
    /// and either a live secret or (public clients) none at all. Standing
    /// (active, grants) is the caller's to check, with its own error.
    pub async fn authenticate(&self, presented: Presented) -> Result<Authenticated, OAuthError> {
        let now = now();
        let Presented { client_id, secret } = presented;
        let Some(secret) = secret else {
            let client = self.load_client(&client_id).await?;
            return match client {
                Some(client) if client.public => Ok(Authenticated {
                    client: Arc::new(client),
                    with_secret: false,
                }),
                Some(_) => Err(OAuthError::invalid_client(
                    "This is a confidential client: authenticate with its client secret.",
                )),
                None => Err(OAuthError::invalid_client(WRONG)),
            };
        };
        if let Some(hit) = self.verified.secrets.get(&client_id, &secret, now) {
            if let Some(secret_id) = hit.touch {
                self.record_use(secret_id, now);
            }
            return Ok(Authenticated {
                client: hit.client,
                with_secret: true,
            });
        }
        if let Err(wait) = self.failures.check(&client_id) {
            return Err(OAuthError::too_many_failures(wait));
        }
        match self.verify_secret(&client_id, &secret, now).await? {
            Some((client, secret_id, expires_at)) => {
                let client = Arc::new(client);
                self.verified.secrets.insert(
                    &client_id,
                    &secret,
                    client.clone(),
                    secret_id.clone(),
                    expires_at,
                );
                self.record_use(secret_id, now);
                Ok(Authenticated {
                    client,
                    with_secret: true,
                })
            }
            None => {
                self.failures.record(&client_id);
                Err(OAuthError::invalid_client(WRONG))
            }
        }
    }

    async fn load_client(&self, client_id: &str) -> Result<Option<ProviderClient>, OAuthError> {
        ProviderClient::load(&self.db, client_id)
            .await
            .map_err(|e| self.internal(e))
    }

    /// (client, secret id, secret expiry) when `secret` matches a live
    /// secret of the client. Only secrets whose hint matches are hashed, so
    /// most wrong secrets cost no argon2 at all.
    async fn verify_secret(
        &self,
        client_id: &str,
        secret: &str,
        now: i64,
    ) -> Result<Option<(ProviderClient, String, i64)>, OAuthError> {
        let Some(client) = self.load_client(client_id).await? else {
            return Ok(None);
        };
        let hint: String = secret.chars().take(3).collect();
        let candidates = cred_store::live_secrets(&self.db, client_id, &hint, now)
            .await
            .map_err(|e| self.internal(e))?;
        for candidate in candidates {
            let matches = self
                .hasher
                .verify(secret, Some(&candidate.secret_hash))
                .await
                .map_err(|e| self.internal(e))?;
            if matches {
                return Ok(Some((client, candidate.id, candidate.expires_at)));
            }
        }
        Ok(None)
    }

    /// Writes "last used" without holding up the response.
    fn record_use(&self, secret_id: String, now: i64) {
        let db = self.db.clone();
        tokio::spawn(async move {
            if let Err(err) = cred_store::touch_secret(&db, &secret_id, now).await {
                tracing::warn!(error = %err, "recording secret use failed");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_decoded() {
        let encoded = STANDARD.encode("a.b%3Ac:p%2Bq%25r");
        assert_eq!(
            decode_basic(&encoded),
            Some(("a.b:c".to_owned(), "p+q%r".to_owned()))
        );
        assert_eq!(decode_basic("!!"), None);
        assert_eq!(decode_basic(&STANDARD.encode("no-colon")), None);
    }

    #[test]
    fn header_and_form_secret_together_are_refused() {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode("id:secret"));
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        let err = presented(&headers, None, Some("secret")).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        let ok = presented(&headers, Some("id"), None).unwrap();
        assert_eq!(ok.client_id, "id");
        assert!(format!("{ok:?}").contains("<hidden>"));
    }
}
