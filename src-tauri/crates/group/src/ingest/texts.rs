//! An agreement's signed text on arrival: split into its lines, each line stored once
//! per site (`text_lines`, migration 0003), the agreement keeping the lines' keys in
//! order (`agreements.line_keys`).

use std::collections::HashSet;

use postgres::GenericClient;

use super::Ingest;
use crate::GroupError;

/// The lines of a text exactly as they join again with '\n'.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
}

/// A line's key: the first 64 bits of its SHA-256 (hex), as a signed integer.
pub fn line_key(sha256_hex: &str) -> i64 {
    u64::from_str_radix(&sha256_hex[..16], 16).unwrap_or(0) as i64
}

impl<C: GenericClient> Ingest<'_, C> {
    /// The keys of `text`'s lines in order, storing the lines the site has not sent
    /// before: one statement for the lines this arrival has not seen yet (a template's
    /// clauses are seen with its first agreement), none when all are known.
    pub(super) fn line_keys(
        &mut self,
        text: &str,
        filled: &[&str],
    ) -> Result<Vec<i64>, GroupError> {
        let hashed: Vec<(String, &str)> = lines(text)
            .map(|l| (signdesk_base::chain::sha256_hex(l.as_bytes()), l))
            .collect();
        let mut unseen: Vec<(&str, &str)> = Vec::new();
        for (sha, line) in &hashed {
            if !self.lines.contains(sha) && !unseen.iter().any(|(s, _)| s == sha) {
                unseen.push((sha, line));
            }
        }
        if !unseen.is_empty() {
            let shas: Vec<&str> = unseen.iter().map(|(s, _)| *s).collect();
            let keys: Vec<i64> = shas.iter().map(|s| line_key(s)).collect();
            let texts: Vec<&str> = unseen.iter().map(|(_, l)| *l).collect();
            // Each line's pairs as one string (arrays of arrays must be rectangular).
            let pairs: Vec<String> = texts
                .iter()
                .map(|l| crate::grams::line_pairs(l, filled).join(PAIRS_SEP))
                .collect();
            self.db.execute(
                "INSERT INTO text_lines(site_id, sha256, key, line, pairs)
                 SELECT $1, sha, k, line, coalesce(string_to_array(nullif(p, ''), $6), '{}')
                 FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS u(sha, k, line, p)
                 ON CONFLICT (site_id, sha256) DO NOTHING",
                &[&self.site.id, &shas, &keys, &texts, &pairs, &PAIRS_SEP],
            )?;
            for sha in shas {
                self.lines.insert(sha.to_string());
            }
        }
        Ok(hashed.iter().map(|(sha, _)| line_key(sha)).collect())
    }
}

/// Between a line's pairs on their way in (a character no pair holds).
const PAIRS_SEP: &str = "\u{1f}";

/// What was filled in for the person, cut out of the lines' pairs
/// ([`crate::grams::line_pairs`]): the signer, department, employee number and the
/// string values of the filled blanks.
pub fn filled_values(a: &crate::AgreementRecord) -> Vec<String> {
    let mut out = vec![a.signer.clone(), a.department.clone()];
    out.extend(a.employee_no.clone());
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&a.values_json) {
        for v in m.values() {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Number(n) => out.push(n.to_string()),
                _ => {}
            }
        }
    }
    out
}

/// The site's lines this arrival has stored or found, by hash.
pub(super) type KnownLines = HashSet<String>;
