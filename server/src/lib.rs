//! Portico's server: persistence, accounts and sessions, the HTTP surface
//! and operations. Implements the service traits that `app` declares.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod api_error;
pub mod api_v1;
pub mod audit;
pub mod authz;
pub mod clients;
pub mod config;
pub mod credentials;
pub mod crypto;
pub mod federation;
pub mod http;
pub mod mail;
pub mod notices;
pub mod oidc;
pub mod orgs;
pub mod outbox;
pub mod paging;
pub mod passkeys;
pub mod private_fs;
pub mod rate_limit;
pub mod registration;
pub mod startup;
pub mod store;
pub mod systems;
pub mod telemetry;
pub mod time;
pub mod webhooks;
