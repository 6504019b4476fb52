//! Scoring an input and storing it: the next version of the agreement's result, its
//! SHA-256 over everything stored, and an `assessed` audit entry that repeats the
//! digest (so `verify` names a result changed after the fact). A batch is stored in
//! one transaction: every row is scored first, and one wrong row stores nothing.

use std::collections::BTreeMap;

use signdesk_archive::{agreements, assessments, audit, Connection, NewAssessment, Transaction};
use signdesk_assess::{Decimal, Scheme, Scored, Value};
use signdesk_base::{AssessmentSource, ErrorKind, Job, WorkStage};

use super::{json, scheme_of_version, AssessInput, AssessmentView};
use crate::{CoreError, Desk};

/// The longest reason kept (a sentence or two).
const MAX_REASON_CHARS: usize = 500;

/// What the digest covers, in a fixed order, each field closed by a separator that
/// JSON and decimal text never contain. An import's file name (kept apart since
/// schema 6) closes the list when there is one: rows stored before have none, so
/// their digest is what it was.
pub(crate) fn content_sha256(number: &str, version: u32, a: &NewAssessment) -> String {
    signdesk_base::chain::AssessmentDigest {
        number,
        version,
        scheme_json: &a.scheme_json,
        values_json: &a.values_json,
        adjustment: a.adjustment.as_deref(),
        reason: &a.reason,
        score: &a.score,
        lines_json: &a.lines_json,
        source: &a.source,
        actor: &a.actor,
        assessed_at: &a.assessed_at,
        source_file: a.source_file.as_deref(),
    }
    .sha256()
}

/// The score with a manual adjustment applied (its own line, the reason as its rule).
pub(crate) fn scored(
    scheme: &Scheme,
    values: &BTreeMap<String, Value>,
    adjustment: Option<Decimal>,
    reason: &str,
) -> Result<Scored, signdesk_assess::ScoreError> {
    let mut s = signdesk_assess::score(scheme, values)?;
    if let Some(adj) = adjustment {
        s = s.adjusted(adj, reason);
    }
    s.score = s.score.normalize();
    Ok(s)
}

fn invalid(m: String) -> CoreError {
    CoreError::invalid(ErrorKind::InvalidAssessment, m)
}

/// Where a batch of results comes from: the grid, the CLI, or a file by its name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub source: AssessmentSource,
    pub file: Option<&'a str>,
}

/// Checks one input against its agreement and scheme and makes the row to store;
/// `None` when it changes nothing (the same values as the current version).
pub(crate) fn prepare(
    conn: &Connection,
    input: &AssessInput,
    origin: Origin<'_>,
    actor: &str,
    schemes: &mut BTreeMap<i64, Scheme>,
) -> Result<Option<(String, NewAssessment)>, CoreError> {
    let a = agreements::by_number(conn, &input.number)?;
    let who = format!("{}（{}）", a.signer_name, a.number);
    if a.void.is_some() {
        return Err(invalid(format!("{who} 的协议已作废，不能考核")));
    }
    let scheme = match schemes.get(&a.template_version_id) {
        Some(s) => s.clone(),
        None => {
            let s = scheme_of_version(conn, a.template_version_id)?;
            schemes.insert(a.template_version_id, s.clone());
            s
        }
    };
    if !scheme.is_stated() {
        return Err(CoreError::invalid(
            ErrorKind::NoScheme,
            format!(
                "《{}》没有考核方案（考核项和分值）；请先在模板编辑器中填写",
                a.title
            ),
        ));
    }
    let reason = signdesk_base::text::printable(input.reason.trim())
        .trim()
        .to_string();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(format!("原因太长（最多 {MAX_REASON_CHARS} 字）")));
    }
    let adjustment = input
        .adjustment
        .filter(|a| !a.is_zero())
        .map(|a| a.normalize());
    if adjustment.is_some() && reason.is_empty() {
        return Err(CoreError::invalid(
            ErrorKind::AssessReasonMissing,
            format!("{who}：人工调整分数必须填写原因"),
        ));
    }
    // The values first: a wrong value is the problem to report, reason or not.
    let s = scored(&scheme, &input.values, adjustment, &reason)
        .map_err(|e| invalid(format!("{who}：{e}")))?;
    if let Some(cur) = assessments::current(conn, a.id)? {
        let same_values = serde_json::from_str::<BTreeMap<String, Value>>(&cur.values_json)
            .is_ok_and(|v| v == input.values);
        let cur_adjustment = cur
            .adjustment
            .as_deref()
            .and_then(|s| s.parse::<Decimal>().ok());
        if same_values && cur_adjustment == adjustment {
            return Ok(None);
        }
        if reason.is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::AssessReasonMissing,
                format!(
                    "{who} 已有考核结果（第 {} 版），修改必须填写原因",
                    cur.version
                ),
            ));
        }
    }
    let new = NewAssessment {
        agreement_id: a.id,
        scheme_json: json(&scheme)?,
        values_json: json(&input.values)?,
        adjustment: adjustment.map(|a| a.to_string()),
        reason,
        score: s.score.to_string(),
        score_value: f64::try_from(s.score).unwrap_or(0.0),
        reward_value: scheme.reward_line.and_then(|l| f64::try_from(l).ok()),
        pass_value: f64::try_from(scheme.pass_line).unwrap_or(60.0),
        lines_json: json(&s.lines)?,
        source: origin.source.as_str().to_string(),
        source_file: origin.file.map(str::to_string),
        actor: actor.to_string(),
        assessed_at: crate::signing::now_rfc3339(),
    };
    Ok(Some((a.number, new)))
}

/// Stores prepared rows in `tx`, each with its audit entry and as a step of `job`
/// (stage `Store`): 取消 between two rows fails the transaction.
pub(crate) fn store(
    tx: &Transaction<'_>,
    rows: &[(String, NewAssessment)],
    job: &Job,
) -> Result<(), CoreError> {
    let total = rows.len() as u64;
    for (i, (number, row)) in rows.iter().enumerate() {
        job.step(WorkStage::Store, i as u64, total, number)?;
        let version = assessments::next_version(tx, row.agreement_id)?;
        let sha = content_sha256(number, version, row);
        assessments::insert(tx, row, &sha)?;
        let mut detail = serde_json::json!({
            "version": version,
            "score": row.score,
            "sha256": sha,
            "reason": row.reason,
            "source": row.source,
        });
        if let Some(file) = &row.source_file {
            detail["file"] = file.as_str().into();
        }
        let detail = detail.to_string();
        audit::append(
            tx,
            &row.actor,
            signdesk_base::AuditEvent::Assessed,
            number,
            &detail,
        )?;
    }
    job.step(WorkStage::Store, total, total, "")?;
    Ok(())
}

impl Desk {
    /// Scores and stores results (from the grid, the CLI): all or nothing. Rows whose
    /// values did not change are skipped. Returns the stored results.
    pub fn assess(
        &mut self,
        inputs: &[AssessInput],
        source: AssessmentSource,
    ) -> Result<Vec<AssessmentView>, CoreError> {
        self.guard()?;
        let actor = self.actor.clone();
        let mut schemes = BTreeMap::new();
        let mut rows = Vec::new();
        let origin = Origin { source, file: None };
        for input in inputs {
            if let Some(r) = prepare(self.archive.read(), input, origin, &actor, &mut schemes)? {
                rows.push(r);
            }
        }
        self.archive.write(|tx| store(tx, &rows, &Job::silent()))?;
        rows.iter().map(|(n, _)| self.assessment(n)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str, source_file: Option<&str>) -> NewAssessment {
        NewAssessment {
            agreement_id: 1,
            scheme_json: "{}".into(),
            values_json: "{}".into(),
            adjustment: None,
            reason: String::new(),
            score: "95".into(),
            score_value: 95.0,
            reward_value: None,
            pass_value: 60.0,
            lines_json: "[]".into(),
            source: source.into(),
            source_file: source_file.map(str::to_string),
            actor: "管理员".into(),
            assessed_at: "2027-12-20T10:05:00+08:00".into(),
        }
    }

    #[test]
    fn a_row_without_a_file_name_keeps_the_digest_of_schema_5() {
        // The digest as rows stored before schema 6 have it: eleven fields, no more.
        use sha2::{Digest, Sha256};
        let legacy = row("评分.csv", None);
        let mut h = Sha256::new();
        for part in [
            "SD-2027-000001",
            "1",
            "{}",
            "{}",
            "",
            "",
            "95",
            "[]",
            "评分.csv",
            "管理员",
            "2027-12-20T10:05:00+08:00",
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        let want = format!("{:x}", h.finalize());
        assert_eq!(content_sha256("SD-2027-000001", 1, &legacy), want);
        // Since: the file's name is covered too.
        let a = content_sha256("SD-2027-000001", 1, &row("import", Some("评分.csv")));
        let b = content_sha256("SD-2027-000001", 1, &row("import", Some("别的.csv")));
        assert_ne!(a, b);
    }
}
