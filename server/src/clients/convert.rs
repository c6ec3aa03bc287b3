//! Rows to the DTOs pages see.

use app::domain::{ClientKind, GrantType};
use app::model::{ClientDetail, ClientStatus, ClientSummary, ScopeAccess, ScopeGrant};

use crate::store::clients::{ClientRow, ClientScopeRow};
use crate::store::list_of;

fn grants(json: &str) -> Vec<GrantType> {
    list_of(json)
        .iter()
        .filter_map(|g| GrantType::parse(g).ok())
        .collect()
}

fn kind(s: &str) -> ClientKind {
    ClientKind::parse(s).unwrap_or(ClientKind::Confidential)
}

pub fn status(s: &str) -> ClientStatus {
    ClientStatus::parse(s).unwrap_or(ClientStatus::Suspended)
}

pub fn detail(row: ClientRow, scopes: Vec<ClientScopeRow>) -> ClientDetail {
    ClientDetail {
        kind: kind(&row.kind),
        grant_types: grants(&row.grant_types),
        redirect_uris: list_of(&row.redirect_uris),
        post_logout_redirect_uris: list_of(&row.post_logout_redirect_uris),
        status: status(&row.status),
        scopes: scopes
            .into_iter()
            .map(|s| ScopeGrant {
                status: ScopeAccess::parse(&s.status).unwrap_or(ScopeAccess::Pending),
                scope: s.scope,
                description: s.description,
                reason: s.reason,
            })
            .collect(),
        client_id: row.id,
        suffix: row.suffix,
        display_name: row.display_name,
        description: row.description,
        token_endpoint_auth_method: row.token_endpoint_auth_method,
        id_token_signed_response_alg: row.id_token_signed_response_alg,
        jwks: row.jwks,
        status_reason: row.status_reason,
        owner_email: row.owner_email,
        owner_name: row.owner_name,
        system_name: row.system_name,
        confirmed_by: row.confirmed_by_email,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

pub fn summary(row: ClientRow, secrets: &[(String, i64, i64)]) -> ClientSummary {
    let active = secrets.iter().find(|s| s.0 == row.id);
    ClientSummary {
        kind: kind(&row.kind),
        status: status(&row.status),
        grant_types: grants(&row.grant_types),
        active_secrets: active.map_or(0, |s| u32::try_from(s.1).unwrap_or(u32::MAX)),
        next_secret_expiry: active.map(|s| s.2),
        display_name: row.display_name,
        client_id: row.id,
    }
}
