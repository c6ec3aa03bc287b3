//! A signing key on aws-lc-rs that `openidconnect` can sign with.
//!
//! openidconnect's own RSA key uses the `rsa` crate (~2 ms per RS256
//! signature here); aws-lc-rs signs RS256 in ~0.3 ms and ES256 in ~20 µs,
//! and the token endpoint signs on every request.

use app::domain::SigningAlg;
use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _,
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey,
};
use openidconnect::core::{CoreJsonCurveType, CoreJsonWebKey, CoreJwsSigningAlgorithm};
use openidconnect::{JsonWebKeyId, PrivateSigningKey, SigningError};

/// The algorithm as `openidconnect` names it.
pub trait Jws {
    fn jws(self) -> CoreJwsSigningAlgorithm;
}

impl Jws for SigningAlg {
    fn jws(self) -> CoreJwsSigningAlgorithm {
        match self {
            Self::Es256 => CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            Self::Rs256 => CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        }
    }
}

enum Pair {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

pub struct SigningKey {
    kid: String,
    pair: Pair,
    public_jwk: CoreJsonWebKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg())
            .field("private_key", &"<hidden>")
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("signing key could not be {0}")]
pub struct KeyError(&'static str);

impl SigningKey {
    /// A fresh key pair and its PKCS#8 encoding (to be sealed and stored).
    pub fn generate(alg: SigningAlg, kid: String) -> Result<(Self, Vec<u8>), KeyError> {
        let pkcs8 = match alg {
            SigningAlg::Es256 => EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
                .and_then(|k| k.to_pkcs8v1())
                .map(|d| d.as_ref().to_vec()),
            SigningAlg::Rs256 => RsaKeyPair::generate(KeySize::Rsa2048)
                .and_then(|k| k.as_der())
                .map(|d| d.as_ref().to_vec()),
        }
        .map_err(|_| KeyError("generated"))?;
        Ok((Self::from_pkcs8(alg, kid, &pkcs8)?, pkcs8))
    }

    pub fn from_pkcs8(alg: SigningAlg, kid: String, pkcs8: &[u8]) -> Result<Self, KeyError> {
        let key_id = Some(JsonWebKeyId::new(kid.clone()));
        let (pair, public_jwk) = match alg {
            SigningAlg::Es256 => {
                let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8)
                    .map_err(|_| KeyError("read"))?;
                // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
                let point = pair.public_key().as_ref();
                if point.len() != 65 {
                    return Err(KeyError("read"));
                }
                let jwk = CoreJsonWebKey::new_ec(
                    point[1..33].to_vec(),
                    point[33..].to_vec(),
                    CoreJsonCurveType::P256,
                    key_id,
                );
                (Pair::Ec(pair), jwk)
            }
            SigningAlg::Rs256 => {
                let pair = RsaKeyPair::from_pkcs8(pkcs8).map_err(|_| KeyError("read"))?;
                let public = pair.public_key();
                let jwk = CoreJsonWebKey::new_rsa(
                    public.modulus().big_endian_without_leading_zero().to_vec(),
                    public.exponent().big_endian_without_leading_zero().to_vec(),
                    key_id,
                );
                (Pair::Rsa(pair), jwk)
            }
        };
        Ok(Self {
            kid,
            pair,
            public_jwk,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn alg(&self) -> SigningAlg {
        match self.pair {
            Pair::Ec(_) => SigningAlg::Es256,
            Pair::Rsa(_) => SigningAlg::Rs256,
        }
    }

    pub fn public_jwk(&self) -> &CoreJsonWebKey {
        &self.public_jwk
    }

    /// The raw JWS signature over `message` with this key's algorithm.
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let rng = SystemRandom::new();
        match &self.pair {
            Pair::Ec(pair) => pair
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| KeyError("used to sign")),
            Pair::Rsa(pair) => {
                let mut signature = vec![0; pair.public_modulus_len()];
                pair.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .map_err(|_| KeyError("used to sign"))?;
                Ok(signature)
            }
        }
    }

    /// Whether `signature` over `message` was made by this key.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.pair {
            Pair::Ec(pair) => UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, pair.public_key())
                .verify(message, signature)
                .is_ok(),
            Pair::Rsa(pair) => {
                UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref())
                    .verify(message, signature)
                    .is_ok()
            }
        }
    }
}

impl PrivateSigningKey for SigningKey {
    type VerificationKey = CoreJsonWebKey;

    fn sign(
        &self,
        signature_alg: &CoreJwsSigningAlgorithm,
        message: &[u8],
    ) -> Result<Vec<u8>, SigningError> {
        if *signature_alg != self.alg().jws() {
            return Err(SigningError::UnsupportedAlg(format!("{signature_alg:?}")));
        }
        self.sign_bytes(message)
            .map_err(|_| SigningError::CryptoError)
    }

    fn as_verification_key(&self) -> CoreJsonWebKey {
        self.public_jwk.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openidconnect::JsonWebKey as _;

    #[test]
    fn both_algorithms_sign_what_their_public_jwk_verifies() {
        for alg in [SigningAlg::Es256, SigningAlg::Rs256] {
            let (key, pkcs8) = SigningKey::generate(alg, format!("k-{}", alg.as_str())).unwrap();
            let signature = key.sign(&alg.jws(), b"header.claims").unwrap();
            // Verified by openidconnect's own (independent) implementation.
            key.public_jwk()
                .verify_signature(&alg.jws(), b"header.claims", &signature)
                .unwrap();
            assert!(key.verify(b"header.claims", &signature));
            assert!(!key.verify(b"header.claimz", &signature));
            let reread = SigningKey::from_pkcs8(alg, key.kid().into(), &pkcs8).unwrap();
            assert!(reread.verify(b"header.claims", &signature));
        }
    }

    #[test]
    fn refuses_the_other_algorithm_and_hides_the_private_key() {
        let (key, _) = SigningKey::generate(SigningAlg::Es256, "k".into()).unwrap();
        assert!(key.sign(&SigningAlg::Rs256.jws(), b"x").is_err());
        assert!(format!("{key:?}").contains("<hidden>"));
    }
}
