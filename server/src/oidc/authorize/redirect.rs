//! Redirect URIs at the authorization endpoint: exact match against the
//! registered ones (loopback: any port, RFC 8252 §7.3), and building the
//! response redirect in the query or the fragment.

use url::Url;

fn is_loopback(url: &Url) -> bool {
    url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"))
}

/// Whether `requested` is one of `registered`: equal as parsed URLs, except
/// that a loopback URI may differ in its port.
pub fn matches(registered: &[String], requested: &str) -> bool {
    let Ok(wanted) = Url::parse(requested) else {
        return false;
    };
    if wanted.fragment().is_some() {
        return false;
    }
    registered
        .iter()
        .filter_map(|r| Url::parse(r).ok())
        .any(|known| {
            if known == wanted {
                return true;
            }
            if !(is_loopback(&known) && is_loopback(&wanted)) {
                return false;
            }
            let (mut a, mut b) = (known.clone(), wanted.clone());
            let _ = a.set_port(None);
            let _ = b.set_port(None);
            a == b
        })
}

/// `redirect_uri` with `params` added to its query, or as its fragment.
pub fn build(redirect_uri: &str, params: &[(&str, &str)], fragment: bool) -> String {
    let Ok(mut url) = Url::parse(redirect_uri) else {
        return redirect_uri.to_owned();
    };
    if fragment {
        let encoded: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        url.set_fragment(Some(&encoded));
    } else {
        url.query_pairs_mut().extend_pairs(params);
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_and_loopback_ports() {
        let registered = vec![
            "https://app.example.com/cb".to_owned(),
            "http://127.0.0.1/callback".to_owned(),
        ];
        assert!(matches(&registered, "https://app.example.com/cb"));
        assert!(!matches(&registered, "https://app.example.com/cb/"));
        assert!(!matches(&registered, "https://app.example.com/cb?x=1"));
        assert!(!matches(&registered, "https://app.example.com:8443/cb"));
        assert!(!matches(&registered, "https://evil.example/cb"));
        assert!(matches(&registered, "http://127.0.0.1:51234/callback"));
        assert!(!matches(&registered, "http://127.0.0.1:51234/other"));
        assert!(
            !matches(&registered, "http://localhost:51234/callback"),
            "host must match too"
        );
        assert!(!matches(&registered, "https://app.example.com/cb#frag"));
        assert!(!matches(&registered, "not a url"));
    }

    #[test]
    fn builds_query_or_fragment_responses() {
        assert_eq!(
            build(
                "https://a.example/cb?keep=1",
                &[("code", "c d"), ("state", "s")],
                false
            ),
            "https://a.example/cb?keep=1&code=c+d&state=s"
        );
        assert_eq!(
            build(
                "https://a.example/cb",
                &[("id_token", "x"), ("state", "s")],
                true
            ),
            "https://a.example/cb#id_token=x&state=s"
        );
    }
}
