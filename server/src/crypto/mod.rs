//! Cryptographic helpers: password hashing, random tokens and sealing
//! secrets at rest.

pub mod passwords;
pub mod sealing;
pub mod tokens;
