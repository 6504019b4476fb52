//! The signing key at rest. Art. 13 of the Electronic Signature Law wants signature
//! creation data controlled by the signer alone, so the key is never stored in the
//! clear: ChaCha20-Poly1305 under a key derived with Argon2id from a secret the caller
//! chooses (today the archive has no passphrase, so the caller passes a machine secret;
//! once the organiser passphrase exists it should be that). See README.md.
//!
//! Layout (all integers little-endian), the whole header is authenticated as AAD:
//! `b"SDSEAL1\0"` | m_cost u32 | t_cost u32 | p_cost u32 | salt[16] | nonce[12] | ciphertext+tag.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, AeadCore, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};

use crate::SealError;

const MAGIC: &[u8; 8] = b"SDSEAL1\0";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const HEADER_LEN: usize = 8 + 12 + SALT_LEN + NONCE_LEN;
/// RFC 9106's second recommended Argon2id option (64 MiB, 3 passes, 1 lane): 0.16 s on
/// the development machine (`examples/bench_argon2.rs`, BENCHMARKS.md), so an unlock
/// stays under half a second on a laptop three times slower, while each guess of a
/// stolen key file costs 64 MiB and as long. Blobs keep the cost they were made with
/// in their header; key files made at the old cost (19 MiB, 2 passes) are re-sealed at
/// this one on their next unlock (`sealed_cost`).
const M_COST: u32 = 64 * 1024;
const T_COST: u32 = 3;
const P_COST: u32 = 1;

/// The cost new blobs are sealed with: (memory KiB, passes, lanes).
pub const COST: (u32, u32, u32) = (M_COST, T_COST, P_COST);

/// The cost a sealed blob was made with, from its header.
pub fn sealed_cost(sealed: &[u8]) -> Option<(u32, u32, u32)> {
    if sealed.len() < HEADER_LEN || &sealed[..8] != MAGIC {
        return None;
    }
    let u32_at =
        |i: usize| u32::from_le_bytes([sealed[i], sealed[i + 1], sealed[i + 2], sealed[i + 3]]);
    Some((u32_at(8), u32_at(12), u32_at(16)))
}

/// Encrypt `key_der` under `secret` (any bytes; the caller decides which secret).
pub fn seal_key(key_der: &[u8], secret: &[u8]) -> Vec<u8> {
    seal_key_at(key_der, secret, COST)
}

/// [`seal_key`] at another cost `(memory KiB, passes, lanes)` — what older versions
/// wrote, for tests of the upgrade; the product seals at [`COST`].
pub fn seal_key_at(key_der: &[u8], secret: &[u8], cost: (u32, u32, u32)) -> Vec<u8> {
    let (m_cost, t_cost, p_cost) = cost;
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
    let mut out = Vec::with_capacity(HEADER_LEN + key_der.len() + 16);
    out.extend_from_slice(MAGIC);
    for v in [m_cost, t_cost, p_cost] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    let cipher = derive(secret, &salt, m_cost, t_cost, p_cost).expect("valid Argon2 parameters");
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: key_der,
                aad: &out,
            },
        )
        .expect("ChaCha20-Poly1305 encryption of a small buffer cannot fail");
    out.extend_from_slice(&ct);
    out
}

/// Decrypt what [`seal_key`] produced. A wrong secret or any changed byte gives
/// [`SealError::KeyUnseal`]; a blob that is not ours gives [`SealError::KeyFormat`].
pub fn open_key(sealed: &[u8], secret: &[u8]) -> Result<Vec<u8>, SealError> {
    if sealed.len() < HEADER_LEN + 16 || &sealed[..8] != MAGIC {
        return Err(SealError::key_format("不是签约台的密钥数据", ""));
    }
    let u32_at =
        |i: usize| u32::from_le_bytes([sealed[i], sealed[i + 1], sealed[i + 2], sealed[i + 3]]);
    let (m, t, p) = (u32_at(8), u32_at(12), u32_at(16));
    // Refuse parameters that would make opening a denial of service (over 1 GiB / 16 passes).
    if m > 1024 * 1024 || t > 16 || p > 16 {
        return Err(SealError::key_format("密钥派生参数超出范围", ""));
    }
    let salt = &sealed[20..20 + SALT_LEN];
    let nonce = Nonce::from_slice(&sealed[20 + SALT_LEN..HEADER_LEN]);
    let cipher = derive(secret, salt, m, t, p)?;
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[HEADER_LEN..],
                aad: &sealed[..HEADER_LEN],
            },
        )
        .map_err(|_| SealError::KeyUnseal)
}

fn derive(
    secret: &[u8],
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<ChaCha20Poly1305, SealError> {
    let params =
        Params::new(m, t, p, Some(32)).map_err(|e| SealError::key_format("密钥派生参数无效", e))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, &mut key)
        .map_err(|e| SealError::key_format("密钥无法派生", e))?;
    let cipher = ChaCha20Poly1305::new(&key.into());
    key.fill(0);
    Ok(cipher)
}

/// 32 random bytes from the OS, for callers that need a machine secret.
pub fn random_secret() -> [u8; 32] {
    let mut s = [0u8; 32];
    OsRng.fill_bytes(&mut s);
    s
}
