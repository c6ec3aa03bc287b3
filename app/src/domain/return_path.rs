/// Where to send a person after they sign in: a path on this site only.
///
/// Anything that a browser could resolve to another origin (`//evil`,
/// `/\evil`, `https://…`, control characters) is refused, so a crafted
/// `?next=` link cannot turn the sign-in page into an open redirect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPath(String);

impl ReturnPath {
    pub fn parse(input: &str) -> Result<Self, String> {
        let ok = input.starts_with('/')
            && !input.starts_with("//")
            && !input.starts_with("/\\")
            && input.len() <= 2048
            && !input
                .chars()
                .any(|c| c.is_control() || c == '\\' || c.is_whitespace());
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err("The return address must be a path on this site.".into())
        }
    }

    /// Paths served by the provider rather than the app's pages (the
    /// authorization endpoint): the browser must load them in full.
    pub fn leaves_the_app(&self) -> bool {
        self.0.starts_with("/oauth2/")
    }

    /// The `client_id` of an authorization request (`/oauth2/authorize?…`).
    pub fn authorize_client_id(&self) -> Option<String> {
        let query = self.0.strip_prefix("/oauth2/authorize?")?;
        let query = query.split('#').next().unwrap_or_default();
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("client_id="))
            .and_then(percent_decode)
            .filter(|id| !id.is_empty())
    }

    /// Whether it continues an authorization or a confirmation, where the
    /// sign-in page is part of someone else's app.
    pub fn in_a_flow(&self) -> bool {
        self.0.starts_with("/oauth2/authorize") || self.0.starts_with("/confirm-client/")
    }

    /// Where to go after switching to organisation `org_id`: a page of one
    /// client, system or organisation of the old one becomes the matching
    /// page of the new one; any other page stays.
    pub fn after_switch(&self, org_id: &str) -> Self {
        let path = self.0.split(['?', '#']).next().unwrap_or("/");
        let to = match path.split('/').collect::<Vec<_>>().as_slice() {
            ["", "clients" | "systems", "new"] => path.to_owned(),
            ["", list @ ("clients" | "systems"), _, ..] => format!("/{list}"),
            ["", "orgs", "new"] => path.to_owned(),
            ["", "orgs", _, ..] => format!("/orgs/{org_id}"),
            _ => return self.clone(),
        };
        Self(to)
    }

    /// The return path, or `/` when the input is missing or unsafe.
    pub fn or_home(input: Option<&str>) -> Self {
        input
            .and_then(|s| Self::parse(s).ok())
            .unwrap_or_else(|| Self("/".into()))
    }
}

/// `a%2Eb+c` → `a.b c`; `None` when an escape is broken or the bytes are
/// not UTF-8.
fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = input.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

impl AsRef<str> for ReturnPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_client_of_an_authorization_request() {
        let path = ReturnPath::parse(
            "/oauth2/authorize?response_type=code&client_id=acme%2Eweb.shop&state=x",
        )
        .unwrap();
        assert_eq!(path.authorize_client_id().as_deref(), Some("acme.web.shop"));
        assert!(path.in_a_flow());
        let other = ReturnPath::parse("/clients?client_id=x").unwrap();
        assert_eq!(other.authorize_client_id(), None);
        assert!(!other.in_a_flow());
        let broken = ReturnPath::parse("/oauth2/authorize?client_id=%E").unwrap();
        assert_eq!(broken.authorize_client_id(), None);
    }

    #[test]
    fn only_local_paths() {
        assert!(ReturnPath::parse("/account").is_ok());
        assert!(ReturnPath::parse("/clients?x=1").is_ok());
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/a\nb",
            "/a b",
            "",
        ] {
            assert!(ReturnPath::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(ReturnPath::or_home(Some("//evil")).as_ref(), "/");
        assert_eq!(ReturnPath::or_home(None).as_ref(), "/");
        assert!(ReturnPath::or_home(Some("/oauth2/authorize?client_id=a")).leaves_the_app());
        assert!(!ReturnPath::or_home(Some("/clients")).leaves_the_app());
    }

    #[test]
    fn switching_leaves_pages_of_the_old_organisation() {
        let after = |p: &str| ReturnPath::or_home(Some(p)).after_switch("o2").0;
        assert_eq!(after("/clients/abc.shop?tab=secrets"), "/clients");
        assert_eq!(after("/systems/s1"), "/systems");
        assert_eq!(after("/clients/new"), "/clients/new");
        assert_eq!(after("/orgs/o1/members"), "/orgs/o2");
        assert_eq!(after("/orgs/new"), "/orgs/new");
        assert_eq!(after("/account?x=1"), "/account?x=1");
        assert_eq!(after("/clients"), "/clients");
    }

    proptest! {
        #[test]
        fn accepted_paths_stay_on_this_origin(s in "\\PC{0,40}") {
            if let Ok(p) = ReturnPath::parse(&s) {
                let p = p.as_ref();
                prop_assert!(p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'));
            }
        }
    }
}
