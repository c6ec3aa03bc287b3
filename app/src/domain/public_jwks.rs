//! A client's public signing keys for `private_key_jwt` (RFC 7523): a JWK
//! or a JWK Set as the developer pastes it, checked and reduced to the
//! public members Portico needs.

use serde_json::{Map, Value};

/// At most this many keys, enough to roll one over.
pub const MAX_KEYS: usize = 5;
/// What the pasted text may weigh.
pub const MAX_LEN: usize = 20_000;

const PRIVATE_MEMBERS: [&str; 6] = ["d", "p", "q", "dp", "dq", "qi"];

/// A JWK Set of public RSA (2048 bits or more) and P-256 keys, as
/// canonical JSON `{"keys":[…]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicJwks(String);

impl PublicJwks {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Paste the public key (a JWK) that signs your client assertions.".into());
        }
        if text.len() > MAX_LEN {
            return Err(format!("The key set has at most {MAX_LEN} characters."));
        }
        let value: Value = serde_json::from_str(text).map_err(
            |_| "This is not JSON: paste a JWK ({\"kty\": …}) or a JWK Set ({\"keys\": […]}).",
        )?;
        let keys = match value {
            Value::Object(mut object) if object.contains_key("keys") => match object.remove("keys")
            {
                Some(Value::Array(keys)) => keys,
                _ => return Err("\"keys\" must be an array of JWKs.".into()),
            },
            key @ Value::Object(_) => vec![key],
            _ => return Err("Paste a JWK ({\"kty\": …}) or a JWK Set ({\"keys\": […]}).".into()),
        };
        if keys.is_empty() {
            return Err("The key set has no keys.".into());
        }
        if keys.len() > MAX_KEYS {
            return Err(format!("At most {MAX_KEYS} keys."));
        }
        let mut out = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            let Value::Object(key) = key else {
                return Err(format!("Key {} is not a JSON object.", i + 1));
            };
            out.push(public_key(key).map_err(|e| format!("Key {}: {e}", i + 1))?);
        }
        if out.len() > 1 {
            let mut kids: Vec<&str> = Vec::new();
            for key in &out {
                match key.get("kid").and_then(Value::as_str) {
                    Some(kid) if !kids.contains(&kid) => kids.push(kid),
                    Some(kid) => return Err(format!("Two keys share the kid {kid:?}.")),
                    None => return Err("With several keys, each needs a \"kid\".".into()),
                }
            }
        }
        let set = serde_json::json!({ "keys": out });
        Ok(Self(set.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many keys the set holds, and their ids.
    pub fn describe(json: &str) -> String {
        let Ok(Value::Object(set)) = serde_json::from_str::<Value>(json) else {
            return String::new();
        };
        let Some(Value::Array(keys)) = set.get("keys") else {
            return String::new();
        };
        let names: Vec<String> = keys
            .iter()
            .map(|k| {
                let kty = k.get("kty").and_then(Value::as_str).unwrap_or("?");
                match k.get("kid").and_then(Value::as_str) {
                    Some(kid) => format!("{kty} {kid}"),
                    None => kty.to_owned(),
                }
            })
            .collect();
        names.join(", ")
    }
}

/// The key's public members, checked.
fn public_key(key: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| key.contains_key(**m)) {
        return Err(format!(
            "this is a private key (it has \"{member}\"); paste only the public part, and keep the private key with your client."
        ));
    }
    let text = |name: &str| key.get(name).and_then(Value::as_str);
    if let Some(usage) = text("use")
        && usage != "sig"
    {
        return Err(format!("\"use\" is {usage:?}; a signing key has \"sig\"."));
    }
    let mut out = Map::new();
    match text("kty") {
        Some("RSA") => {
            if let Some(alg) = text("alg")
                && alg != "RS256"
            {
                return Err(format!(
                    "alg {alg:?} is not supported; RSA keys sign with RS256."
                ));
            }
            let n = base64url_len(text("n"), "n")?;
            if n < 256 {
                return Err(format!(
                    "the RSA modulus has {} bits; at least 2048 are required.",
                    n * 8
                ));
            }
            base64url_len(text("e"), "e")?;
            for name in ["kty", "n", "e"] {
                out.insert(name.into(), key[name].clone());
            }
        }
        Some("EC") => {
            if text("crv") != Some("P-256") {
                return Err("only the P-256 curve is supported for EC keys.".into());
            }
            if let Some(alg) = text("alg")
                && alg != "ES256"
            {
                return Err(format!(
                    "alg {alg:?} is not supported; P-256 keys sign with ES256."
                ));
            }
            for name in ["x", "y"] {
                if base64url_len(text(name), name)? != 32 {
                    return Err(format!("\"{name}\" must be 32 bytes for P-256."));
                }
            }
            for name in ["kty", "crv", "x", "y"] {
                out.insert(name.into(), key[name].clone());
            }
        }
        Some(other) => {
            return Err(format!(
                "kty {other:?} is not supported; use RSA or EC (P-256)."
            ));
        }
        None => return Err("\"kty\" is missing.".into()),
    }
    for name in ["kid", "alg"] {
        match key.get(name) {
            Some(Value::String(v)) if !v.is_empty() && v.len() <= 200 => {
                out.insert(name.into(), Value::String(v.clone()));
            }
            Some(_) => return Err(format!("\"{name}\" must be a short string.")),
            None => {}
        }
    }
    out.insert("use".into(), Value::String("sig".into()));
    Ok(out)
}

/// The decoded length of a base64url member without padding.
fn base64url_len(value: Option<&str>, name: &str) -> Result<usize, String> {
    let value = value.ok_or_else(|| format!("\"{name}\" is missing."))?;
    let valid = !value.is_empty()
        && value.len() % 4 != 1
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(format!(
            "\"{name}\" is not base64url (RFC 7515, no padding)."
        ));
    }
    Ok(value.len() * 3 / 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn b64(len: usize) -> String {
        // Any base64url text of the right length stands for `len` bytes.
        "A".repeat((len * 4).div_ceil(3))
    }

    fn ec() -> String {
        format!(
            r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}","kid":"k1"}}"#,
            b64(32),
            b64(32)
        )
    }

    #[test]
    fn a_single_public_key_becomes_a_set_of_its_public_members() {
        let with_extra = ec().replace("\"kid\"", "\"x5t\":\"zz\",\"kid\"");
        let set = PublicJwks::parse(&with_extra).unwrap();
        let value: Value = serde_json::from_str(set.as_str()).unwrap();
        let key = &value["keys"][0];
        assert_eq!(key["kty"], "EC");
        assert_eq!(key["kid"], "k1");
        assert_eq!(key["use"], "sig");
        assert!(key.get("x5t").is_none());
        assert_eq!(PublicJwks::describe(set.as_str()), "EC k1");
    }

    #[test]
    fn rsa_keys_need_2048_bits() {
        let short = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, b64(128));
        assert!(PublicJwks::parse(&short).unwrap_err().contains("1024 bits"));
        let long = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, b64(256));
        assert!(PublicJwks::parse(&long).is_ok());
    }

    #[test]
    fn private_keys_and_unsupported_keys_are_refused_with_a_reason() {
        let private = ec().replace("\"kid\"", "\"d\":\"AAAA\",\"kid\"");
        assert!(
            PublicJwks::parse(&private)
                .unwrap_err()
                .contains("private key")
        );
        let p384 = ec().replace("P-256", "P-384");
        assert!(PublicJwks::parse(&p384).unwrap_err().contains("P-256"));
        assert!(
            PublicJwks::parse(r#"{"kty":"oct","k":"AAAA"}"#)
                .unwrap_err()
                .contains("oct")
        );
        assert!(
            PublicJwks::parse("not json")
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(PublicJwks::parse("").is_err());
        let enc = ec().replace("\"kid\"", "\"use\":\"enc\",\"kid\"");
        assert!(PublicJwks::parse(&enc).unwrap_err().contains("sig"));
    }

    #[test]
    fn several_keys_need_distinct_kids() {
        let twice = format!(r#"{{"keys":[{},{}]}}"#, ec(), ec());
        assert!(
            PublicJwks::parse(&twice)
                .unwrap_err()
                .contains("share the kid")
        );
        let two = format!(r#"{{"keys":[{},{}]}}"#, ec(), ec().replace("k1", "k2"));
        assert_eq!(
            PublicJwks::describe(PublicJwks::parse(&two).unwrap().as_str()),
            "EC k1, EC k2"
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_never_keeps_private_members(text in ".{0,300}") {
            if let Ok(set) = PublicJwks::parse(&text) {
                for member in PRIVATE_MEMBERS {
                    let quoted = format!("\"{member}\":");
                    prop_assert!(!set.as_str().contains(&quoted));
                }
            }
        }
    }
}
