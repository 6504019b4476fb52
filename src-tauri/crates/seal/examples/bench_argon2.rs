//! How long one Argon2id derivation takes at candidate costs (the passphrase unwrap on
//! every unlock pays one). `cargo run --release -p signdesk-seal --example bench_argon2`
use std::time::Instant;

use argon2::{Algorithm, Argon2, Params, Version};

fn main() {
    for (m_mib, t) in [(19u32, 2u32), (46, 1), (64, 2), (64, 3), (128, 2), (256, 2)] {
        let params = Params::new(m_mib * 1024, t, 1, Some(32)).unwrap();
        let a = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = [0u8; 32];
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            a.hash_password_into(b"passphrase", b"0123456789abcdef", &mut out)
                .unwrap();
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "m = {m_mib:>3} MiB, t = {t}: median {:.0} ms (min {:.0}, max {:.0})",
            times[2], times[0], times[4]
        );
    }
}
