use url::{Host, Url};

use super::ClientKind;

/// A registered redirect URI. Absolute, no fragment, no wildcard, no user
/// info; `https`, or `http` on a loopback address (any port is accepted
/// there at authorize time, RFC 8252 §7.3); a private-use scheme such as
/// `com.example.app:/cb` only for public clients (RFC 8252 §7.1).
/// Compared by exact string equality after parsing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RedirectUri {
    url: String,
    loopback: bool,
}

impl RedirectUri {
    pub fn parse(input: &str, kind: ClientKind) -> Result<Self, String> {
        if input.trim() != input || input.is_empty() {
            return Err("Enter the URI without spaces around it.".into());
        }
        if input.contains('*') {
            return Err("Wildcards are not allowed; register every redirect URI exactly.".into());
        }
        let url = Url::parse(input).map_err(|_| {
            "Enter an absolute URI, such as https://app.example.com/callback.".to_owned()
        })?;
        if url.fragment().is_some() {
            return Err("A redirect URI must not contain a fragment (#…).".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("A redirect URI must not contain a user name or password.".into());
        }
        let loopback = is_loopback(&url);
        match url.scheme() {
            "https" if url.host().is_some() => {}
            "https" => return Err("An https redirect URI needs a host name.".into()),
            "http" if loopback => {}
            "http" => {
                return Err("http is only allowed for loopback addresses (127.0.0.1, [::1], localhost); use https.".into());
            }
            scheme if kind == ClientKind::Public && scheme.contains('.') => {}
            scheme if kind == ClientKind::Public => {
                return Err(format!(
                    "A custom scheme must be a reversed domain name you control, such as com.example.app:/callback; {scheme:?} is not."
                ));
            }
            _ => {
                return Err(
                    "Custom URI schemes are only allowed for public (mobile or desktop) clients."
                        .into(),
                );
            }
        }
        Ok(Self {
            url: url.into(),
            loopback,
        })
    }

    /// `http://127.0.0.1`, `http://[::1]` or `http://localhost`.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }
}

fn is_loopback(url: &Url) -> bool {
    url.scheme() == "http"
        && match url.host() {
            Some(Host::Domain(d)) => d == "localhost",
            Some(Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
            Some(Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
            None => false,
        }
}

impl AsRef<str> for RedirectUri {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClientKind::{Confidential, Public};
    use proptest::prelude::*;

    #[test]
    fn accepts_https_loopback_and_custom_schemes_for_public_clients() {
        assert!(RedirectUri::parse("https://app.example.com/callback", Confidential).is_ok());
        let lo = RedirectUri::parse("http://127.0.0.1:8080/cb", Confidential).unwrap();
        assert!(lo.is_loopback());
        assert!(
            RedirectUri::parse("http://[::1]/cb", Public)
                .unwrap()
                .is_loopback()
        );
        assert!(
            RedirectUri::parse("http://localhost:3000/cb", Public)
                .unwrap()
                .is_loopback()
        );
        assert!(
            !RedirectUri::parse("https://localhost/cb", Public)
                .unwrap()
                .is_loopback()
        );
        assert!(RedirectUri::parse("com.example.app:/callback", Public).is_ok());
    }

    #[test]
    fn explains_each_rejection() {
        let reason = |s: &str, k| RedirectUri::parse(s, k).unwrap_err();
        assert!(reason("http://app.example.com/cb", Confidential).contains("loopback"));
        assert!(reason("https://app.example.com/cb#x", Confidential).contains("fragment"));
        assert!(reason("https://*.example.com/cb", Confidential).contains("Wildcard"));
        assert!(reason("/callback", Confidential).contains("absolute"));
        assert!(reason("https://user:pw@app.example.com/cb", Confidential).contains("user name"));
        assert!(reason("com.example.app:/callback", Confidential).contains("public"));
        assert!(reason("myapp:/callback", Public).contains("reversed domain"));
        assert!(reason("javascript:alert(1)", Public).contains("reversed domain"));
        assert!(reason(" https://app.example.com/cb", Confidential).contains("spaces"));
        assert!(reason("http://127.0.0.2/cb", Confidential).contains("loopback"));
    }

    proptest! {
        #[test]
        fn never_panics_and_never_accepts_plain_http_hosts(host in "[a-z]{1,10}\\.[a-z]{2,4}", path in "[a-z/]{0,10}") {
            let uri = format!("http://{host}/{path}");
            prop_assert!(RedirectUri::parse(&uri, Public).is_err());
            let https = format!("https://{host}/{path}");
            prop_assert!(RedirectUri::parse(&https, Confidential).is_ok());
        }

        #[test]
        fn arbitrary_input_is_handled(s in "\\PC{0,60}") {
            if let Ok(uri) = RedirectUri::parse(&s, Public) {
                prop_assert!(!uri.as_ref().contains('#'));
            }
        }
    }
}
