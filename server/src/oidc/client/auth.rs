//! Client authentication at the token, introspection and revocation
//! endpoints: `client_secret_basic`, `client_secret_post`,
//! `private_key_jwt`, and `none` for public clients (which must then prove
//! themselves with PKCE).

use std::net::IpAddr;
use std::sync::Arc;

use axum::http::HeaderMap;

use app::domain::AuthMethod;

use super::ProviderClient;
use super::assertion as client_assertion;
use super::presented::{FormCredentials, Presented, Proof, presented};
use crate::credentials::CLIENT_SECRET;
use crate::oidc::{OAuthError, Provider};
use crate::store::credentials as credential_store;
use crate::store::{assertions, client_auth as store, now};

const WRONG: &str =
    "Client authentication failed: unknown client, or wrong, expired or revoked secret.";

#[derive(Debug)]
pub struct Authenticated {
    pub client: Arc<ProviderClient>,
    /// False for a public client that sent only its id; true after a
    /// secret or a client assertion.
    pub with_secret: bool,
}

impl Provider {
    /// Reads the request's client credentials and checks them.
    pub async fn authenticate_request(
        &self,
        headers: &HeaderMap,
        form: &FormCredentials,
        from: IpAddr,
    ) -> Result<Authenticated, OAuthError> {
        self.authenticate(presented(headers, form)?, from).await
    }

    /// Checks presented credentials: an active-or-not client that exists,
    /// and either a live secret or (public clients) none at all. Standing
    /// (active, grants) is the caller's to check, with its own error.
    ///
    /// Failures are counted per client id and address (`from`): after too
    /// many, that address gets 429 for that client — but a valid credential
    /// always gets through, so nobody can lock a client out for everyone.
    pub async fn authenticate(
        &self,
        presented: Presented,
        from: IpAddr,
    ) -> Result<Authenticated, OAuthError> {
        let now = now();
        let Presented { client_id, proof } = presented;
        let failures = Failures {
            key: format!("{client_id}\0{from}"),
            provider: self,
        };
        let secret = match proof {
            Proof::Assertion(jwt) => {
                return failures
                    .count(self.authenticate_assertion(client_id, &jwt, now).await)
                    .await;
            }
            Proof::Secret(secret) => Some(secret),
            Proof::Nothing => None,
        };
        let Some(secret) = secret else {
            let client = self.load_client(&client_id).await?;
            return match client {
                Some(client) if client.is_public() => Ok(Authenticated {
                    client: Arc::new(client),
                    with_secret: false,
                }),
                Some(_) => Err(OAuthError::invalid_client(
                    "This is a confidential client: authenticate with its client secret.",
                )),
                None => Err(OAuthError::invalid_client(WRONG)),
            };
        };
        if let Some(hit) = self.verified.secret(&client_id, &secret, now) {
            if let Some(secret_id) = hit.touch {
                self.record_use(secret_id, now);
            }
            return Ok(Authenticated {
                client: hit.client,
                with_secret: true,
            });
        }
        // Checked whatever the count: argon2 runs only for a secret whose
        // first characters match a live one, so a guesser costs little.
        let verified = match self.verify_secret(&client_id, &secret, now).await {
            Ok(verified) => verified,
            Err(refused) => return failures.count(Err(refused)).await,
        };
        match verified {
            Some((client, secret_id, expires_at)) => {
                let client = Arc::new(client);
                self.verified.remember_secret(
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
            None => failures.count(Err(OAuthError::invalid_client(WRONG))).await,
        }
    }

    /// `private_key_jwt`: the assertion's signature against the client's
    /// registered keys, its claims, and its `jti` used only once.
    async fn authenticate_assertion(
        &self,
        client_id: String,
        jwt: &str,
        now: i64,
    ) -> Result<Authenticated, OAuthError> {
        let client = match self.load_client(&client_id).await? {
            Some(client) if client.auth_method == AuthMethod::PrivateKeyJwt => client,
            Some(_) => {
                return Err(OAuthError::invalid_client(
                    "This client is not registered for private_key_jwt; authenticate with its secret, or change its token endpoint authentication.",
                ));
            }
            None => return Err(OAuthError::invalid_client(WRONG)),
        };
        let audiences = [self.endpoint("/oauth2/token"), self.issuer.to_string()];
        let jwks = client.jwks.as_deref().unwrap_or_default();
        let checked =
            client_assertion::check(jwt, &client.id, jwks, &audiences, now).map_err(|reason| {
                OAuthError::invalid_client(format!("The client assertion was refused: {reason}"))
            })?;
        let fresh = async {
            let mut conn = self.db.acquire().await?;
            assertions::use_once(&mut conn, &client.id, &checked.jti, checked.expires_at, now).await
        }
        .await
        .map_err(|e| self.internal("recording a client assertion", e))?;
        if !fresh {
            return Err(OAuthError::invalid_client(
                "This client assertion was already used; sign a new one, with a new jti, for every request.",
            ));
        }
        Ok(Authenticated {
            client: Arc::new(client),
            with_secret: true,
        })
    }

    pub(crate) async fn load_client(
        &self,
        client_id: &str,
    ) -> Result<Option<ProviderClient>, OAuthError> {
        ProviderClient::load(&self.db, client_id)
            .await
            .map_err(|e| self.internal("loading a client", e))
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
        if client.auth_method == AuthMethod::PrivateKeyJwt {
            return Err(OAuthError::invalid_client(
                "This client authenticates with private_key_jwt (a signed client assertion), not with a secret.",
            ));
        }
        let hint: String = secret.chars().take(3).collect();
        let candidates = store::live_secrets(self.db.pool(), client_id, &hint, now)
            .await
            .map_err(|e| self.internal("reading a client's secrets", e))?;
        for candidate in candidates {
            let matches = self
                .hasher
                .verify(secret, Some(&candidate.secret_hash))
                .await
                .map_err(|e| self.internal("verifying a client secret", e))?;
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
            let touched =
                credential_store::touch(db.pool(), CLIENT_SECRET.kind, &secret_id, now).await;
            if let Err(err) = touched {
                tracing::warn!(error = %err, "recording secret use failed");
            }
        });
    }
}

/// The failure count of one client id at one address.
struct Failures<'a> {
    key: String,
    provider: &'a Provider,
}

impl Failures<'_> {
    /// Passes a success on; counts a refusal, and answers it with 429 when
    /// this address had already failed too often for this client.
    async fn count(
        &self,
        result: Result<Authenticated, OAuthError>,
    ) -> Result<Authenticated, OAuthError> {
        let Err(refused) = result else {
            return result;
        };
        if refused.status().is_server_error() {
            return Err(refused);
        }
        let limiter = &self.provider.failures;
        let counted = async {
            let earlier = limiter.check(&self.key).await?;
            limiter.record(&self.key).await?;
            Ok::<_, crate::store::StoreError>(earlier)
        };
        match counted.await {
            Ok(Ok(())) => Err(refused),
            Ok(Err(wait)) => Err(OAuthError::too_many_failures(wait)),
            Err(e) => Err(self
                .provider
                .internal("counting a failed client authentication", e)),
        }
    }
}
