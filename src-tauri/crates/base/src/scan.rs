//! The text of the QR code printed on every signed agreement's record page: which
//! agreement (its number), what it says (the content SHA-256) and where the archive's
//! audit chain stood when it was signed. A paper copy scanned years later is resolved
//! against the archive by `verify --scan` and the archive screen.
//!
//! `SIGNDESK:<number>:<content sha-256>:<entries>:<chain hash>`, hex in upper case:
//! every character is in the QR alphanumeric set (0–9, A–Z, `-`, `:`), which packs
//! 5.5 bits a character instead of 8, so the code stays small enough (45 × 45
//! modules) to scan off a printed page. A USB scanner that types what it reads is
//! enough: the text is case-insensitive and may arrive with spaces around it.

const PREFIX: &str = "SIGNDESK";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanCode {
    pub number: String,
    /// Lower-case hex.
    pub content_sha256: String,
    /// The chain's head at signing (entries, lower-case hex hash), when it was printed.
    pub chain: Option<crate::ChainPosition>,
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

impl ScanCode {
    /// The text to encode.
    pub fn to_text(&self) -> String {
        let mut t = format!(
            "{PREFIX}:{}:{}",
            self.number.to_uppercase(),
            self.content_sha256.to_uppercase()
        );
        if let Some(p) = &self.chain {
            t.push_str(&format!(":{}:{}", p.entries, p.hash.to_uppercase()));
        }
        t
    }

    /// What a scanner typed; `None` when it is not one of ours.
    pub fn parse(text: &str) -> Option<ScanCode> {
        let t = text.trim().to_uppercase();
        let rest = t.strip_prefix(PREFIX)?.strip_prefix(':')?;
        let parts: Vec<&str> = rest.split(':').collect();
        let (number, sha, chain) = match parts.as_slice() {
            [number, sha] => (*number, *sha, None),
            [number, sha, n, hash] => {
                let n: i64 = n.parse().ok().filter(|n| *n > 0)?;
                if !is_hex64(hash) {
                    return None;
                }
                let pos = crate::ChainPosition {
                    entries: n,
                    hash: hash.to_lowercase(),
                };
                (*number, *sha, Some(pos))
            }
            _ => return None,
        };
        if number.is_empty() || !is_hex64(sha) {
            return None;
        }
        Some(ScanCode {
            number: number.to_string(),
            content_sha256: sha.to_lowercase(),
            chain,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_printed_reads_back_however_the_scanner_types_it() {
        let code = ScanCode {
            number: "SD-2027-000042".into(),
            content_sha256: "ab".repeat(32),
            chain: Some(crate::ChainPosition {
                entries: 17,
                hash: "0f".repeat(32),
            }),
        };
        let text = code.to_text();
        assert!(text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == '-' || c == ':'));
        assert_eq!(ScanCode::parse(&text), Some(code.clone()));
        assert_eq!(
            ScanCode::parse(&format!("  {}\r\n", text.to_lowercase())),
            Some(code.clone())
        );
        let without = ScanCode {
            chain: None,
            ..code
        };
        assert_eq!(ScanCode::parse(&without.to_text()), Some(without));
        for wrong in [
            "",
            "SD-2027-000042",
            "SIGNDESK:SD-2027-000042",
            &format!("SIGNDESK::{}", "ab".repeat(32)),
            &format!("SIGNDESK:SD-1:{}", "ab".repeat(31)),
            &format!("SIGNDESK:SD-1:{}:0:{}", "ab".repeat(32), "0f".repeat(32)),
            &format!("SIGNDESK:SD-1:{}:3:{}", "ab".repeat(32), "0f".repeat(30)),
            &format!("OTHER:SD-1:{}", "ab".repeat(32)),
        ] {
            assert_eq!(ScanCode::parse(wrong), None, "{wrong}");
        }
    }
}
