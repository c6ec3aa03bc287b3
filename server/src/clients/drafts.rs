//! Client drafts from client systems (HelseID-style): a system creates a
//! draft with its API key, an end user confirms or declines it, and the
//! system polls its status. Drafts nobody confirms expire.

use app::api::client_form;
use app::api::clients::ClientForm;
use app::domain::{ClientId, ClientPrefix, GrantType, SecretExpiry, Suffix};
use app::error::{AppError, Checks};
use app::model::{
    ClientDetail, ClientStatus, DraftAnswer, DraftToConfirm, NewSecret, ScopeToConfirm,
};
use app::services::{ClientSettings, CurrentSession, ServiceResult};
use rand::Rng as _;
use serde::Deserialize;
use serde_json::Value;

use super::audit::Actor;
use super::own::{StatusReport, report};
use super::{Clients, lists_of, status_for, write_of};
use crate::store::clients::{self as client_store, ClientRow, Origin};
use crate::store::systems::SystemRow;
use crate::store::{StoreError, accounts as account_store, list_of, now};

/// A new client draft, as a client system sends it. Validated with the
/// same rules as the portal's client form, and within the system's
/// allowance (scopes, grant types, refresh tokens, authentication method).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The client's display name, shown to the end user who confirms it.
    #[schema(example = "Clinic 42")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1–64 characters `0-9a-z`; generated when absent. Never reused.
    #[schema(example = "clinic42")]
    pub suffix: Option<String>,
    /// Scopes from the catalog, within the system's allowance.
    #[serde(default)]
    #[schema(example = json!(["consents:read"]))]
    pub scopes: Vec<String>,
    /// `authorization_code`, `client_credentials`, `refresh_token` (when the
    /// system allows it).
    #[serde(default)]
    #[schema(example = json!(["client_credentials"]))]
    pub grant_types: Vec<String>,
    /// https, or http on a loopback address; compared exactly.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// A public JWK or JWK Set (RSA 2048+ or EC P-256), required when the
    /// system's clients use `private_key_jwt`; refused otherwise.
    #[schema(value_type = Option<Object>)]
    pub jwk: Option<Value>,
}

/// A draft just created; the secret only for systems that use secrets.
pub struct DraftCreated {
    pub client_id: String,
    pub expires_at: i64,
    pub secret: Option<NewSecret>,
    /// The client as registered.
    pub detail: ClientDetail,
}

const SUFFIX_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// 16 characters from the suffix alphabet (about 82 bits).
fn generated_suffix() -> Suffix {
    let mut rng = rand::rng();
    let text: String = (0..16)
        .map(|_| SUFFIX_ALPHABET[rng.random_range(0..SUFFIX_ALPHABET.len())] as char)
        .collect();
    Suffix::parse(&text).unwrap_or_else(|_| unreachable!("generated from the suffix alphabet"))
}

/// The checks the system's allowance adds to the client rules.
fn check_allowance(system: &SystemRow, request: &DraftRequest, checks: &mut Checks) {
    let allowed_scopes = list_of(&system.scopes);
    if request.scopes.is_empty() {
        checks.fail("scopes", "Ask for at least one scope.");
    }
    let outside: Vec<&str> = request
        .scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !allowed_scopes.iter().any(|a| a == s))
        .collect();
    if !outside.is_empty() {
        checks.fail(
            "scopes",
            format!(
                "{} {} not among the scopes this system may request ({}).",
                outside.join(", "),
                if outside.len() == 1 { "is" } else { "are" },
                allowed_scopes.join(", ")
            ),
        );
    }
    let mut allowed_grants = list_of(&system.grant_types);
    if system.allow_refresh != 0 {
        allowed_grants.push(GrantType::RefreshToken.as_str().to_owned());
    }
    let outside: Vec<&str> = request
        .grant_types
        .iter()
        .map(String::as_str)
        .filter(|g| !allowed_grants.iter().any(|a| a == g))
        .collect();
    if !outside.is_empty() {
        checks.fail(
            "grant_types",
            format!(
                "{} not allowed for this system's drafts (allowed: {}).",
                outside.join(", "),
                allowed_grants.join(", ")
            ),
        );
    }
    if system.auth_method != "private_key_jwt" && request.jwk.is_some() {
        checks.fail(
            "jwk",
            "This system's clients authenticate with a client secret; leave out jwk.",
        );
    }
}

/// The client settings a system's request asks for, checked with the
/// portal's rules and the system's allowance, and the chosen suffix (none:
/// generate one). Every problem is reported at once, on its field.
pub(super) fn validated(
    system: &SystemRow,
    request: &DraftRequest,
) -> Result<(ClientSettings, Option<Suffix>), AppError> {
    let mut checks = Checks::default();
    let form = ClientForm {
        display_name: request.name.clone(),
        description: request.description.clone(),
        kind: "confidential".into(),
        grant_types: request.grant_types.clone(),
        scopes: request.scopes.clone(),
        redirect_uris: request.redirect_uris.clone(),
        post_logout_redirect_uris: request.post_logout_redirect_uris.clone(),
        auth_method: system.auth_method.clone(),
        id_token_alg: String::new(),
        jwks: request
            .jwk
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default(),
    };
    let settings = client_form::parse(&form, &mut checks);
    check_allowance(system, request, &mut checks);
    let suffix = match request.suffix.as_deref() {
        Some(text) => checks.check("suffix", Suffix::parse(text)).map(Some),
        None => Some(None),
    };
    checks.finish()?;
    match (settings, suffix) {
        (Some(settings), Some(suffix)) => Ok((settings, suffix)),
        _ => Err(AppError::invalid("body", "The draft is not valid.")),
    }
}

/// How the draft was answered; `None` while it waits.
fn answer_of(row: &ClientRow) -> Option<DraftAnswer> {
    match ClientStatus::parse(&row.status) {
        Some(ClientStatus::Draft) => None,
        Some(ClientStatus::Rejected) if row.confirmed_by_email.is_some() => {
            Some(DraftAnswer::Declined)
        }
        _ => Some(DraftAnswer::Confirmed),
    }
}

/// The same answer again is harmless; another one is refused.
fn settled(earlier: DraftAnswer, answer: DraftAnswer) -> ServiceResult<DraftAnswer> {
    if earlier == answer {
        Ok(earlier)
    } else {
        Err(AppError::conflict(
            "answer",
            format!("This client was already {}.", earlier.as_str()),
        )
        .into())
    }
}

fn live_draft(row: ClientRow, now: i64) -> ServiceResult<ClientRow> {
    let expired = row.status == ClientStatus::Draft.as_str()
        && row.draft_expires_at.is_some_and(|at| at <= now);
    if expired {
        Err(AppError::NotFound.into())
    } else {
        Ok(row)
    }
}

impl Clients {
    pub async fn create_draft(
        &self,
        system: &SystemRow,
        request: DraftRequest,
    ) -> ServiceResult<DraftCreated> {
        let (settings, chosen) = validated(system, &request)?;
        let mut suffix = chosen.clone().unwrap_or_else(generated_suffix);
        let owner = account_store::find_by_id(&self.db, &system.owner_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let prefix = owner
            .client_prefix
            .as_deref()
            .and_then(|p| ClientPrefix::parse(p).ok())
            .ok_or(AppError::Forbidden)?;
        let scopes = self.scope_statuses(&settings, &[]).await?;
        let lists = lists_of(&settings);
        let created_at = now();
        let expires_at = created_at + i64::try_from(self.draft_ttl.as_secs()).unwrap_or(i64::MAX);
        let write = write_of(&settings, &lists, ClientStatus::Draft);
        let mut attempts = 0;
        let client_id = loop {
            let client_id = ClientId::new(prefix.clone(), suffix.clone()).to_string();
            let origin = Origin::Draft {
                system_id: &system.id,
                expires_at,
            };
            let key = client_store::NewClientKey {
                id: &client_id,
                owner_id: &owner.id,
                suffix: suffix.as_ref(),
            };
            let inserted =
                client_store::insert(&self.db, key, &write, &scopes, origin, created_at).await;
            match inserted {
                Ok(()) => break client_id,
                Err(StoreError::Unique(_)) if chosen.is_none() && attempts < 3 => {
                    attempts += 1;
                    suffix = generated_suffix();
                }
                Err(StoreError::Unique(_)) => {
                    return Err(AppError::conflict(
                        "suffix",
                        format!("The suffix {suffix} is taken; a suffix is never reused, even after deletion."),
                    )
                    .into());
                }
                Err(other) => return Err(other.into()),
            }
        };
        let row = client_store::find_live(&self.db, &client_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let created = self.load_detail(row.clone()).await?;
        let actor = Actor::System(&system.name);
        self.audit
            .client(
                actor,
                "client.draft_created",
                &client_id,
                None,
                Some(&created),
            )
            .await?;
        let secret = if system.auth_method == "private_key_jwt" {
            None
        } else {
            let expiry = SecretExpiry::parse(
                "",
                "",
                app::domain::Date::from_unix(created_at),
                self.max_secret_months,
            )
            .map_err(|message| AppError::invalid("secret", message))?;
            Some(
                self.add_secret(actor, &row, "Created with the draft".into(), expiry)
                    .await?,
            )
        };
        Ok(DraftCreated {
            client_id,
            expires_at,
            secret,
            detail: created,
        })
    }

    /// `Err(limit)` when the system already has as many unconfirmed drafts
    /// as it may (a leaked key cannot fill the database with them).
    pub async fn room_for_draft(&self, system: &SystemRow) -> ServiceResult<Result<(), u32>> {
        let open = client_store::count_open_drafts(&self.db, &system.id, now()).await?;
        Ok(if open >= i64::from(self.max_open_drafts) {
            Err(self.max_open_drafts)
        } else {
            Ok(())
        })
    }

    /// The status of a client this system created; any other client is
    /// "not found", whether it exists or not.
    pub async fn draft_status(
        &self,
        system: &SystemRow,
        client_id: &str,
    ) -> ServiceResult<StatusReport> {
        let row = self.system_client(client_id).await?;
        if row.system_id.as_deref() != Some(system.id.as_str()) {
            return Err(AppError::NotFound.into());
        }
        let scopes = client_store::scopes(&self.db, client_id).await?;
        Ok(report(&row, scopes))
    }

    /// A client a system created, unless it is an expired draft.
    async fn system_client(&self, client_id: &str) -> ServiceResult<ClientRow> {
        let row = client_store::find_live(&self.db, client_id)
            .await?
            .filter(|row| row.system_id.is_some())
            .ok_or(AppError::NotFound)?;
        live_draft(row, now())
    }

    /// A draft as an end user sees it before answering.
    pub async fn draft_to_confirm(&self, id: &ClientId) -> ServiceResult<DraftToConfirm> {
        let row = self.system_client(&id.to_string()).await?;
        let system = match row.system_id.as_deref() {
            Some(system_id) => crate::store::systems::find(&self.db, system_id).await?,
            None => None,
        }
        .ok_or(AppError::NotFound)?;
        let scopes = client_store::scopes(&self.db, &row.id).await?;
        Ok(DraftToConfirm {
            answered: answer_of(&row),
            redirect_uris: list_of(&row.redirect_uris),
            scopes: scopes
                .into_iter()
                .map(|s| ScopeToConfirm {
                    needs_approval: s.status == "pending",
                    scope: s.scope,
                    description: s.description,
                })
                .collect(),
            client_id: row.id,
            display_name: row.display_name,
            description: row.description,
            system_name: system.name,
            developer_name: row.owner_name,
            developer_email: row.owner_email,
            expires_at: row.draft_expires_at,
        })
    }

    /// Records the end user's answer. Confirming makes the client pending
    /// (scopes that need approval) or active; declining rejects it for
    /// good. Answering again with the same answer changes nothing.
    pub async fn answer_draft(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        answer: DraftAnswer,
    ) -> ServiceResult<DraftAnswer> {
        let row = self.system_client(&id.to_string()).await?;
        if let Some(earlier) = answer_of(&row) {
            return settled(earlier, answer);
        }
        let before = self.load_detail(row).await?;
        let (status, reason) = match answer {
            DraftAnswer::Confirmed => {
                let scopes: Vec<_> = before
                    .scopes
                    .iter()
                    .map(|s| (s.scope.clone(), s.status.as_str().to_owned(), None))
                    .collect();
                (status_for(None, &scopes), None)
            }
            DraftAnswer::Declined => (
                ClientStatus::Rejected,
                Some(format!(
                    "Declined by {} when asked to confirm it.",
                    session.viewer.email
                )),
            ),
        };
        let client_id = &before.client_id;
        let recorded = client_store::answer_draft(
            &self.db,
            client_id,
            &session.viewer.account_id,
            status.as_str(),
            reason.as_deref(),
            now(),
        )
        .await?;
        let after_row = self.live_row(client_id).await?;
        if !recorded {
            // Someone answered in the meantime: report what they said.
            return match answer_of(&after_row) {
                Some(earlier) => settled(earlier, answer),
                None => Err(AppError::NotFound.into()),
            };
        }
        self.verified.client_changed(&self.db).await?;
        let after = self.load_detail(after_row).await?;
        let action = match answer {
            DraftAnswer::Confirmed => "client.confirmed",
            DraftAnswer::Declined => "client.declined",
        };
        self.audit
            .client(session, action, client_id, Some(&before), Some(&after))
            .await?;
        Ok(answer)
    }

    pub(super) async fn live_row(&self, client_id: &str) -> ServiceResult<ClientRow> {
        client_store::find_live(&self.db, client_id)
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }

    /// Deletes the drafts nobody confirmed in time (audited), so their
    /// links and status calls answer "not found".
    pub async fn expire_drafts(&self) -> ServiceResult<usize> {
        let expired = client_store::expire_drafts(&self.db, now()).await?;
        for id in &expired {
            self.audit
                .client(
                    Actor::System("portico"),
                    "client.draft_expired",
                    id,
                    None::<&Value>,
                    None,
                )
                .await?;
        }
        Ok(expired.len())
    }
}
