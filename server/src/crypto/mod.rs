//! Cryptographic helpers: password hashing and random tokens.

pub mod passwords;
pub mod tokens;
