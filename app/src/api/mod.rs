//! Server functions, one file per area. Each one is thin: get the services
//! from context, parse input into domain types, call one service method,
//! map the error. URLs are pinned under `/api/ui`.

pub mod account;
pub mod admin;
pub mod approvals;
pub mod auth;
pub mod catalog;
pub mod client_form;
pub mod clients;
pub mod confirm;
pub mod consent;
pub mod docs;
pub mod keys;
pub mod orgs;
pub mod password_reset;
pub mod setup;
pub mod systems;
pub mod verify_email;
pub mod webhooks;
