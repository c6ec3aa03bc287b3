//! The outcome of the Test tab's "Run test".

use serde::{Deserialize, Serialize};

/// One step of the test: the request made and what came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestStep {
    pub title: String,
    /// e.g. `POST /oauth2/token (client_credentials, scope consents:read)`.
    pub request: String,
    /// HTTP status, for steps that made a request.
    pub status: Option<u16>,
    /// The response body, or the decoded token; access tokens shortened.
    pub response: String,
    pub ok: bool,
    /// What went wrong and what to do about it, in plain words.
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRun {
    pub steps: Vec<TestStep>,
    pub ok: bool,
}
