//! Upstream providers as admins set them: checked field by field, the
//! issuer's discovery document read before anything is saved, the client
//! secret sealed. Providers in the config file are written at start and
//! are read-only on the admin page.

use app::domain::{DisplayName, email_domains, issuer, provider_id, upstream_scopes};
use app::error::{AppError, Checks};
use app::model::IdentityProvider;
use app::services::{ProviderSettings, ServiceError, ServiceResult};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{Federation, secret_context};
use crate::store::now;
use crate::store::upstream::{self as store, ProviderRow};

/// Scopes asked for when none are set.
const DEFAULT_SCOPES: &str = "openid email profile";
const MAX_CLIENT_ID: usize = 255;
const MAX_SECRET: usize = 1024;

/// `[[identity_providers]]` in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileProvider {
    pub id: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    #[serde(default)]
    pub scopes: Option<String>,
    #[serde(default)]
    pub allowed_domains: Option<String>,
    /// `end_user` (default) or `developer`.
    #[serde(default)]
    pub new_accounts: Option<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// The checked fields of a provider (the secret still in clear).
struct Checked {
    row: ProviderRow,
    secret: Option<String>,
}

/// Every field checked at once; `creating` needs an id and a secret.
fn check(settings: &ProviderSettings, creating: bool) -> Result<Checked, AppError> {
    let mut checks = Checks::default();
    let id = checks.check("id", provider_id(&settings.id));
    let name = checks.check("display_name", DisplayName::parse(&settings.display_name));
    let issuer = checks.check("issuer", issuer(&settings.issuer));
    let client_id = settings.client_id.trim();
    if client_id.is_empty() || client_id.len() > MAX_CLIENT_ID {
        checks.fail(
            "client_id",
            "Enter the client id the provider gave Portico (at most 255 characters).",
        );
    }
    let secret = settings.client_secret.trim();
    if creating && secret.is_empty() {
        checks.fail(
            "client_secret",
            "Enter the client secret the provider gave Portico.",
        );
    }
    if secret.len() > MAX_SECRET {
        checks.fail(
            "client_secret",
            "A client secret has at most 1024 characters.",
        );
    }
    let scopes = if settings.scopes.trim().is_empty() {
        Some(DEFAULT_SCOPES.to_owned())
    } else {
        checks.check("scopes", upstream_scopes(&settings.scopes))
    };
    let domains = checks.check("allowed_domains", email_domains(&settings.allowed_domains));
    checks.finish()?;
    let (Some(id), Some(name), Some(issuer), Some(scopes), Some(domains)) =
        (id, name, issuer, scopes, domains)
    else {
        return Err(AppError::invalid("form", "Check the fields above."));
    };
    let now = now();
    Ok(Checked {
        row: ProviderRow {
            id,
            display_name: name.as_ref().to_owned(),
            issuer,
            client_id: client_id.to_owned(),
            sealed_client_secret: String::new(),
            scopes,
            allowed_domains: domains,
            new_accounts: if settings.new_accounts_developers {
                "developer".into()
            } else {
                "end_user".into()
            },
            enabled: i64::from(settings.enabled),
            from_config: 0,
            created_at: now,
            updated_at: now,
        },
        secret: (!secret.is_empty()).then(|| secret.to_owned()),
    })
}

impl Federation {
    /// Checks, reads the issuer's discovery document, seals the secret and
    /// saves; the saved provider.
    pub(super) async fn save(
        &self,
        settings: &ProviderSettings,
        creating: bool,
    ) -> ServiceResult<(ProviderRow, Option<ProviderRow>)> {
        let Checked { mut row, secret } = check(settings, creating)?;
        let before = store::provider(self.db.pool(), &row.id).await?;
        match (&before, creating) {
            (Some(_), true) => {
                return Err(AppError::conflict("id", "A provider with this id exists.").into());
            }
            (None, false) => return Err(AppError::NotFound.into()),
            (Some(old), false) if old.from_config != 0 => {
                return Err(AppError::invalid(
                    "form",
                    "This provider is set in the config file; change it there.",
                )
                .into());
            }
            _ => {}
        }
        if let Err(err) = self.discovery.fresh(&row.issuer).await {
            tracing::info!(error = %err, "a provider's discovery failed while saving it");
            return Err(AppError::invalid(
                "issuer",
                format!(
                    "Portico could not read {}/.well-known/openid-configuration, or it names another issuer. Check the address (it must be exactly the provider's issuer).",
                    row.issuer.trim_end_matches('/')
                ),
            )
            .into());
        }
        row.sealed_client_secret = match (&secret, &before) {
            (Some(secret), _) => self.seal_secret(&row.id, secret)?,
            (None, Some(old)) => old.sealed_client_secret.clone(),
            (None, None) => return Err(AppError::invalid("client_secret", "Enter it.").into()),
        };
        if let Some(old) = &before {
            row.created_at = old.created_at;
        }
        store::save_provider(self.db.pool(), &row).await?;
        Ok((row, before))
    }

    fn seal_secret(&self, id: &str, secret: &str) -> ServiceResult<String> {
        self.sealer
            .seal(secret.as_bytes(), &secret_context(id))
            .map_err(|e| ServiceError::internal("sealing a client secret", e))
    }

    /// Writes the config file's providers (read-only on the admin page)
    /// and turns off those it no longer lists, keeping their links.
    pub async fn apply_config(&self, providers: &[FileProvider]) -> anyhow::Result<()> {
        let mut listed = Vec::new();
        for file in providers {
            let settings = ProviderSettings {
                id: file.id.clone(),
                display_name: file.display_name.clone(),
                issuer: file.issuer.clone(),
                client_id: file.client_id.clone(),
                client_secret: file.client_secret.expose_secret().to_owned(),
                scopes: file.scopes.clone().unwrap_or_default(),
                allowed_domains: file.allowed_domains.clone().unwrap_or_default(),
                new_accounts_developers: match file.new_accounts.as_deref() {
                    None | Some("end_user") => false,
                    Some("developer") => true,
                    Some(other) => anyhow::bail!(
                        "identity provider {}: new_accounts must be end_user or developer, not {other:?}",
                        file.id
                    ),
                },
                enabled: file.enabled,
            };
            let Checked { mut row, secret } = check(&settings, true).map_err(|e| {
                anyhow::anyhow!("identity provider {:?} in the config file: {e}", file.id)
            })?;
            row.from_config = 1;
            row.sealed_client_secret = self
                .seal_secret(&row.id, secret.as_deref().unwrap_or_default())
                .map_err(|_| anyhow::anyhow!("sealing the client secret of {}", row.id))?;
            if let Some(old) = store::provider(self.db.pool(), &row.id).await? {
                row.created_at = old.created_at;
            }
            store::save_provider(self.db.pool(), &row).await?;
            listed.push(row.id);
        }
        for old in store::providers(self.db.pool()).await? {
            if old.from_config != 0 && old.enabled != 0 && !listed.contains(&old.id) {
                let row = ProviderRow {
                    enabled: 0,
                    updated_at: now(),
                    ..old
                };
                store::save_provider(self.db.pool(), &row).await?;
                tracing::info!(provider = %row.id, "an identity provider left the config file: turned off");
            }
        }
        Ok(())
    }

    pub(super) fn describe(&self, row: &ProviderRow, linked: i64) -> IdentityProvider {
        IdentityProvider {
            id: row.id.clone(),
            display_name: row.display_name.clone(),
            issuer: row.issuer.clone(),
            client_id: row.client_id.clone(),
            scopes: row.scopes.clone(),
            allowed_domains: row.allowed_domains.clone(),
            new_accounts_developers: row.new_accounts == "developer",
            enabled: row.enabled != 0,
            from_config: row.from_config != 0,
            linked,
            redirect_uri: self.redirect_uri(),
        }
    }
}
