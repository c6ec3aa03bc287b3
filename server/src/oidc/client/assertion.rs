//! `private_key_jwt` (RFC 7523 §2.2, OIDC Core §9): a JWT the client signs
//! with its private key and Portico checks against the public keys the
//! client registered.

use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::Value;

use crate::oidc::keys::jwt;

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Clock difference tolerated between the client and Portico.
const SKEW_SECS: i64 = 60;
/// The longest an assertion may live: it is a proof for one request.
const MAX_LIFETIME_SECS: i64 = 3600;

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Value>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    jti: Option<String>,
}

/// An assertion whose signature and claims checked out.
#[derive(Debug)]
pub struct Checked {
    pub jti: String,
    /// Until when its `jti` must be remembered.
    pub expires_at: i64,
}

struct Parts<'a> {
    signed: &'a str,
    header: Header,
    claims: Claims,
    signature: Vec<u8>,
}

fn parts(jwt: &str) -> Option<Parts<'_>> {
    let compact = jwt::split(jwt)?;
    Some(Parts {
        signed: compact.signed,
        header: serde_json::from_slice(&compact.header).ok()?,
        claims: serde_json::from_slice(&compact.claims).ok()?,
        signature: compact.signature,
    })
}

/// The client the assertion claims to come from (`sub`), before any check.
pub fn claimed_client(jwt: &str) -> Option<String> {
    parts(jwt)?.claims.sub.filter(|s| !s.is_empty())
}

/// Checks the assertion against the client's keys. `audiences` are the
/// values `aud` may hold (the token endpoint URL, the issuer). The error
/// says what is wrong, for the client's developer.
pub fn check(
    jwt: &str,
    client_id: &str,
    jwks: &str,
    audiences: &[String],
    now: i64,
) -> Result<Checked, String> {
    let parts = parts(jwt)
        .ok_or("it is not a signed JWT (three base64url parts with JSON header and claims).")?;
    let kty = match parts.header.alg.as_str() {
        "RS256" => "RSA",
        "ES256" => "EC",
        other => {
            return Err(format!(
                "alg {other:?} is not accepted; sign with RS256 or ES256."
            ));
        }
    };
    let keys: Vec<Value> = serde_json::from_str::<Value>(jwks)
        .ok()
        .and_then(|set| set.get("keys").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    let candidates: Vec<&Value> = keys
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some(kty))
        .filter(|k| match &parts.header.kid {
            Some(kid) => k.get("kid").and_then(Value::as_str) == Some(kid.as_str()),
            None => true,
        })
        .collect();
    if candidates.is_empty() {
        return Err(match &parts.header.kid {
            Some(kid) => format!("no registered {kty} key has the kid {kid:?}."),
            None => format!(
                "the client has no registered {kty} key for {}.",
                parts.header.alg
            ),
        });
    }
    let signed = parts.signed.as_bytes();
    if !candidates
        .iter()
        .any(|key| verifies(key, signed, &parts.signature))
    {
        return Err("the signature does not match the client's registered public key.".into());
    }
    let claims = parts.claims;
    if claims.iss.as_deref() != Some(client_id) || claims.sub.as_deref() != Some(client_id) {
        return Err("iss and sub must both be the client id.".into());
    }
    let aud_ok = match &claims.aud {
        Some(Value::String(aud)) => audiences.contains(aud),
        Some(Value::Array(auds)) => auds
            .iter()
            .filter_map(Value::as_str)
            .any(|a| audiences.iter().any(|x| x == a)),
        _ => false,
    };
    if !aud_ok {
        return Err(format!(
            "aud must be the token endpoint ({}).",
            audiences[0]
        ));
    }
    let exp = claims.exp.ok_or("exp is missing.")?;
    if exp <= now - SKEW_SECS {
        return Err("it has expired (exp); sign a new one for every request.".into());
    }
    if exp > now + MAX_LIFETIME_SECS {
        return Err("it lives too long: exp may be at most an hour ahead.".into());
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + SKEW_SECS)
        || claims.iat.is_some_and(|iat| iat > now + SKEW_SECS)
    {
        return Err("it is not valid yet (nbf or iat lies in the future).".into());
    }
    let jti = claims
        .jti
        .filter(|j| !j.is_empty() && j.len() <= 200)
        .ok_or("jti is missing (a unique id for each assertion).")?;
    Ok(Checked {
        jti,
        expires_at: exp + SKEW_SECS,
    })
}

fn b64(key: &Value, name: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(key.get(name)?.as_str()?).ok()
}

fn verifies(key: &Value, message: &[u8], signature: &[u8]) -> bool {
    match key.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            let (Some(n), Some(e)) = (b64(key, "n"), b64(key, "e")) else {
                return false;
            };
            RsaPublicKeyComponents { n: &n, e: &e }
                .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
                .is_ok()
        }
        Some("EC") => {
            let (Some(x), Some(y)) = (b64(key, "x"), b64(key, "y")) else {
                return false;
            };
            let mut point = Vec::with_capacity(65);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(message, signature)
                .is_ok()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};

    const CLIENT: &str = "abc.app";
    const AUD: &str = "https://id.example/oauth2/token";

    fn key() -> (EcdsaKeyPair, String) {
        let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let jwks = serde_json::json!({"keys": [{
            "kty": "EC", "crv": "P-256", "kid": "k1",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..]),
        }]});
        (pair, jwks.to_string())
    }

    fn sign(pair: &EcdsaKeyPair, header: Value, claims: Value) -> String {
        let mut jwt = URL_SAFE_NO_PAD.encode(header.to_string());
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
        let sig = pair.sign(&SystemRandom::new(), jwt.as_bytes()).unwrap();
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(sig.as_ref()));
        jwt
    }

    fn claims(now: i64) -> Value {
        serde_json::json!({"iss": CLIENT, "sub": CLIENT, "aud": AUD, "exp": now + 60, "jti": "j1"})
    }

    #[test]
    fn a_well_formed_assertion_passes_and_names_its_client() {
        let (pair, jwks) = key();
        let jwt = sign(
            &pair,
            serde_json::json!({"alg": "ES256", "kid": "k1"}),
            claims(1000),
        );
        assert_eq!(claimed_client(&jwt).as_deref(), Some(CLIENT));
        let checked = check(&jwt, CLIENT, &jwks, &[AUD.into()], 1000).unwrap();
        assert_eq!(checked.jti, "j1");
    }

    #[test]
    fn every_broken_part_is_refused_with_its_reason() {
        let (pair, jwks) = key();
        let (other, _) = key();
        let header = serde_json::json!({"alg": "ES256"});
        let refused = |jwt: String| check(&jwt, CLIENT, &jwks, &[AUD.into()], 1000).unwrap_err();
        assert!(refused(sign(&other, header.clone(), claims(1000))).contains("signature"));
        assert!(
            refused(sign(
                &pair,
                serde_json::json!({"alg": "HS256"}),
                claims(1000)
            ))
            .contains("HS256")
        );
        assert!(
            refused(sign(
                &pair,
                serde_json::json!({"alg": "ES256", "kid": "nope"}),
                claims(1000)
            ))
            .contains("kid")
        );
        let mut c = claims(1000);
        c["aud"] = "https://elsewhere.example/token".into();
        assert!(refused(sign(&pair, header.clone(), c)).contains("aud"));
        let mut c = claims(1000);
        c["exp"] = 900.into();
        assert!(refused(sign(&pair, header.clone(), c)).contains("expired"));
        let mut c = claims(1000);
        c["exp"] = 100_000.into();
        assert!(refused(sign(&pair, header.clone(), c)).contains("too long"));
        let mut c = claims(1000);
        c["sub"] = "other.app".into();
        assert!(refused(sign(&pair, header.clone(), c)).contains("iss and sub"));
        let mut c = claims(1000);
        c.as_object_mut().unwrap().remove("jti");
        assert!(refused(sign(&pair, header, c)).contains("jti"));
        assert!(refused("not.a.jwt".into()).contains("not a signed JWT"));
    }
}
