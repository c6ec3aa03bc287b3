//! Turns the client form into validated settings, collecting every field
//! error. Shared by the server functions and the pages' live validation.

use crate::domain::{ClientKind, RedirectUri};
#[cfg(feature = "ssr")]
use crate::{
    api::clients::ClientForm,
    domain::{DisplayName, GrantType, GrantTypes, ScopeName},
    error::Checks,
    services::ClientSettings,
};

pub const DESCRIPTION_MAX: usize = 500;

/// Parses one URI per line; each bad line is named with its reason.
pub fn parse_uris(text: &str, kind: ClientKind) -> Result<Vec<RedirectUri>, String> {
    let mut uris = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match RedirectUri::parse(line, kind) {
            Ok(uri) if uris.contains(&uri) => {
                problems.push(format!("Line {}: {line} is listed twice.", i + 1))
            }
            Ok(uri) => uris.push(uri),
            Err(reason) => problems.push(format!("Line {} ({line}): {reason}", i + 1)),
        }
    }
    if problems.is_empty() {
        Ok(uris)
    } else {
        Err(problems.join(" "))
    }
}

pub fn parse_description(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > DESCRIPTION_MAX {
        return Err(format!(
            "A description has at most {DESCRIPTION_MAX} characters."
        ));
    }
    Ok(text.to_owned())
}

#[cfg(feature = "ssr")]
pub fn parse(form: &ClientForm, checks: &mut Checks) -> Option<ClientSettings> {
    let display_name = checks.check("display_name", DisplayName::parse(&form.display_name));
    let description = checks.check("description", parse_description(&form.description));
    let kind = checks.check("kind", ClientKind::parse(&form.kind));
    let grants: Result<Vec<GrantType>, String> = form
        .grant_types
        .iter()
        .map(|g| GrantType::parse(g))
        .collect();
    let grants = checks.check("grant_types", grants);
    let scopes: Result<Vec<ScopeName>, String> =
        form.scopes.iter().map(|s| ScopeName::parse(s)).collect();
    let scopes = checks.check("scopes", scopes);
    let kind_for_uris = kind.unwrap_or(ClientKind::Confidential);
    let redirect_uris = checks.check(
        "redirect_uris",
        parse_uris(&form.redirect_uris, kind_for_uris),
    );
    let post_logout = checks.check(
        "post_logout_redirect_uris",
        parse_uris(&form.post_logout_redirect_uris, kind_for_uris),
    );
    let grant_types = match (&grants, kind, &redirect_uris) {
        (Some(grants), Some(kind), Some(uris)) => {
            checks.check("grant_types", GrantTypes::parse(grants, kind, uris.len()))
        }
        _ => None,
    };
    let auth_method = match (kind, form.auth_method.as_str()) {
        (Some(ClientKind::Public), _) => Some("none"),
        (Some(ClientKind::Confidential), "" | "client_secret_basic") => Some("client_secret_basic"),
        (Some(ClientKind::Confidential), "client_secret_post") => Some("client_secret_post"),
        (Some(ClientKind::Confidential), _) => {
            checks.fail(
                "auth_method",
                "Choose client_secret_basic or client_secret_post.",
            );
            None
        }
        (None, _) => None,
    };
    Some(ClientSettings {
        display_name: display_name?,
        description: description?,
        kind: kind?,
        grant_types: grant_types?,
        scopes: scopes?,
        redirect_uris: redirect_uris?,
        post_logout_redirect_uris: post_logout?,
        token_endpoint_auth_method: auth_method?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_line_is_named() {
        let err = parse_uris(
            "https://a.example/cb\nhttp://evil.example/cb\n\nhttps://a.example/cb",
            ClientKind::Confidential,
        )
        .unwrap_err();
        assert!(
            err.contains("Line 2 (http://evil.example/cb): http is only allowed for loopback"),
            "{err}"
        );
        assert!(
            err.contains("Line 4: https://a.example/cb is listed twice"),
            "{err}"
        );
        assert_eq!(
            parse_uris("  https://a.example/cb  \n\n", ClientKind::Confidential)
                .unwrap()
                .len(),
            1
        );
    }
}
