//! What a request presents to prove which client sends it: HTTP Basic,
//! the `client_id`/`client_secret` form fields, a client assertion
//! (`private_key_jwt`), or only a client id (public clients).

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::assertion::{self as client_assertion, ASSERTION_TYPE};
use crate::oidc::OAuthError;

/// The client credentials fields of a request's form body, flattened into
/// the forms of the token, introspection and revocation endpoints.
#[derive(Clone, Default, serde::Deserialize)]
pub struct FormCredentials {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
}

impl std::fmt::Debug for FormCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormCredentials")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<hidden>"),
            )
            .field(
                "client_assertion",
                &self.client_assertion.as_ref().map(|_| "<hidden>"),
            )
            .finish()
    }
}

/// What the client proves itself with.
pub(super) enum Proof {
    /// Only its id: a public client.
    Nothing,
    Secret(String),
    /// A `private_key_jwt` client assertion.
    Assertion(String),
}

/// Credentials as presented, before checking.
pub struct Presented {
    pub client_id: String,
    pub(super) proof: Proof,
}

impl Presented {
    /// A client id and secret, however they were sent.
    pub fn secret(client_id: String, secret: String) -> Self {
        Self {
            client_id,
            proof: Proof::Secret(secret),
        }
    }
}

impl std::fmt::Debug for Presented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let proof = match self.proof {
            Proof::Nothing => "none",
            Proof::Secret(_) => "secret <hidden>",
            Proof::Assertion(_) => "assertion <hidden>",
        };
        f.debug_struct("Presented")
            .field("client_id", &self.client_id)
            .field("proof", &proof)
            .finish()
    }
}

/// Reads `Authorization: Basic`, the `client_id`/`client_secret` form
/// fields or a client assertion; using two methods at once is an error
/// (RFC 6749 §2.3).
pub fn presented(headers: &HeaderMap, form: &FormCredentials) -> Result<Presented, OAuthError> {
    let form_id = form.client_id.as_deref();
    let form_secret = form.client_secret.as_deref();
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    if let Some(assertion) = form.client_assertion.as_deref() {
        if basic.is_some() || form_secret.is_some() {
            return Err(OAuthError::invalid_request(
                "Send either a client assertion or a client secret, not both.",
            ));
        }
        if form.client_assertion_type.as_deref() != Some(ASSERTION_TYPE) {
            return Err(OAuthError::invalid_client(format!(
                "client_assertion_type must be {ASSERTION_TYPE}."
            )));
        }
        let client_id = client_assertion::claimed_client(assertion).ok_or_else(|| {
            OAuthError::invalid_client(
                "The client assertion is not a JWT naming its client in sub.",
            )
        })?;
        if form_id.is_some_and(|id| id != client_id) {
            return Err(OAuthError::invalid_client(
                "client_id differs from the client assertion's sub.",
            ));
        }
        return Ok(Presented {
            client_id,
            proof: Proof::Assertion(assertion.to_owned()),
        });
    }
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
                proof: Proof::Secret(secret),
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
                proof: secret.map_or(Proof::Nothing, |s| Proof::Secret(s.to_owned())),
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
        let form = |client_id: Option<&str>, client_secret: Option<&str>| FormCredentials {
            client_id: client_id.map(str::to_owned),
            client_secret: client_secret.map(str::to_owned),
            ..FormCredentials::default()
        };
        let err = presented(&headers, &form(None, Some("secret"))).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        let ok = presented(&headers, &form(Some("id"), None)).unwrap();
        assert_eq!(ok.client_id, "id");
        assert!(format!("{ok:?}").contains("<hidden>"));
    }
}
