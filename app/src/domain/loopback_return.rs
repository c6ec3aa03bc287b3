/// Where the confirmation page sends the browser back to the program that
/// created a client draft: `http://localhost:<port><path>`, nothing else.
///
/// The program listens on a loopback port (RFC 8252 §7.3), so the only
/// parts it may choose are the port (1–65535) and the path. A path that a
/// browser could read as another host (`//evil`, `/\evil`), or that carries
/// a query, fragment, whitespace or control characters, is refused: the
/// page then shows an error instead of redirecting anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoopbackReturn {
    port: u16,
    path: String,
}

impl LoopbackReturn {
    pub fn parse(port: &str, path: &str) -> Result<Self, String> {
        let port = match port.parse::<u16>() {
            Ok(p) if p >= 1 && port.bytes().all(|b| b.is_ascii_digit()) => p,
            _ => return Err("redirectPort must be a number from 1 to 65535.".into()),
        };
        let safe = path.starts_with('/')
            && !path.starts_with("//")
            && path.len() <= 1024
            && !path.chars().any(|c| {
                c.is_control() || c.is_whitespace() || matches!(c, '\\' | '?' | '#' | '@' | '%')
            });
        if !safe {
            return Err(
                "redirectPath must be a path such as /callback: it starts with one /, without a query, fragment, backslash, @ or %."
                    .into(),
            );
        }
        Ok(Self {
            port,
            path: path.to_owned(),
        })
    }

    /// The `redirectPort` / `redirectPath` pair of a confirmation link:
    /// `None` when the link names neither, the path `/` when it names only
    /// a port, an error for anything else that is not allowed.
    pub fn from_query(port: &str, path: &str) -> Result<Option<Self>, String> {
        if port.is_empty() && path.is_empty() {
            return Ok(None);
        }
        Self::parse(port, if path.is_empty() { "/" } else { path }).map(Some)
    }

    /// `http://localhost:<port><path>?client_id=…&status=…`.
    pub fn url(&self, client_id: &str, status: &str) -> String {
        format!(
            "http://localhost:{}{}?client_id={}&status={}",
            self.port,
            self.path,
            encode(client_id),
            encode(status)
        )
    }

    /// The origin the browser is sent to, for the page's `form-action`.
    pub fn origin(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn builds_the_loopback_url() {
        let back = LoopbackReturn::parse("8123", "/callback").unwrap();
        assert_eq!(
            back.url("abc.x1", "confirmed"),
            "http://localhost:8123/callback?client_id=abc.x1&status=confirmed"
        );
        assert_eq!(back.origin(), "http://localhost:8123");
        assert_eq!(LoopbackReturn::from_query("", ""), Ok(None));
        assert_eq!(
            LoopbackReturn::from_query("9", "").unwrap().unwrap().path(),
            "/"
        );
        assert!(LoopbackReturn::from_query("", "/cb").is_err());
    }

    #[test]
    fn refuses_hostile_paths_and_ports() {
        for path in [
            "//evil.example",
            "/\\evil.example",
            "@evil.example",
            "evil.example",
            "",
            "/a b",
            "/a\nb",
            "/cb?next=https://evil.example",
            "/cb#x",
            "/%2F%2Fevil.example",
            "/x@evil.example",
        ] {
            assert!(LoopbackReturn::parse("8080", path).is_err(), "{path:?}");
        }
        for port in ["0", "65536", "-1", "+80", "80a", "", " 80", "1e3"] {
            assert!(LoopbackReturn::parse(port, "/cb").is_err(), "{port:?}");
        }
        assert!(LoopbackReturn::parse("1", "/").is_ok());
        assert!(LoopbackReturn::parse("65535", "/a/b-c_d.e~f").is_ok());
    }

    proptest! {
        /// Whatever is accepted, the URL stays on localhost at that port.
        #[test]
        fn accepted_input_never_leaves_localhost(port in 1u16.., path in "\\PC{0,40}") {
            if let Ok(back) = LoopbackReturn::parse(&port.to_string(), &path) {
                let url = back.url("p.s", "confirmed");
                let prefix = format!("http://localhost:{port}/");
                prop_assert!(url.starts_with(&prefix), "{}", url);
                prop_assert!(!url[prefix.len() - 1..].starts_with("//"), "{}", url);
            }
        }
    }
}
