//! What `verify` re-derives for every stored result: its digest over what is stored
//! (`assessment_hash_mismatch`), its score recomputed from the stored scheme and
//! values (`assessment_score_mismatch`: a score changed by hand is named with both
//! numbers), and the `assessed` audit entry that recorded that digest
//! (`assessment_unaudited`, `assessment_audit_mismatch`).

use signdesk_base::{ErrorKind, ProblemKind};
use std::collections::BTreeMap;

use signdesk_archive::{assessments, audit, AssessmentRow, Connection, NewAssessment};
use signdesk_assess::display::{self, Sign};
use signdesk_assess::{Decimal, Scheme, Value};

use super::record::{content_sha256, scored};
use crate::dto::Problem;
use crate::CoreError;

fn problem(kind: ProblemKind, row: &AssessmentRow, detail: String) -> Problem {
    Problem {
        kind,
        id: row.number.clone(),
        detail: format!("考核结果第 {} 版：{detail}", row.version),
    }
}

/// The score again from what is stored; an error says which stored part cannot be read.
fn recompute(row: &AssessmentRow) -> Result<Decimal, CoreError> {
    let unreadable = |what: &str, e: &dyn std::fmt::Display| {
        CoreError::failed(ErrorKind::ArchiveCorrupt, format!("{what}无法读取"), e)
    };
    let scheme: Scheme =
        serde_json::from_str(&row.scheme_json).map_err(|e| unreadable("考核方案", &e))?;
    let values: BTreeMap<String, Value> =
        serde_json::from_str(&row.values_json).map_err(|e| unreadable("考核数据", &e))?;
    let adjustment = row
        .adjustment
        .as_deref()
        .map(str::parse::<Decimal>)
        .transpose()
        .map_err(|e| unreadable("调整分", &e))?;
    scored(&scheme, &values, adjustment, &row.reason)
        .map(|s| s.score)
        .map_err(|e| CoreError::invalid(ErrorKind::ArchiveCorrupt, e.to_string()))
}

fn check(row: &AssessmentRow, audited: Option<&String>, out: &mut Vec<Problem>) {
    let stored = NewAssessment {
        agreement_id: row.agreement_id,
        scheme_json: row.scheme_json.clone(),
        values_json: row.values_json.clone(),
        adjustment: row.adjustment.clone(),
        reason: row.reason.clone(),
        score: row.score.clone(),
        score_value: row.score_value,
        reward_value: None,
        pass_value: 0.0,
        lines_json: row.lines_json.clone(),
        source: row.source.clone(),
        source_file: row.source_file.clone(),
        actor: row.actor.clone(),
        assessed_at: row.assessed_at.clone(),
    };
    let sha = content_sha256(&row.number, row.version, &stored);
    if sha != row.content_sha256 {
        out.push(problem(
            ProblemKind::AssessmentHashMismatch,
            row,
            "记录的内容（分数、考核数据、方案或原因）与其摘要不符：考核结果被改动过".into(),
        ));
    }
    match recompute(row) {
        Ok(score) => {
            let stored_score = row.score.parse::<Decimal>().ok();
            if stored_score != Some(score) {
                out.push(problem(
                    ProblemKind::AssessmentScoreMismatch,
                    row,
                    format!(
                        "记录的分数 {} 与按考核方案重算的 {} 不符",
                        row.score,
                        display::points(score, Sign::Minus)
                    ),
                ));
            }
        }
        Err(e) => out.push(problem(
            ProblemKind::AssessmentScoreMismatch,
            row,
            format!("无法按记录的考核方案重算分数：{e}"),
        )),
    }
    match audited {
        None => out.push(problem(
            ProblemKind::AssessmentUnaudited,
            row,
            "审计日志中没有记录这一版考核结果".into(),
        )),
        Some(h) if *h != row.content_sha256 => out.push(problem(
            ProblemKind::AssessmentAuditMismatch,
            row,
            "摘要与审计日志记录时的不同：考核结果被改写过".into(),
        )),
        Some(_) => {}
    }
}

/// Every stored result, checked; problems are appended to `out`.
pub(crate) fn check_all(conn: &Connection, out: &mut Vec<Problem>) -> Result<u64, CoreError> {
    // (number, version) → the digest the audit entry recorded.
    let mut audited: BTreeMap<(String, u64), String> = BTreeMap::new();
    for (subject, detail) in audit::of_event(conn, "assessed")? {
        let d: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        if let (Some(v), Some(sha)) = (d["version"].as_u64(), d["sha256"].as_str()) {
            audited.insert((subject, v), sha.to_string());
        }
    }
    let mut checked = 0u64;
    assessments::for_each(conn, |row| {
        checked += 1;
        let a = audited.get(&(row.number.clone(), u64::from(row.version)));
        check(&row, a, out);
        Ok::<_, CoreError>(())
    })?;
    Ok(checked)
}
