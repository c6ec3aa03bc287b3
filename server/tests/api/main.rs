//! HTTP integration tests: the real router on a random port, a fresh
//! database per test, every test on SQLite and on PostgreSQL.

// Also the fault tests' helpers; not every one is used here.
#[allow(dead_code)]
mod helpers;

mod accounts;
mod admin;
mod approvals;
mod audit;
mod clients;
mod code_flow;
mod drafts;
mod hardening;
mod lists;
mod mail;
mod ops;
mod orgs;
mod own_client;
mod passkeys;
mod plain_forms;
mod private_key_jwt;
mod provider;
mod registration;
mod security;
mod sessions;
mod two_step;
mod two_step_policy;
mod upstream;
mod upstream_hostile;
mod verification;
mod webhooks;
