//! A position in the archive's audit chain: how many entries it had and the hash of
//! the last one — printed on every agreement's record page and in its QR code, written
//! into export manifests and backups, and checked later (`verify --anchor`). One type,
//! so the position is never built as `"N:HASH"` and split again, and one fingerprint.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChainPosition {
    pub entries: i64,
    /// Lower-case hex SHA-256 of the last entry.
    pub hash: String,
}

impl ChainPosition {
    /// What a person copies by hand: see [`fingerprint`].
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.hash)
    }
}

/// `N:HASH`, as `verify --anchor` takes it.
impl std::fmt::Display for ChainPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.entries, self.hash)
    }
}

/// `a1b2c3d4e5f60718…` → `a1b2-c3d4-e5f6-0718`: short enough to copy by hand, long
/// enough (64 bits) that no rewritten history matches it by chance. The one cut of a
/// hash for people: record pages, verify's report, the scan check.
pub fn fingerprint(hash: &str) -> String {
    let h: Vec<char> = hash.chars().take(16).collect();
    h.chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of an audit chain, as the desk stores it and a bundle carries it to the
/// group archive, which recomputes [`entry_hash`] for each before accepting it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub event: String,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// Whether the stored hash is the hash of what the entry says.
    pub fn hash_holds(&self) -> bool {
        entry_hash(
            &self.prev_hash,
            self.seq,
            &self.at,
            &self.actor,
            &self.event,
            &self.subject,
            &self.detail,
        ) == self.hash
    }
}

/// An entry's hash: SHA-256 over the previous hash and every field, each
/// length-prefixed so that moving text between fields changes the hash. The one
/// definition the desk writes with and the group archive checks with.
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    event: &str,
    subject: &str,
    detail: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), at, actor, event, subject, detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    format!("{:x}", h.finalize())
}

/// What an assessment result's SHA-256 covers: everything stored to recompute and check
/// it. Written by the desk when it stores a result (and repeated in the `assessed`
/// audit entry), recomputed by the desk's verify and by the group archive on arrival.
#[derive(Debug, Clone, Copy)]
pub struct AssessmentDigest<'a> {
    pub number: &'a str,
    pub version: u32,
    pub scheme_json: &'a str,
    pub values_json: &'a str,
    pub adjustment: Option<&'a str>,
    pub reason: &'a str,
    pub score: &'a str,
    pub lines_json: &'a str,
    pub source: &'a str,
    pub actor: &'a str,
    pub assessed_at: &'a str,
    pub source_file: Option<&'a str>,
}

impl AssessmentDigest<'_> {
    /// Each part followed by a unit separator (0x1F); the file name only when there
    /// is one (results stored before schema 6 have none, and keep their digest).
    pub fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let version = self.version.to_string();
        let mut h = Sha256::new();
        for part in [
            self.number,
            &version,
            self.scheme_json,
            self.values_json,
            self.adjustment.unwrap_or(""),
            self.reason,
            self.score,
            self.lines_json,
            self.source,
            self.actor,
            self.assessed_at,
        ]
        .into_iter()
        .chain(self.source_file)
        {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        format!("{:x}", h.finalize())
    }
}

/// What a signed agreement's content hash (`content_sha256`, printed on its signing
/// record and recorded in its `agreement_signed` entry) covers: template and version,
/// the signed text, the filled blanks (JSON as stored), the signer's name, and each
/// signature's role with the SHA-256 of its image, in the template's role order.
/// Written by the desk when it signs, recomputed by the desk's verify and by the group
/// archive on arrival (which receives the images' hashes, not the images).
#[derive(Debug, Clone, Copy)]
pub struct AgreementDigest<'a> {
    pub template_slug: &'a str,
    pub template_version: u32,
    pub signed_text: &'a str,
    pub values_json: &'a str,
    pub signer_name: &'a str,
}

impl AgreementDigest<'_> {
    /// `signatures`: (role key, lower-case hex SHA-256 of the PNG).
    pub fn sha256<'s>(&self, signatures: impl IntoIterator<Item = (&'s str, &'s str)>) -> String {
        use sha2::{Digest, Sha256};
        let version = self.template_version.to_string();
        let mut h = Sha256::new();
        for part in [
            self.template_slug,
            &version,
            self.signed_text,
            self.values_json,
            self.signer_name,
        ] {
            // Length-prefixed so that moving text between parts changes the hash.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        for (role_key, png_sha256) in signatures {
            h.update(role_key.as_bytes());
            h.update(png_sha256.as_bytes());
        }
        format!("{:x}", h.finalize())
    }
}

/// Lower-case hex SHA-256 of `bytes`: how every stored hash (PDFs, contents) is written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_prints_as_n_colon_hash_with_its_fingerprint() {
        let p = ChainPosition {
            entries: 41,
            hash: "ab12cd34ef56ab78".repeat(4),
        };
        assert_eq!(p.to_string(), format!("41:{}", p.hash));
        assert_eq!(p.fingerprint(), "ab12-cd34-ef56-ab78");
    }
}
