//! Cryptographic helpers: password hashing, random tokens, sealing
//! secrets at rest and authenticator-app codes.

pub mod passwords;
pub mod sealing;
pub mod tokens;
pub mod totp;
