//! Compact JWS for access tokens (RFC 9068 `at+jwt`).
//!
//! openidconnect builds and signs ID tokens but keeps its generic JWT type
//! private, and RFC 9068 needs the `typ: at+jwt` header it does not set; so
//! access tokens are assembled here from the same `SigningKey` (which
//! implements openidconnect's signing trait) and verified with aws-lc-rs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::KeyRing;
use super::signing_key::{KeyError, SigningKey};

pub const ACCESS_TOKEN_TYP: &str = "at+jwt";

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    alg: &'a str,
    #[serde(default)]
    typ: &'a str,
    kid: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error("token claims could not be serialized: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Sign(#[from] KeyError),
}

pub fn encode<C: Serialize>(key: &SigningKey, claims: &C) -> Result<String, EncodeError> {
    let header = Header {
        alg: key.alg().as_str(),
        typ: ACCESS_TOKEN_TYP,
        kid: key.kid(),
    };
    let mut token = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?);
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?));
    let signature = key.sign_bytes(token.as_bytes())?;
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(token)
}

/// The claims of an access token this provider signed, if the signature,
/// the header and the claims' shape check out. Expiry and revocation are
/// the caller's to check.
pub async fn decode_verified<C: DeserializeOwned>(keys: &KeyRing, token: &str) -> Option<C> {
    decode_with_typ(keys, token, ACCESS_TOKEN_TYP).await
}

/// The claims of an ID token this provider signed (no `typ` header), for
/// `id_token_hint`; expiry is not checked (OIDC RP-Initiated Logout §2).
pub async fn decode_id_token<C: DeserializeOwned>(keys: &KeyRing, token: &str) -> Option<C> {
    decode_with_typ(keys, token, "").await
}

/// A compact JWS taken apart, nothing checked yet.
pub struct Compact<'a> {
    /// `header.claims`, the text the signature covers.
    pub signed: &'a str,
    pub header: Vec<u8>,
    pub claims: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Splits `header.claims.signature` and decodes each part (base64url).
pub fn split(token: &str) -> Option<Compact<'_>> {
    let mut parts = token.split('.');
    let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some(Compact {
        signed: &token[..header.len() + 1 + claims.len()],
        header: URL_SAFE_NO_PAD.decode(header).ok()?,
        claims: URL_SAFE_NO_PAD.decode(claims).ok()?,
        signature: URL_SAFE_NO_PAD.decode(signature).ok()?,
    })
}

async fn decode_with_typ<C: DeserializeOwned>(keys: &KeyRing, token: &str, typ: &str) -> Option<C> {
    let parts = split(token)?;
    let header: Header<'_> = serde_json::from_slice(&parts.header).ok()?;
    if header.typ != typ {
        return None;
    }
    let key = keys.find(header.kid).await?;
    // The algorithm comes from our key, never from the token (no `alg: none`).
    if key.alg().as_str() != header.alg {
        return None;
    }
    if !key.verify(parts.signed.as_bytes(), &parts.signature) {
        return None;
    }
    serde_json::from_slice(&parts.claims).ok()
}
