//! Time per JWS signature with Portico's signing keys (aws-lc-rs), the
//! cost every token response pays. Prints figures; `bash bench.sh` runs it.
//!
//! `cargo run --release -p server --example signing_speed`
//!
//! An example rather than a `cargo bench` target: building a bench also
//! rebuilds `target/release/portico` without cargo-leptos's settings, and
//! that binary would then look for the wrong WASM file name.

use std::time::Instant;

use app::domain::SigningAlg;
use server::oidc::keys::signing_key::SigningKey;

const ROUNDS: u32 = 2_000;

fn main() {
    // A header and claims the size of a real access token.
    let message = vec![b'x'; 600];
    for alg in [SigningAlg::Es256, SigningAlg::Rs256] {
        let (key, _) = SigningKey::generate(alg, "bench".into()).expect("a fresh key");
        key.sign_bytes(&message).expect("a signature");
        let start = Instant::now();
        for _ in 0..ROUNDS {
            key.sign_bytes(&message).expect("a signature");
        }
        let per = start.elapsed() / ROUNDS;
        println!(
            "sign {}: {:.1} µs per signature",
            alg.as_str(),
            per.as_secs_f64() * 1e6
        );
    }
}
