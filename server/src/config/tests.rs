//! Reading settings from the environment and the config file.

use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults_match_the_design() {
    let c = Config::from_sources(&env(&[]), "").unwrap();
    assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
    assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000/");
    assert_eq!(c.database_url.expose_secret(), "sqlite://./data/portico.db");
    assert!(!c.secure_cookies());
    assert!(c.mail.smtp.is_none(), "mail goes to files by default");
    assert_eq!(c.mail.from, "Portico <portico@localhost>");
    assert!(c.mail.dir.ends_with("mail"));
}

#[test]
fn env_overrides_file() {
    let file = "bind = \"127.0.0.1:4000\"\npublic_url = \"https://id.example.com\"\n";
    let c = Config::from_sources(&env(&[("PORTICO_BIND", "127.0.0.1:5000")]), file).unwrap();
    assert_eq!(c.bind.port(), 5000);
    assert!(c.secure_cookies());
}

#[test]
fn unknown_file_keys_are_named() {
    let err = Config::from_sources(&env(&[]), "bnid = \"x\"")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `bnid`"), "{err}");
}

#[test]
fn bad_values_say_what_is_wrong() {
    let err = Config::from_sources(&env(&[("PORTICO_BIND", "nope")]), "")
        .unwrap_err()
        .to_string();
    assert!(err.contains("PORTICO_BIND"), "{err}");
    let err = Config::from_sources(&env(&[("PORTICO_DATABASE_URL", "mysql://x")]), "")
        .unwrap_err()
        .to_string();
    assert!(err.contains("PORTICO_DATABASE_URL"), "{err}");
}

#[test]
fn trusted_proxies_and_drain_come_from_the_environment() {
    let env = HashMap::from([(
        "PORTICO_TRUSTED_PROXIES".to_owned(),
        "10.0.0.0/8,bogus".to_owned(),
    )]);
    let err = Config::from_sources(&env, "").unwrap_err().to_string();
    assert!(
        err.contains("PORTICO_TRUSTED_PROXIES") && err.contains("bogus"),
        "{err}"
    );
    let config = Config::from_sources(&HashMap::new(), "").unwrap();
    assert!(config.trusted_proxies.is_empty());
    assert_eq!(config.drain, Duration::from_secs(10));
}

#[test]
fn identity_providers_come_from_the_file_with_their_secret_hidden() {
    let file = r#"
[[identity_providers]]
id = "corp"
display_name = "Corp SSO"
issuer = "https://login.corp.example"
client_id = "portico"
client_secret = "s3cret-value"
allowed_domains = "corp.example"
new_accounts = "developer"
"#;
    let c = Config::from_sources(&env(&[]), file).unwrap();
    let provider = &c.identity_providers[0];
    assert_eq!(provider.id, "corp");
    assert!(provider.enabled, "on unless turned off");
    assert_eq!(provider.client_secret.expose_secret(), "s3cret-value");
    assert!(
        !format!("{c:?}").contains("s3cret-value"),
        "never in a debug print"
    );
    let err = Config::from_sources(&env(&[]), "[[identity_providers]]\nid = \"x\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field"), "{err}");
}
