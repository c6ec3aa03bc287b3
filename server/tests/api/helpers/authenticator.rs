//! A software WebAuthn authenticator (a "virtual passkey"): it answers the
//! server's creation and request options with the JSON a browser's
//! `PublicKeyCredential.toJSON()` gives, using ES256 keys and `none`
//! attestation, so the tests can register and use passkeys over HTTP.

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// Authenticator data flags (WebAuthn §6.1): user present and verified,
/// backup eligible and backed up, attested credential data included.
const UP_UV: u8 = 0x01 | 0x04;
const BE_BS: u8 = 0x08 | 0x10;
const AT: u8 = 0x40;

/// DER prefix of a P-256 SubjectPublicKeyInfo, before the 65-byte point.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// One discoverable credential the authenticator holds.
struct Credential {
    id: Vec<u8>,
    rp_id: String,
    user_handle: Vec<u8>,
    key: EcdsaKeyPair,
    sign_count: u32,
}

/// A platform authenticator holding discoverable ES256 credentials.
pub struct Authenticator {
    credentials: Vec<Credential>,
    /// Sets BE and BS (a synced passkey); false makes device-bound ones.
    pub backup_eligible: bool,
    rng: SystemRandom,
}

impl Default for Authenticator {
    fn default() -> Self {
        Self::new()
    }
}

impl Authenticator {
    /// An empty authenticator whose credentials are synced passkeys.
    pub fn new() -> Self {
        Self {
            credentials: Vec::new(),
            backup_eligible: true,
            rng: SystemRandom::new(),
        }
    }

    /// An empty authenticator whose credentials are device-bound (no BE/BS).
    pub fn device_bound() -> Self {
        Self {
            backup_eligible: false,
            ..Self::new()
        }
    }

    /// The ids (base64url) of the credentials held, oldest first.
    pub fn credential_ids(&self) -> Vec<String> {
        self.credentials.iter().map(|c| b64(&c.id)).collect()
    }

    /// Answers `navigator.credentials.create()`: `options` is the server's
    /// `CreationChallengeResponse`; refuses if a credential in
    /// `excludeCredentials` is held.
    pub fn register(&mut self, options: &Value, origin: &str) -> Result<Value, String> {
        let pk = &options["publicKey"];
        let challenge = text(&pk["challenge"], "publicKey.challenge")?;
        let rp_id = text(&pk["rp"]["id"], "publicKey.rp.id")?.to_owned();
        let user_handle = unb64(text(&pk["user"]["id"], "publicKey.user.id")?)?;
        for excluded in pk["excludeCredentials"].as_array().into_iter().flatten() {
            let id = unb64(text(&excluded["id"], "excludeCredentials[].id")?)?;
            if self
                .credentials
                .iter()
                .any(|c| (&c.id, &c.rp_id) == (&id, &rp_id))
            {
                return Err("a credential in excludeCredentials is already held".into());
            }
        }

        let key = new_key();
        let mut id = vec![0u8; 16];
        self.rng.fill(&mut id).expect("random credential id");
        let point = key.public_key().as_ref().to_vec(); // 0x04 || x || y

        let mut auth_data = self.auth_data_head(&rp_id, AT, 0);
        auth_data.extend_from_slice(&[0u8; 16]); // AAGUID
        auth_data.extend_from_slice(&(id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&id);
        // COSE_Key {kty: EC2, alg: ES256, crv: P-256, x, y}.
        cbor_head(&mut auth_data, MAP, 5);
        for (label, value) in [(1, 2), (3, -7), (-1, 1)] {
            cbor_int(&mut auth_data, label);
            cbor_int(&mut auth_data, value);
        }
        cbor_int(&mut auth_data, -2);
        cbor_bytes(&mut auth_data, BYTES, &point[1..33]);
        cbor_int(&mut auth_data, -3);
        cbor_bytes(&mut auth_data, BYTES, &point[33..65]);

        let mut attestation_object = Vec::new();
        cbor_head(&mut attestation_object, MAP, 3);
        cbor_bytes(&mut attestation_object, TEXT, b"fmt");
        cbor_bytes(&mut attestation_object, TEXT, b"none");
        cbor_bytes(&mut attestation_object, TEXT, b"attStmt");
        cbor_head(&mut attestation_object, MAP, 0);
        cbor_bytes(&mut attestation_object, TEXT, b"authData");
        cbor_bytes(&mut attestation_object, BYTES, &auth_data);
        let spki = [P256_SPKI_PREFIX.as_slice(), &point].concat();

        let credential_id = b64(&id);
        self.credentials.push(Credential {
            id,
            rp_id,
            user_handle,
            key,
            sign_count: 0,
        });
        Ok(json!({
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data("webauthn.create", challenge, origin).as_bytes()),
                "attestationObject": b64(&attestation_object),
                "authenticatorData": b64(&auth_data),
                "publicKey": b64(&spki),
                "publicKeyAlgorithm": -7,
                "transports": ["internal"],
            },
            "clientExtensionResults": { "credProps": { "rk": true } },
            "authenticatorAttachment": "platform",
        }))
    }

    /// Answers `navigator.credentials.get()`: `options` is the server's
    /// `RequestChallengeResponse`. Without `allowCredentials` it signs in
    /// with the newest credential for the rpId (discoverable sign-in).
    pub fn authenticate(&mut self, options: &Value, origin: &str) -> Result<Value, String> {
        self.assert(options, origin, false)
    }

    /// As [`Self::authenticate`], but signed with a key the server never saw.
    pub fn authenticate_with_wrong_key(
        &mut self,
        options: &Value,
        origin: &str,
    ) -> Result<Value, String> {
        self.assert(options, origin, true)
    }

    fn assert(&mut self, options: &Value, origin: &str, wrong_key: bool) -> Result<Value, String> {
        let pk = &options["publicKey"];
        let challenge = text(&pk["challenge"], "publicKey.challenge")?;
        let rp_id = text(&pk["rpId"], "publicKey.rpId")?;
        let allowed = pk["allowCredentials"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| unb64(text(&c["id"], "allowCredentials[].id")?))
            .collect::<Result<Vec<_>, _>>()?;
        let index = self
            .credentials
            .iter()
            .rposition(|c| c.rp_id == rp_id && (allowed.is_empty() || allowed.contains(&c.id)))
            .ok_or_else(|| format!("no credential held for {rp_id} in the allowed list"))?;

        self.credentials[index].sign_count += 1;
        let auth_data = self.auth_data_head(rp_id, 0, self.credentials[index].sign_count);
        let client_data = client_data("webauthn.get", challenge, origin);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(digest(&SHA256, client_data.as_bytes()).as_ref());
        let credential = &self.credentials[index];
        let key = if wrong_key {
            &new_key()
        } else {
            &credential.key
        };
        let signature = key.sign(&self.rng, &signed).expect("signing");

        let credential_id = b64(&credential.id);
        Ok(json!({
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data.as_bytes()),
                "authenticatorData": b64(&auth_data),
                "signature": b64(signature.as_ref()),
                "userHandle": b64(&credential.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }))
    }

    /// rpIdHash | flags (UP, UV, BE/BS per `backup_eligible`, plus `extra`) | signCount.
    fn auth_data_head(&self, rp_id: &str, extra: u8, sign_count: u32) -> Vec<u8> {
        let backup = if self.backup_eligible { BE_BS } else { 0 };
        let mut data = digest(&SHA256, rp_id.as_bytes()).as_ref().to_vec();
        data.push(UP_UV | backup | extra);
        data.extend_from_slice(&sign_count.to_be_bytes());
        data
    }
}

/// The collected client data, with the keys in the order browsers write them.
fn client_data(kind: &str, challenge: &str, origin: &str) -> String {
    format!(
        r#"{{"type":{},"challenge":{},"origin":{},"crossOrigin":false}}"#,
        Value::from(kind),
        Value::from(challenge),
        Value::from(origin)
    )
}

/// A fresh ES256 key pair.
fn new_key() -> EcdsaKeyPair {
    EcdsaKeyPair::generate(&ECDSA_P256_SHA256_ASN1_SIGNING).expect("P-256 key generation")
}

fn text<'a>(value: &'a Value, what: &str) -> Result<&'a str, String> {
    value.as_str().ok_or_else(|| format!("options lack {what}"))
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| format!("bad base64url {text:?}: {e}"))
}

/// CBOR (RFC 8949) major types this authenticator writes.
const BYTES: u8 = 2;
const TEXT: u8 = 3;
const MAP: u8 = 5;

/// A CBOR item head: major type and argument, in the shortest form.
fn cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        _ => {
            out.push(major | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
}

/// An unsigned (major 0) or negative (major 1) integer.
fn cbor_int(out: &mut Vec<u8>, n: i64) {
    match u64::try_from(n) {
        Ok(n) => cbor_head(out, 0, n),
        Err(_) => cbor_head(out, 1, (-1 - n) as u64),
    }
}

/// A byte string (`BYTES`) or a UTF-8 text string (`TEXT`).
fn cbor_bytes(out: &mut Vec<u8>, major: u8, bytes: &[u8]) {
    cbor_head(out, major, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use webauthn_rs::prelude::*;

    const ORIGIN: &str = "http://localhost:8080";

    fn webauthn() -> Webauthn {
        let origin = Url::parse(ORIGIN).expect("origin");
        let builder = WebauthnBuilder::new("localhost", &origin).expect("builder");
        builder.build().expect("webauthn")
    }

    fn register(webauthn: &Webauthn, auth: &mut Authenticator, user: Uuid) -> Passkey {
        let start = webauthn.start_passkey_registration(user, "ada", "Ada", None);
        let (ccr, state) = start.expect("start registration");
        let answer = auth.register(&serde_json::to_value(&ccr).expect("json"), ORIGIN);
        let reg = serde_json::from_value(answer.expect("register")).expect("parse registration");
        let finish = webauthn.finish_passkey_registration(&reg, &state);
        finish.expect("finish registration")
    }

    /// Answers `rcr` from `origin`, with the wrong key if `wrong`.
    fn answer(
        auth: &mut Authenticator,
        rcr: &RequestChallengeResponse,
        origin: &str,
        wrong: bool,
    ) -> PublicKeyCredential {
        let options = serde_json::to_value(rcr).expect("json");
        let answer = match wrong {
            true => auth.authenticate_with_wrong_key(&options, origin),
            false => auth.authenticate(&options, origin),
        };
        serde_json::from_value(answer.expect("assert")).expect("parse assertion")
    }

    /// A sign-in with `passkey` in `allowCredentials`, answered from `origin`.
    fn sign_in(
        webauthn: &Webauthn,
        auth: &mut Authenticator,
        passkey: &Passkey,
        origin: &str,
        wrong: bool,
    ) -> WebauthnResult<AuthenticationResult> {
        let start = webauthn.start_passkey_authentication(std::slice::from_ref(passkey));
        let (rcr, state) = start.expect("start authentication");
        let cred = answer(auth, &rcr, origin, wrong);
        webauthn.finish_passkey_authentication(&cred, &state)
    }

    #[test]
    fn authenticator_registers_and_signs_in() {
        let webauthn = webauthn();
        let mut auth = Authenticator::new();
        let user = Uuid::new_v4();
        let passkey = register(&webauthn, &mut auth, user);
        assert_eq!(auth.credential_ids(), vec![b64(passkey.cred_id())]);

        let excluded = Some(vec![passkey.cred_id().clone()]);
        let start = webauthn.start_passkey_registration(user, "ada", "Ada", excluded);
        let options = serde_json::to_value(start.expect("start").0).expect("json");
        assert!(auth.register(&options, ORIGIN).is_err(), "excluded");

        let result = sign_in(&webauthn, &mut auth, &passkey, ORIGIN, false).expect("sign-in");
        assert!(result.user_verified() && result.backup_eligible() && result.backup_state());

        let (rcr, state) = webauthn.start_discoverable_authentication().expect("start");
        assert!(rcr.public_key.allow_credentials.is_empty());
        let cred = answer(&mut auth, &rcr, ORIGIN, false);
        let identified = webauthn.identify_discoverable_authentication(&cred);
        let (uuid, cred_id) = identified.expect("identify");
        assert_eq!((uuid, cred_id), (user, passkey.cred_id().as_slice()));
        let finish = webauthn.finish_discoverable_authentication_v2(&cred, state, &passkey);
        let result = finish.expect("discoverable sign-in");
        assert!(result.user_verified() && result.counter() == 2);
    }

    #[test]
    fn authenticator_wrong_key_and_origin_are_refused() {
        let webauthn = webauthn();
        let mut auth = Authenticator::device_bound();
        let passkey = register(&webauthn, &mut auth, Uuid::new_v4());
        assert!(
            sign_in(&webauthn, &mut auth, &passkey, ORIGIN, true).is_err(),
            "wrong key"
        );
        let evil = "http://evil.example";
        assert!(
            sign_in(&webauthn, &mut auth, &passkey, evil, false).is_err(),
            "evil origin"
        );

        let result = sign_in(&webauthn, &mut auth, &passkey, ORIGIN, false).expect("sign-in");
        assert!(
            !result.backup_eligible() && !result.backup_state(),
            "device-bound"
        );

        let (rcr, _) = webauthn.start_discoverable_authentication().expect("start");
        let mut other = serde_json::to_value(&rcr).expect("json");
        other["publicKey"]["rpId"] = "example.org".into();
        assert!(
            auth.authenticate(&other, "https://example.org").is_err(),
            "other RP"
        );
    }
}
