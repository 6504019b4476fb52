//! Completeness: what the audit log says happened must still be in the tables, and
//! the tables may hold nothing the log never recorded. The hashes, seals and the chain
//! itself are checked elsewhere (`verify.rs`, the core); this finds what is *missing*
//! or *renumbered* — the changes that leave every remaining row intact, such as
//! deleting one signed agreement, or a void, with the triggers dropped.
//!
//! One pass over each table, sets in memory (a few bytes per agreement): no query
//! runs per row, so a 100 000-agreement archive is checked in one sweep.

use signdesk_base::ProblemKind;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::Connection;

use crate::ArchiveError;

/// One thing that should be there and is not (or is there twice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub kind: ProblemKind,
    /// The document number it concerns (or an audit entry's seq).
    pub id: String,
    /// What is wrong, in Chinese.
    pub detail: String,
}

fn gap(kind: ProblemKind, id: impl Into<String>, detail: impl Into<String>) -> Gap {
    Gap {
        kind,
        id: id.into(),
        detail: detail.into(),
    }
}

/// `(seq, subject, id)` of every audit entry of `event` whose detail names an id.
fn audited(
    conn: &Connection,
    event: signdesk_base::AuditEvent,
) -> Result<Vec<(i64, String, i64)>, ArchiveError> {
    let mut st = conn.prepare(
        "SELECT seq, subject, json_extract(detail, '$.id') FROM audit
         WHERE event = ?1 AND json_valid(detail) ORDER BY seq",
    )?;
    let rows = st.query_map([event.as_str()], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<i64>>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (seq, subject, Some(id)) = row? {
            out.push((seq, subject, id));
        }
    }
    Ok(out)
}

/// `SD-2027-000042` → (2027, 42).
fn parse_number(number: &str) -> Option<(i32, u32)> {
    let rest = number.strip_prefix("SD-")?;
    let (year, n) = rest.split_once('-')?;
    Some((year.parse().ok()?, n.parse().ok()?))
}

/// Everything missing, changed or repeated, in the order the checks run.
pub fn gaps(conn: &Connection) -> Result<Vec<Gap>, ArchiveError> {
    let numbers = agreement_numbers(conn)?;
    let mut out = Vec::new();
    signings(conn, &numbers, &mut out)?;
    voids(conn, &numbers, &mut out)?;
    number_runs(&numbers, &mut out);
    search_orphans(conn, &numbers, &mut out)?;
    Ok(out)
}

/// Every agreement's number, by id.
fn agreement_numbers(conn: &Connection) -> Result<HashMap<i64, String>, ArchiveError> {
    let mut numbers = HashMap::new();
    let mut st = conn.prepare("SELECT id, number FROM agreements")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        let (id, number): (i64, String) = row?;
        numbers.insert(id, number);
    }
    Ok(numbers)
}

/// Every signing the log recorded is still there, under the number it was given, and
/// no number was given twice.
fn signings(
    conn: &Connection,
    numbers: &HashMap<i64, String>,
    out: &mut Vec<Gap>,
) -> Result<(), ArchiveError> {
    let signed = audited(conn, signdesk_base::AuditEvent::AgreementSigned)?;
    let mut signed_numbers: HashMap<&str, i64> = HashMap::new();
    for (seq, subject, id) in &signed {
        match numbers.get(id) {
            None => out.push(gap(ProblemKind::AgreementMissing,
                subject.as_str(),
                format!("审计日志第 {seq} 条记录了协议 {subject} 的签署，但档案库中已没有这份协议：它被删除了"),
            )),
            Some(now) if now != subject => out.push(gap(ProblemKind::NumberChanged,
                subject.as_str(),
                format!("协议编号被改过：签署时为 {subject}（审计日志第 {seq} 条），现在为 {now}"),
            )),
            Some(_) => {}
        }
        if let Some(first) = signed_numbers.insert(subject, *seq) {
            out.push(gap(
                ProblemKind::NumberRepeat,
                subject.as_str(),
                format!("编号 {subject} 被用了两次（审计日志第 {first} 条和第 {seq} 条）"),
            ));
        }
    }
    Ok(())
}

/// Voids and their audit entries, both ways.
fn voids(
    conn: &Connection,
    numbers: &HashMap<i64, String>,
    out: &mut Vec<Gap>,
) -> Result<(), ArchiveError> {
    let mut voids: BTreeSet<i64> = BTreeSet::new();
    let mut st = conn.prepare("SELECT agreement_id FROM voids")?;
    for row in st.query_map([], |r| r.get(0))? {
        voids.insert(row?);
    }
    let voided = audited(conn, signdesk_base::AuditEvent::AgreementVoided)?;
    let voided_ids: HashSet<i64> = voided.iter().map(|(_, _, id)| *id).collect();
    for id in voids.iter().filter(|id| !voided_ids.contains(id)) {
        let n = numbers.get(id).cloned().unwrap_or_else(|| format!("#{id}"));
        out.push(gap(
            ProblemKind::VoidUnaudited,
            n.as_str(),
            format!("协议 {n} 有作废记录，但审计日志中没有这次作废：作废记录是绕过签约台写入的"),
        ));
    }
    for (seq, subject, id) in &voided {
        if !voids.contains(id) {
            out.push(gap(ProblemKind::VoidMissing,
                subject.as_str(),
                format!("审计日志第 {seq} 条记录了协议 {subject} 的作废，但作废记录已不在档案库中：作废被撤销过"),
            ));
        }
    }
    Ok(())
}

/// A year's numbers run 1, 2, 3 … without a hole or a repeat: a number is taken only
/// in the transaction that stores its agreement.
fn number_runs(numbers: &HashMap<i64, String>, out: &mut Vec<Gap>) {
    let mut by_year: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
    for number in numbers.values() {
        if let Some((year, n)) = parse_number(number) {
            by_year.entry(year).or_default().push(n);
        }
    }
    for (year, mut ns) in by_year {
        ns.sort_unstable();
        let max = ns.last().copied().unwrap_or(0);
        let have: BTreeSet<u32> = ns.iter().copied().collect();
        if have.len() < ns.len() {
            out.push(gap(
                ProblemKind::NumberRepeat,
                format!("SD-{year}"),
                format!("{year} 年度有重复的协议编号"),
            ));
        }
        let missing: Vec<String> = (1..=max)
            .filter(|n| !have.contains(n))
            .map(|n| format!("SD-{year}-{n:06}"))
            .collect();
        if let Some(first) = missing.first() {
            let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
            let more = if missing.len() > 5 { " 等" } else { "" };
            out.push(gap(
                ProblemKind::NumberGap,
                first.as_str(),
                format!(
                    "{year} 年度的编号有缺口：缺少 {}{more}（共 {} 个），这些协议不在档案库中",
                    shown.join("、"),
                    missing.len()
                ),
            ));
        }
    }
}

/// Search entries of agreements that are gone (the index outlived its rows).
fn search_orphans(
    conn: &Connection,
    numbers: &HashMap<i64, String>,
    out: &mut Vec<Gap>,
) -> Result<(), ArchiveError> {
    let mut orphans: BTreeSet<i64> = BTreeSet::new();
    for sql in [
        "SELECT DISTINCT agreement_id FROM search_terms",
        "SELECT id FROM agreement_text_docsize",
    ] {
        let mut st = conn.prepare(sql)?;
        for row in st.query_map([], |r| r.get::<_, i64>(0))? {
            let id = row?;
            if !numbers.contains_key(&id) {
                orphans.insert(id);
            }
        }
    }
    for id in orphans {
        out.push(gap(
            ProblemKind::SearchOrphan,
            format!("#{id}"),
            format!("检索索引中还有第 {id} 号协议的条目，但协议本身已不在档案库中：它被删除了"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_read_as_year_and_count() {
        assert_eq!(parse_number("SD-2027-000042"), Some((2027, 42)));
        assert_eq!(parse_number("SD-2027"), None);
        assert_eq!(parse_number("XX-2027-000001"), None);
    }
}
