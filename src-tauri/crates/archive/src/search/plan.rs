//! Planning a search: the filters as SQL, which agreements they admit (listed from
//! their own indexes), and the key matches of the typed words.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::*;
use crate::ArchiveError;

/// Filters as SQL (on `agreements a` left-joined to `voids vo`) plus parameters.
pub(super) fn filters(q: &SearchQuery, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(y) = q.year {
        params.push(Value::Integer(y.into()));
        sql.push_str(&format!(" AND a.year = ?{}", params.len()));
    }
    if let Some(d) = department(q) {
        params.push(Value::Text(d.to_string()));
        sql.push_str(&format!(" AND a.department = ?{}", params.len()));
    }
    if let Some(t) = template(q) {
        params.push(Value::Text(t.to_string()));
        sql.push_str(&format!(
            " AND a.template_version_id IN ({})",
            template_versions(params.len())
        ));
    }
    if let Some(sub) = assessed_ids(q, params) {
        sql.push_str(&format!(" AND a.id IN ({sub})"));
    }
    match q.status {
        Some(Status::Signed) => sql.push_str(" AND vo.agreement_id IS NULL"),
        Some(Status::Voided) => sql.push_str(" AND vo.agreement_id IS NOT NULL"),
        None => {}
    }
    sql
}

/// SQL listing the ids the assessment filters admit (their parameters appended to
/// `params`), or `None` when they do not narrow the search.
pub(super) fn assessed_ids(q: &SearchQuery, params: &mut Vec<Value>) -> Option<String> {
    if q.score_min.is_some() || q.score_max.is_some() {
        // The current result is the highest version; scores are compared in REAL
        // (hundredths exactly representable at these magnitudes).
        let mut sql = "SELECT s.agreement_id FROM assessments s
             WHERE s.version = (SELECT max(t.version) FROM assessments t
                                WHERE t.agreement_id = s.agreement_id)"
            .to_string();
        if let Some(min) = q.score_min {
            params.push(Value::Real(min as f64 / 100.0));
            sql.push_str(&format!(" AND s.score_value >= ?{}", params.len()));
        }
        if let Some(max) = q.score_max {
            params.push(Value::Real(max as f64 / 100.0));
            sql.push_str(&format!(" AND s.score_value <= ?{}", params.len()));
        }
        if q.assessed == Some(false) {
            // Unassessed agreements have no score: nothing is both.
            sql.push_str(" AND 0");
        }
        return Some(sql);
    }
    match q.assessed {
        Some(true) => Some("SELECT agreement_id FROM assessments".into()),
        Some(false) => Some(
            "SELECT id FROM agreements WHERE id NOT IN (SELECT agreement_id FROM assessments)"
                .into(),
        ),
        None => None,
    }
}

/// SQL for the version ids of the template whose slug is parameter `?{param}`.
pub(super) fn template_versions(param: usize) -> String {
    format!(
        "SELECT v.id FROM template_versions v JOIN templates t ON t.id = v.template_id
         WHERE t.slug = ?{param}"
    )
}

pub(super) fn department(q: &SearchQuery) -> Option<&str> {
    q.department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
}

pub(super) fn template(q: &SearchQuery) -> Option<&str> {
    q.template
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Whether a filter other than the status narrows the search.
pub(super) fn narrowed(q: &SearchQuery) -> bool {
    q.year.is_some()
        || department(q).is_some()
        || template(q).is_some()
        || q.assessed.is_some()
        || q.score_min.is_some()
        || q.score_max.is_some()
}

/// Up to this many matches (names, numbers, a rare phrase) are checked against the
/// filters one by one; more, and the filters' own matches are listed from their
/// indexes instead.
pub(super) const FEW: usize = 256;

/// The agreements the filters let through, listed from the indexes on year,
/// department and template (id only, never the large rows) and the `voids` table.
pub(super) struct Allowed {
    /// Sorted ids when year, department, template or "voided" narrow the search.
    only: Option<Vec<i64>>,
    /// Sorted voided ids when only signed agreements are wanted.
    except: Vec<i64>,
}

impl Allowed {
    pub(super) fn everything() -> Allowed {
        Allowed {
            only: None,
            except: Vec::new(),
        }
    }

    pub(super) fn of(conn: &Connection, q: &SearchQuery) -> Result<Allowed, ArchiveError> {
        let mut sets: Vec<Vec<i64>> = Vec::new();
        if let Some(y) = q.year {
            sets.push(sorted_ids(
                conn,
                "SELECT id FROM agreements WHERE year = ?1",
                &[&y],
            )?);
        }
        if let Some(d) = department(q) {
            sets.push(sorted_ids(
                conn,
                "SELECT id FROM agreements WHERE department = ?1",
                &[&d],
            )?);
        }
        if let Some(t) = template(q) {
            sets.push(sorted_ids(
                conn,
                &format!(
                    "SELECT id FROM agreements WHERE template_version_id IN ({})",
                    template_versions(1)
                ),
                &[&t],
            )?);
        }
        let mut params = Vec::new();
        if let Some(sub) = assessed_ids(q, &mut params) {
            let mut st = conn.prepare_cached(&sub)?;
            let mut ids = st
                .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            ids.sort_unstable();
            ids.dedup();
            sets.push(ids);
        }
        let mut except = Vec::new();
        match q.status {
            Some(Status::Voided) => {
                sets.push(sorted_ids(conn, "SELECT agreement_id FROM voids", &[])?)
            }
            Some(Status::Signed) => {
                except = sorted_ids(conn, "SELECT agreement_id FROM voids", &[])?
            }
            None => {}
        }
        let only = sets.into_iter().reduce(|a, b| {
            a.into_iter()
                .filter(|id| b.binary_search(id).is_ok())
                .collect()
        });
        Ok(Allowed { only, except })
    }

    pub(super) fn admits(&self, id: i64) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.binary_search(&id).is_ok())
            && self.except.binary_search(&id).is_err()
    }

    /// The smallest and largest id that can pass, when that bounds the phrase search
    /// usefully: FTS5 checks a range on every hit, which costs ~20%, so a range that
    /// leaves out less than half of the archive is not worth it.
    pub(super) fn span(&self, conn: &Connection) -> Result<Option<(i64, i64)>, ArchiveError> {
        let Some(only) = &self.only else {
            return Ok(None);
        };
        let (Some(lo), Some(hi)) = (only.first(), only.last()) else {
            return Ok(Some((1, 0)));
        };
        let newest: i64 = conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM agreements")?
            .query_row([], |r| r.get(0))?;
        Ok((hi - lo < newest / 2).then_some((*lo, *hi)))
    }
}

/// The ids a one-column query returns, sorted.
pub(super) fn sorted_ids(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<i64>, ArchiveError> {
    let mut st = conn.prepare_cached(sql)?;
    let mut v = st
        .query_map(params, |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    v.sort_unstable();
    Ok(v)
}

/// A JSON array of ids, for `IN (SELECT value FROM json_each(?))`.
pub(super) fn json_ids(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

/// `(id, tier)` of every name, employee number, document number, pinyin and
/// department match (tiers 0–3), each agreement once with its best tier.
pub(super) fn keyed_matches(
    conn: &Connection,
    cleaned: &str,
) -> Result<Vec<(i64, i64)>, ArchiveError> {
    let k = key(cleaned);
    let mut params: Vec<Value> = vec![
        Value::Text(k.clone()),
        Value::Text(format!("{k}\u{10FFFF}")),
    ];
    let mut arms = vec![
        format!(
            "SELECT agreement_id, CASE WHEN term = ?1 THEN 0 ELSE 1 END FROM search_terms
             WHERE kind IN ({KIND_NAME}, {KIND_EMPLOYEE_NO}, {KIND_NUMBER}) AND term >= ?1 AND term < ?2"
        ),
        format!(
            "SELECT agreement_id, 3 FROM search_terms
             WHERE kind IN ({KIND_NAME_SUFFIX}, {KIND_DEPARTMENT}) AND term >= ?1 AND term < ?2"
        ),
    ];
    let letters: String = k.chars().filter(|c| *c != '\'').collect();
    if !letters.is_empty() && letters.chars().all(|c| c.is_ascii_lowercase()) {
        params.push(Value::Text(letters.clone()));
        params.push(Value::Text(format!("{letters}\u{10FFFF}")));
        arms.push(format!(
            "SELECT agreement_id, CASE WHEN term = ?3 THEN 2 ELSE 3 END FROM search_terms
             WHERE kind IN ({KIND_PINYIN}, {KIND_INITIALS}) AND term >= ?3 AND term < ?4"
        ));
    }
    let mut st = conn.prepare_cached(&arms.join(" UNION ALL "))?;
    let mut best: HashMap<i64, i64> = HashMap::new();
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        let (id, tier): (i64, i64) = (r.get(0)?, r.get(1)?);
        best.entry(id)
            .and_modify(|t| *t = (*t).min(tier))
            .or_insert(tier);
    }
    Ok(best.into_iter().collect())
}

/// Of the given ids, those that pass the filters (checked row by row: for few ids).
pub(super) fn passing(
    conn: &Connection,
    q: &SearchQuery,
    ids: &[i64],
) -> Result<HashSet<i64>, ArchiveError> {
    let mut params = vec![Value::Text(json_ids(ids))];
    let where_ = filters(q, &mut params);
    let mut st = conn.prepare_cached(&format!(
        "SELECT a.id FROM agreements a LEFT JOIN voids vo ON vo.agreement_id = a.id
         WHERE a.id IN (SELECT value FROM json_each(?1)){where_}"
    ))?;
    let ok = st
        .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
        .collect::<Result<HashSet<i64>, _>>()?;
    Ok(ok)
}
