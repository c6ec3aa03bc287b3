//! What an admin types for an upstream OpenID provider: its id in
//! addresses, its issuer, the scopes asked for and the email domains let
//! in. The server checks the same way before it reads the issuer's
//! discovery document.

use super::RedirectUri;

/// The provider's name in addresses (`/login/with/{id}`): 1–40 of
/// `a-z`, `0-9` and `-`, starting with a letter.
pub fn provider_id(input: &str) -> Result<String, String> {
    let id = input.trim();
    if id.is_empty() {
        return Err("Enter an id, such as \"corp\" (it names the provider in addresses).".into());
    }
    let ok = id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return Err(
            "Use 1–40 lowercase letters, digits and dashes, starting with a letter.".into(),
        );
    }
    Ok(id.to_owned())
}

/// The issuer URL: `https`, or `http` on a loopback address (a provider
/// on the same machine); its discovery document is at
/// `{issuer}/.well-known/openid-configuration`.
pub fn issuer(input: &str) -> Result<String, String> {
    let uri = RedirectUri::parse_as(
        input.trim(),
        "The issuer",
        "https://login.example.com",
        "Use an https:// URL (or http:// on 127.0.0.1, [::1] or localhost).",
    )?;
    if uri.as_ref().contains('?') {
        return Err("The issuer has no query (?…): it is the provider's base address.".into());
    }
    // As typed: the provider's discovery document must name exactly it
    // (a trailing slash makes another issuer).
    Ok(input.trim().to_owned())
}

/// The scopes asked for, space separated, `openid` always first.
pub fn upstream_scopes(input: &str) -> Result<String, String> {
    let mut scopes = vec!["openid".to_owned()];
    for scope in input.split_whitespace() {
        let ok = scope
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\');
        if !ok {
            return Err(format!(
                "\"{scope}\" is not a scope (no quotes or backslashes)."
            ));
        }
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    Ok(scopes.join(" "))
}

/// Email domains let in, lowercase and space separated; empty: any.
pub fn email_domains(input: &str) -> Result<String, String> {
    let mut domains: Vec<String> = Vec::new();
    for domain in input
        .split([' ', ',', '\n', '\t'])
        .filter(|d| !d.is_empty())
    {
        let domain = domain.trim_start_matches('@').to_ascii_lowercase();
        let ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !ok {
            return Err(format!("\"{domain}\" is not a domain like example.com."));
        }
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(domains.join(" "))
}

/// Whether `email` is in one of `domains` (space separated; none: any).
pub fn domain_allowed(domains: &str, email: &str) -> bool {
    if domains.trim().is_empty() {
        return true;
    }
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let domain = domain.to_ascii_lowercase();
    domains.split_whitespace().any(|d| d == domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_lowercase_words() {
        assert_eq!(provider_id(" corp-1 ").unwrap(), "corp-1");
        assert!(provider_id("").unwrap_err().contains("Enter an id"));
        for bad in ["Corp", "1corp", "corp_1", "corp/x", &"a".repeat(41)] {
            assert!(provider_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn issuers_are_https_or_loopback() {
        assert_eq!(
            issuer("https://login.example.com/realms/x").unwrap(),
            "https://login.example.com/realms/x"
        );
        assert_eq!(
            issuer(" http://localhost:8080 ").unwrap(),
            "http://localhost:8080"
        );
        assert_eq!(
            issuer("http://localhost:8080/").unwrap(),
            "http://localhost:8080/"
        );
        assert!(issuer("http://login.example.com").is_err());
        assert!(issuer("https://login.example.com/?a=b").is_err());
        assert!(issuer("login.example.com").is_err());
    }

    #[test]
    fn scopes_always_start_with_openid() {
        assert_eq!(upstream_scopes("").unwrap(), "openid");
        assert_eq!(
            upstream_scopes("email openid profile email").unwrap(),
            "openid email profile"
        );
        assert!(upstream_scopes("a\"b").is_err());
    }

    #[test]
    fn domains_are_lowercase_and_checked_exactly() {
        assert_eq!(
            email_domains("Example.com, @corp.example.org").unwrap(),
            "example.com corp.example.org"
        );
        assert!(email_domains("localhost").is_err());
        assert!(email_domains("exa mple").is_err());
        assert!(domain_allowed("", "a@any.org"));
        assert!(domain_allowed("example.com", "Ana@EXAMPLE.com"));
        assert!(!domain_allowed("example.com", "ana@evil-example.com"));
        assert!(!domain_allowed("example.com", "ana@sub.example.com"));
        assert!(!domain_allowed("example.com", "no-at-sign"));
    }
}
