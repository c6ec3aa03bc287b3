use super::ClientKind;

/// A registered redirect URI. Absolute, no fragment, no wildcard, no user
/// info; `https`, or `http` on a loopback address (any port is accepted
/// there at authorize time, RFC 8252 §7.3); a private-use scheme such as
/// `com.example.app:/cb` only for public clients (RFC 8252 §7.1).
/// Compared by exact string equality after parsing (scheme and host
/// lower-cased).
///
/// A small RFC 3986 parser rather than the `url` crate: the same code runs in
/// the browser, and `url`'s IDNA tables would double the WASM bundle.
/// Internationalised host names must be given in their `xn--` form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RedirectUri {
    url: String,
    loopback: bool,
}

const ABSOLUTE: &str = "Enter an absolute URI, such as https://app.example.com/callback.";

impl RedirectUri {
    /// The longest URI accepted, in bytes.
    pub const MAX_LEN: usize = 2048;
    /// The most redirect URIs (or post-logout URIs) one client may have.
    pub const MAX_COUNT: usize = 50;

    pub fn parse(input: &str, kind: ClientKind) -> Result<Self, String> {
        if input.trim() != input || input.is_empty() {
            return Err("Enter the URI without spaces around it.".into());
        }
        if input.len() > Self::MAX_LEN {
            return Err(format!(
                "A redirect URI has at most {} characters.",
                Self::MAX_LEN
            ));
        }
        if input.contains('*') {
            return Err("Wildcards are not allowed; register every redirect URI exactly.".into());
        }
        if input.contains('#') {
            return Err("A redirect URI must not contain a fragment (#…).".into());
        }
        if let Some(bad) = input.chars().find(|c| !allowed_char(*c)) {
            return Err(format!(
                "{bad:?} is not allowed in a URI; percent-encode it."
            ));
        }
        let (scheme, rest) = input.split_once(':').ok_or_else(|| ABSOLUTE.to_owned())?;
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(ABSOLUTE.into());
        }
        let scheme = scheme.to_ascii_lowercase();
        match scheme.as_str() {
            "http" | "https" => Self::parse_web(&scheme, rest),
            _ if kind == ClientKind::Confidential => Err(
                "Custom URI schemes are only allowed for public (mobile or desktop) clients."
                    .into(),
            ),
            _ if !scheme.contains('.') => Err(format!(
                "A custom scheme must be a reversed domain name you control, such as com.example.app:/callback; {scheme:?} is not."
            )),
            _ if rest.is_empty() => {
                Err("Add a path after the scheme, such as com.example.app:/callback.".into())
            }
            _ => Ok(Self {
                url: format!("{scheme}:{rest}"),
                loopback: false,
            }),
        }
    }

    /// `input` checked as a confidential client's redirect URI, for
    /// another kind of web address: messages name `noun` ("A webhook
    /// URL"), show `example`, and give `schemes` as the advice for a
    /// custom scheme.
    pub(super) fn parse_as(
        input: &str,
        noun: &str,
        example: &str,
        schemes: &str,
    ) -> Result<Self, String> {
        Self::parse(input, ClientKind::Confidential).map_err(|m| {
            m.replace("A redirect URI", noun)
                .replace("a redirect URI", &noun.to_lowercase())
                .replace("register every redirect URI exactly", "give the exact URL")
                .replace(
                    "Custom URI schemes are only allowed for public (mobile or desktop) clients.",
                    schemes,
                )
                .replace("https://app.example.com/callback", example)
        })
    }

    fn parse_web(scheme: &str, rest: &str) -> Result<Self, String> {
        let rest = rest.strip_prefix("//").ok_or_else(|| ABSOLUTE.to_owned())?;
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(split);
        if authority.contains('@') {
            return Err("A redirect URI must not contain a user name or password.".into());
        }
        let (host, port) = split_port(authority)?;
        let host = host.to_ascii_lowercase();
        if host.is_empty() {
            return Err(format!("An {scheme} redirect URI needs a host name."));
        }
        check_host(&host)?;
        let loopback =
            scheme == "http" && matches!(host.as_str(), "127.0.0.1" | "[::1]" | "localhost");
        if scheme == "http" && !loopback {
            return Err("http is only allowed for loopback addresses (127.0.0.1, [::1], localhost); use https.".into());
        }
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let tail = if tail.is_empty() { "/" } else { tail };
        Ok(Self {
            url: format!("{scheme}://{host}{port}{tail}"),
            loopback,
        })
    }

    /// `http://127.0.0.1`, `http://[::1]` or `http://localhost`.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }
}

/// RFC 3986 unreserved, reserved and `%`; nothing else (no spaces, quotes,
/// angle brackets, backslashes, non-ASCII).
fn allowed_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// `host[:port]`, where host may be a bracketed IPv6 literal.
fn split_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or_else(|| "An IPv6 address needs a closing ].".to_owned())?
            + 1;
        let (host, after) = authority.split_at(end);
        (
            host,
            after
                .strip_prefix(':')
                .or((!after.is_empty()).then_some(after)),
        )
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|n| *n > 0 && p.chars().all(|c| c.is_ascii_digit()))
                .ok_or_else(|| format!("{p:?} is not a port number (1–65535)."))?,
        ),
    };
    Ok((host, port))
}

/// A DNS name of letters, digits and hyphens, an IPv4 address or `[::1]`.
fn check_host(host: &str) -> Result<(), String> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ok = inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        return if ok {
            Ok(())
        } else {
            Err(format!("{host} is not an IPv6 address."))
        };
    }
    let labels_ok = host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if labels_ok {
        Ok(())
    } else {
        Err(format!(
            "{host} is not a valid host name (write international names as xn--…)."
        ))
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
        assert!(reason("https://app.example.com:99999/cb", Confidential).contains("port"));
        assert!(reason("https://app example.com/cb", Confidential).contains("not allowed"));
        assert!(reason("https:///cb", Confidential).contains("host"));
        assert!(reason("https://ex_ample.com/cb", Confidential).contains("host name"));
    }

    #[test]
    fn normalises_scheme_and_host_only() {
        let uri =
            RedirectUri::parse("HTTPS://App.Example.com:8443/Call/Back?x=1", Confidential).unwrap();
        assert_eq!(uri.as_ref(), "https://app.example.com:8443/Call/Back?x=1");
        assert_eq!(
            RedirectUri::parse("https://app.example.com", Confidential)
                .unwrap()
                .as_ref(),
            "https://app.example.com/"
        );
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
