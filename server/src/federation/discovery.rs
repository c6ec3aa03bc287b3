//! Providers' discovery documents, with their signing keys, kept by each
//! replica for a few minutes: a sign-in reads them twice (sending the
//! browser out, checking the ID token that comes back), and a busy
//! morning would otherwise ask the provider every time. A provider that
//! rotated its keys is read again when its ID token names a key the kept
//! copy lacks (`flow::redeem`); saving a provider reads it afresh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openidconnect::core::CoreProviderMetadata;

use super::flow::{UpstreamError, discover};

/// How long a copy is used before it is read again.
const KEEP_FOR: Duration = Duration::from_secs(5 * 60);

pub struct Discovery {
    http: reqwest::Client,
    kept: Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>,
}

/// A discovery document, and whether it was read just now.
pub struct Document {
    pub metadata: CoreProviderMetadata,
    pub fresh: bool,
}

impl Discovery {
    pub fn new(http: reqwest::Client) -> Self {
        Self {
            http,
            kept: Mutex::new(HashMap::new()),
        }
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The issuer's document: the kept copy while it is recent, else read
    /// now (and kept).
    pub async fn get(&self, issuer: &str) -> Result<Document, UpstreamError> {
        if let Some(metadata) = self.recent(issuer, Instant::now()) {
            return Ok(Document {
                metadata,
                fresh: false,
            });
        }
        Ok(Document {
            metadata: self.fresh(issuer).await?,
            fresh: true,
        })
    }

    /// The issuer's document read now, and kept.
    pub async fn fresh(&self, issuer: &str) -> Result<CoreProviderMetadata, UpstreamError> {
        let metadata = discover(&self.http, issuer).await?;
        self.keep(issuer, metadata.clone(), Instant::now());
        Ok(metadata)
    }

    fn recent(&self, issuer: &str, now: Instant) -> Option<CoreProviderMetadata> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(issuer)
            .filter(|(at, _)| now.saturating_duration_since(*at) < KEEP_FOR)
            .map(|(_, metadata)| metadata.clone())
    }

    fn keep(&self, issuer: &str, metadata: CoreProviderMetadata, now: Instant) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        // Old copies go as new ones come (the providers are few).
        kept.retain(|_, (at, _)| now.saturating_duration_since(*at) < KEEP_FOR);
        kept.insert(issuer.to_owned(), (now, metadata));
    }
}

#[cfg(test)]
mod tests {
    use openidconnect::core::{
        CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreResponseType, CoreSubjectIdentifierType,
    };
    use openidconnect::{AuthUrl, IssuerUrl, JsonWebKeySetUrl, ResponseTypes};

    use super::*;

    fn document(issuer: &str) -> CoreProviderMetadata {
        CoreProviderMetadata::new(
            IssuerUrl::new(issuer.to_owned()).unwrap(),
            AuthUrl::new(format!("{issuer}/authorize")).unwrap(),
            JsonWebKeySetUrl::new(format!("{issuer}/jwks")).unwrap(),
            vec![ResponseTypes::new(vec![CoreResponseType::Code])],
            vec![CoreSubjectIdentifierType::Public],
            vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
            Default::default(),
        )
        .set_jwks(CoreJsonWebKeySet::new(vec![]))
    }

    fn discovery() -> Discovery {
        crate::outbox::install_crypto_provider();
        Discovery::new(reqwest::Client::new())
    }

    #[test]
    fn a_copy_is_used_for_five_minutes_then_read_again() {
        let discovery = discovery();
        let start = Instant::now();
        let corp = "https://id.corp.example";
        assert!(discovery.recent(corp, start).is_none());
        discovery.keep(corp, document(corp), start);
        let kept = discovery.recent(corp, start + Duration::from_secs(299));
        assert_eq!(kept.unwrap().issuer().as_str(), corp);
        assert!(discovery.recent(corp, start + KEEP_FOR).is_none());
        assert!(discovery.recent("https://other.example", start).is_none());
    }

    #[test]
    fn old_copies_go_when_new_ones_come() {
        let discovery = discovery();
        let start = Instant::now();
        discovery.keep("https://a.example", document("https://a.example"), start);
        let later = start + KEEP_FOR + Duration::from_secs(1);
        discovery.keep("https://b.example", document("https://b.example"), later);
        let kept = discovery.kept.lock().unwrap();
        assert_eq!(kept.len(), 1);
        assert!(kept.contains_key("https://b.example"));
    }
}
