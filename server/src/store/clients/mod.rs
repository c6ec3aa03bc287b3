//! OAuth clients: their rows (`clients`) and the access status of each
//! requested scope (`client_scopes`). Reads here; writes in `write.rs`,
//! the per-scope decisions in `scopes.rs`, draft bookkeeping in
//! `drafts.rs`.

mod drafts;
mod pages;
mod scopes;
mod write;

pub use drafts::*;
pub use pages::*;
pub use scopes::*;
pub use write::*;

use app::domain::{AuthMethod, ClientKind, GrantType, SigningAlg};
use app::model::{ClientLinks, ClientStatus, ScopeCounts};

use super::{Exec, List, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    pub id: String,
    /// The organisation that owns it.
    pub org_id: String,
    pub suffix: String,
    pub display_name: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub kind: ClientKind,
    #[sqlx(try_from = "String")]
    pub grant_types: List<GrantType>,
    #[sqlx(try_from = "String")]
    pub redirect_uris: List<String>,
    #[sqlx(try_from = "String")]
    pub post_logout_redirect_uris: List<String>,
    #[sqlx(try_from = "String")]
    pub token_endpoint_auth_method: AuthMethod,
    #[sqlx(try_from = "String")]
    pub id_token_signed_response_alg: SigningAlg,
    pub jwks: Option<String>,
    /// `ClientLinks` as JSON.
    pub links: String,
    #[sqlx(try_from = "String")]
    pub status: ClientStatus,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub org_name: String,
    pub org_number: Option<String>,
    /// Email of whoever created it in the portal (`None` for drafts).
    pub created_by_email: Option<String>,
    /// The client system that created it as a draft, if any.
    pub system_id: Option<String>,
    pub draft_expires_at: Option<i64>,
    /// Email of whoever confirmed it (its owner, for portal clients).
    pub confirmed_by_email: Option<String>,
    pub system_name: Option<String>,
    /// How many of its requested scopes wait for an admin.
    pub pending_scopes: i64,
    /// How many of its requested scopes an admin rejected.
    pub rejected_scopes: i64,
}

impl ClientRow {
    /// Its requested scopes not (yet) granted.
    pub fn scope_counts(&self) -> ScopeCounts {
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        ScopeCounts {
            pending: count(self.pending_scopes),
            rejected: count(self.rejected_scopes),
        }
    }
}

/// `SELECT <client columns> FROM clients … <tail>` as one static string,
/// optionally with more columns first.
macro_rules! select_clients {
    ($tail:expr) => {
        select_clients!("", $tail)
    };
    ($columns:literal, $tail:expr) => {
        concat!(
            "SELECT ",
            $columns,
            "c.id, c.org_id, c.suffix, c.display_name, c.description, c.kind, c.grant_types, c.redirect_uris, \
             c.post_logout_redirect_uris, c.token_endpoint_auth_method, c.id_token_signed_response_alg, c.jwks, c.links, c.status, c.status_reason, c.created_at, \
             c.updated_at, o.name AS org_name, o.org_number, cb.email AS created_by_email, c.system_id, c.draft_expires_at, \
             cf.email AS confirmed_by_email, sy.name AS system_name, \
             (SELECT COUNT(*) FROM client_scopes p WHERE p.client_id = c.id AND p.status = 'pending') AS pending_scopes, \
             (SELECT COUNT(*) FROM client_scopes r WHERE r.client_id = c.id AND r.status = 'rejected') AS rejected_scopes \
             FROM clients c JOIN organisations o ON o.id = c.org_id LEFT JOIN accounts cb ON cb.id = c.created_by \
             LEFT JOIN accounts cf ON cf.id = c.confirmed_by \
             LEFT JOIN client_systems sy ON sy.id = c.system_id ",
            $tail
        )
    };
}
pub(super) use select_clients;

/// A live (not deleted) client, whoever owns it.
pub async fn find_live(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<ClientRow>> {
    Ok(
        sqlx::query_as(select_clients!("WHERE c.id = $1 AND c.deleted_at IS NULL"))
            .bind(id)
            .fetch_optional(ex)
            .await?,
    )
}

/// A client's logo and pages, for the pages end users see (none for a
/// client that does not exist).
pub async fn links(ex: impl Exec<'_>, id: &str) -> StoreResult<ClientLinks> {
    let text: Option<String> = sqlx::query_scalar("SELECT links FROM clients WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(text.map(|t| ClientLinks::from_json(&t)).unwrap_or_default())
}

/// Moves one client to another organisation (its id stays).
pub async fn set_org(ex: impl Exec<'_>, id: &str, org_id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET org_id = $1, updated_at = $2 WHERE id = $3")
        .bind(org_id)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Moves every client a system made (deleted ones too) with the system.
pub async fn set_org_of_system(
    ex: impl Exec<'_>,
    system_id: &str,
    org_id: &str,
    now: i64,
) -> StoreResult<u64> {
    let done = sqlx::query("UPDATE clients SET org_id = $1, updated_at = $2 WHERE system_id = $3")
        .bind(org_id)
        .bind(now)
        .bind(system_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
