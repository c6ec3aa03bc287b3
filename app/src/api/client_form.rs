//! Turns the client form into validated settings, collecting every field
//! error. Shared by the server functions and the pages' live validation.

use crate::domain::{ClientKind, RedirectUri};
#[cfg(feature = "ssr")]
use crate::{
    api::clients::ClientForm,
    domain::{
        AuthMethod, DisplayName, GrantType, GrantTypes, InfoUri, PublicJwks, ScopeName, Scopes,
        SigningAlg,
    },
    error::Checks,
    model::ClientLinks,
    services::ClientSettings,
};

pub const DESCRIPTION_MAX: usize = 500;

/// Parses the URI rows (empty rows are skipped); each bad one is quoted
/// with its reason.
pub fn parse_uris(rows: &[String], kind: ClientKind) -> Result<Vec<RedirectUri>, String> {
    let rows: Vec<&str> = rows
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect();
    if rows.len() > RedirectUri::MAX_COUNT {
        return Err(format!(
            "A client has at most {} URIs here; {} were given.",
            RedirectUri::MAX_COUNT,
            rows.len()
        ));
    }
    let mut uris = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        // A very long row is named by its start, not quoted whole.
        let shown: String = if row.chars().count() > 80 {
            format!("{}…", row.chars().take(77).collect::<String>())
        } else {
            row.to_owned()
        };
        match RedirectUri::parse(row, kind) {
            Ok(uri) if uris.contains(&uri) => problems.push(format!("{shown} is listed twice.")),
            Ok(uri) => uris.push(uri),
            Err(reason) => problems.push(format!("{shown}: {reason}")),
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
    // A scope ticked twice (or sent twice by a script) counts once.
    let scopes: Result<Scopes, String> = form.scopes.iter().map(|s| ScopeName::parse(s)).collect();
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
        (Some(ClientKind::Public), _) => Some(AuthMethod::None),
        (Some(ClientKind::Confidential), "") => Some(AuthMethod::ClientSecretBasic),
        (Some(ClientKind::Confidential), method) => match AuthMethod::parse(method) {
            Ok(method) if method != AuthMethod::None => Some(method),
            _ => {
                checks.fail(
                    "auth_method",
                    "Choose client_secret_basic, client_secret_post or private_key_jwt.",
                );
                None
            }
        },
        (None, _) => None,
    };
    // Keys matter only to private_key_jwt; other methods keep none.
    let jwks = match auth_method {
        Some(AuthMethod::PrivateKeyJwt) => checks
            .check("jwks", PublicJwks::parse(&form.jwks))
            .map(Some),
        _ => Some(None),
    };
    let id_token_alg = match form.id_token_alg.as_str() {
        "" => Some(SigningAlg::Rs256),
        alg => checks.check(
            "id_token_alg",
            SigningAlg::parse(alg).map_err(|_| "Choose RS256 or ES256.".to_owned()),
        ),
    };
    let links = parse_links(form, checks);
    Some(ClientSettings {
        display_name: display_name?,
        description: description?,
        kind: kind?,
        grant_types: grant_types?,
        scopes: scopes?,
        redirect_uris: redirect_uris?,
        post_logout_redirect_uris: post_logout?,
        links: links?,
        token_endpoint_auth_method: auth_method?,
        jwks: jwks?,
        id_token_signed_response_alg: id_token_alg?,
    })
}

/// The logo and page URLs, each checked on its own field.
#[cfg(feature = "ssr")]
fn parse_links(form: &ClientForm, checks: &mut Checks) -> Option<ClientLinks> {
    let mut one = |field: &'static str, text: &str| {
        checks
            .check(field, InfoUri::parse_optional(text, link_label(field)))
            .map(|uri| uri.map(InfoUri::into_string))
    };
    // Every field is checked before any problem is returned.
    let (logo, home, policy, tos) = (
        one("logo_uri", &form.logo_uri),
        one("client_uri", &form.client_uri),
        one("policy_uri", &form.policy_uri),
        one("tos_uri", &form.tos_uri),
    );
    Some(ClientLinks {
        logo_uri: logo?,
        client_uri: home?,
        policy_uri: policy?,
        tos_uri: tos?,
    })
}

/// How messages name a link field ("A logo URL must use https://").
pub fn link_label(field: &str) -> &'static str {
    match field {
        "logo_uri" => "A logo URL",
        "client_uri" => "A home page URL",
        "policy_uri" => "A privacy policy URL",
        _ => "A terms of service URL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_bad_row_is_quoted_with_its_reason() {
        let submitted = rows(&[
            "https://a.example/cb",
            "http://evil.example/cb",
            "",
            "https://a.example/cb",
        ]);
        let err = parse_uris(&submitted, ClientKind::Confidential).unwrap_err();
        assert!(
            err.contains("http://evil.example/cb: http is only allowed for loopback"),
            "{err}"
        );
        assert!(
            err.contains("https://a.example/cb is listed twice"),
            "{err}"
        );
        let ok = parse_uris(
            &rows(&["  https://a.example/cb  ", ""]),
            ClientKind::Confidential,
        )
        .unwrap();
        assert_eq!(ok.len(), 1);
    }

    #[test]
    fn uris_are_capped_in_number_and_length() {
        let many: Vec<String> = (0..=RedirectUri::MAX_COUNT)
            .map(|i| format!("https://a.example/cb{i}"))
            .collect();
        let err = parse_uris(&many, ClientKind::Confidential).unwrap_err();
        assert!(err.contains("at most 50"), "{err}");
        assert!(parse_uris(&many[..50], ClientKind::Confidential).is_ok());
        let long = format!("https://a.example/{}", "x".repeat(RedirectUri::MAX_LEN));
        let err = parse_uris(&[long], ClientKind::Confidential).unwrap_err();
        assert!(err.contains("at most 2048 characters"), "{err}");
    }
}
