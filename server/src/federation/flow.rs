//! The relying-party side of a sign-in through an upstream provider, with
//! the `openidconnect` crate: discovery, the authorization request (code,
//! PKCE S256, state, nonce), the code exchange, and the ID token checked
//! in full (issuer, audience, signature from the upstream JWKS, expiry,
//! nonce) before anything is believed.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdTokenVerifier, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope,
};
use secrecy::{ExposeSecret, SecretString};

use super::discovery::Discovery;
use crate::store::upstream::ProviderRow;

/// Why the provider's part did not give a trustworthy identity. The
/// detail goes to the log, never to the page.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("discovery of {issuer}: {detail}")]
    Discovery { issuer: String, detail: String },
    #[error("code exchange: {0}")]
    Exchange(String),
    #[error("the token response has no ID token")]
    NoIdToken,
    #[error("ID token rejected: {0}")]
    IdToken(String),
}

/// An authorization request on its way to the provider.
pub struct Request {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// What a verified ID token says of the person.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The issuer of the ID token (the provider's, as discovery said).
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// What an ID token from the provider must pass: its issuer, this client
/// as the audience, a signature by one of its keys, unexpired.
fn id_token_checks(
    metadata: &CoreProviderMetadata,
    provider: &ProviderRow,
    secret: &ClientSecret,
) -> CoreIdTokenVerifier<'static> {
    CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(provider.client_id.clone()),
        secret.clone(),
        metadata.issuer().clone(),
        metadata.jwks().clone(),
    )
}

/// The provider's discovery document (and its JWKS).
pub async fn discover(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<CoreProviderMetadata, UpstreamError> {
    let failed = |detail: String| UpstreamError::Discovery {
        issuer: issuer.to_owned(),
        detail,
    };
    let url = IssuerUrl::new(issuer.to_owned()).map_err(|e| failed(e.to_string()))?;
    CoreProviderMetadata::discover_async(url, http)
        .await
        .map_err(|e| failed(error_chain(&e)))
}

/// The address to send the browser to, with what must be kept until it
/// comes back.
pub async fn request(
    discovery: &Discovery,
    provider: &ProviderRow,
    redirect_uri: &str,
) -> Result<Request, UpstreamError> {
    let metadata = discovery.get(&provider.issuer).await?.metadata;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        None,
    )
    .set_redirect_uri(redirect_url(redirect_uri)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        CsrfToken::new_random,
        Nonce::new_random,
    );
    for scope in provider
        .scopes
        .split_whitespace()
        .filter(|s| *s != "openid")
    {
        request = request.add_scope(Scope::new(scope.to_owned()));
    }
    let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
    Ok(Request {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
    })
}

/// Redeems `code` and checks the ID token it brings.
pub async fn redeem(
    discovery: &Discovery,
    provider: &ProviderRow,
    client_secret: SecretString,
    redirect_uri: &str,
    code: &str,
    verifier: String,
    nonce: &str,
) -> Result<Identity, UpstreamError> {
    use openidconnect::TokenResponse as _;

    let document = discovery.get(&provider.issuer).await?;
    let secret = ClientSecret::new(client_secret.expose_secret().to_owned());
    let checks = id_token_checks(&document.metadata, provider, &secret);
    let issuer = document.metadata.issuer().to_string();
    let client = CoreClient::from_provider_metadata(
        document.metadata,
        ClientId::new(provider.client_id.clone()),
        Some(secret.clone()),
    )
    .set_redirect_uri(redirect_url(redirect_uri)?);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| UpstreamError::Exchange(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(discovery.http())
        .await
        .map_err(|e| UpstreamError::Exchange(error_chain(&e)))?;
    let id_token = tokens.id_token().ok_or(UpstreamError::NoIdToken)?;
    let nonce = Nonce::new(nonce.to_owned());
    let (issuer, claims) = match id_token.claims(&checks, &nonce) {
        Ok(claims) => (issuer, claims),
        // A kept copy may predate a key the provider rotated in: read it
        // again and check once more (every check, not only the key).
        Err(_) if !document.fresh => {
            let metadata = discovery.fresh(&provider.issuer).await?;
            let checks = id_token_checks(&metadata, provider, &secret);
            let claims = id_token
                .claims(&checks, &nonce)
                .map_err(|e| UpstreamError::IdToken(error_chain(&e)))?;
            (metadata.issuer().to_string(), claims)
        }
        Err(e) => return Err(UpstreamError::IdToken(error_chain(&e))),
    };
    Ok(Identity {
        issuer,
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
    })
}

fn redirect_url(uri: &str) -> Result<RedirectUrl, UpstreamError> {
    RedirectUrl::new(uri.to_owned()).map_err(|e| UpstreamError::Exchange(e.to_string()))
}

/// An error with its causes, for the log.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
