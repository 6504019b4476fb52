//! An agreement's signed text on arrival: split into its lines, each line stored once
//! per site (`text_lines`, migration 0003), the agreement keeping the line ids in order.

use std::collections::HashMap;

use postgres::GenericClient;

use super::Ingest;
use crate::GroupError;

/// The lines of a text exactly as they join again with '\n'.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
}

impl<C: GenericClient> Ingest<'_, C> {
    /// The ids of `text`'s lines in order, storing the lines the site has not sent
    /// before. One round trip for the lines this arrival has not seen yet (a template's
    /// clauses are seen with its first agreement), none when all are known.
    pub(super) fn line_ids(&mut self, text: &str, filled: &[&str]) -> Result<Vec<i64>, GroupError> {
        let hashed: Vec<(String, &str)> = lines(text)
            .map(|l| (signdesk_base::chain::sha256_hex(l.as_bytes()), l))
            .collect();
        let mut unseen: Vec<(&str, &str)> = Vec::new();
        for (sha, line) in &hashed {
            if !self.lines.contains_key(sha) && !unseen.iter().any(|(s, _)| s == sha) {
                unseen.push((sha, line));
            }
        }
        if !unseen.is_empty() {
            let shas: Vec<&str> = unseen.iter().map(|(s, _)| *s).collect();
            let texts: Vec<&str> = unseen.iter().map(|(_, l)| *l).collect();
            // Each line's pairs as one string (arrays of arrays must be rectangular).
            let pairs: Vec<String> = texts
                .iter()
                .map(|l| crate::grams::line_pairs(l, filled).join(PAIRS_SEP))
                .collect();
            // Inside one statement the insert's rows are not visible to the second
            // SELECT, so the two halves give the new lines and the known ones.
            let rows = self.db.query(
                "WITH input AS (
                   SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS u(sha, line, p)),
                 ins AS (
                   INSERT INTO text_lines(site_id, sha256, line, pairs)
                   SELECT $1, sha, line, coalesce(string_to_array(nullif(p, ''), $5), '{}') FROM input
                   ON CONFLICT (site_id, sha256) DO NOTHING
                   RETURNING id, sha256)
                 SELECT id, sha256 FROM ins
                 UNION ALL
                 SELECT t.id, t.sha256 FROM text_lines t JOIN input i ON t.sha256 = i.sha
                 WHERE t.site_id = $1",
                &[&self.site.id, &shas, &texts, &pairs, &PAIRS_SEP],
            )?;
            for r in rows {
                self.lines.insert(r.get(1), r.get(0));
            }
        }
        hashed
            .iter()
            .map(|(sha, _)| {
                self.lines.get(sha).copied().ok_or_else(|| {
                    GroupError::new(
                        signdesk_base::ErrorKind::GroupDatabase,
                        "协议正文的一行没有存入集团档案库",
                    )
                })
            })
            .collect()
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

/// Line ids by line hash, as an arrival learns them.
pub(super) type LineIds = HashMap<String, i64>;
