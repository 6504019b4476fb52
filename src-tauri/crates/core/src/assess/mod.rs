//! The year's assessment (考核, issue 14): each signed agreement scored against the
//! scheme its own template states (`signdesk-assess`), recorded as evidence.
//!
//! - `record.rs` — scoring an input and storing it as the next version, hashed and
//!   audited; a correction needs a reason, and so does a manual adjustment.
//! - `import/` — a CSV/.xlsx of results matched to the year's agreements by 工号 then
//!   姓名, saved all at once or not at all; each row a step of its job (取消).
//! - `report.rs` — the year at a glance, per department, and its .xlsx.
//! - `check.rs` — what `verify` re-derives for every stored result.
//! - `page.rs` — the one-page 考核结果 PDF and the person's acknowledgement of it.

mod check;
mod import;
mod kiosk;
mod page;
mod record;
mod report;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use signdesk_archive::{agreements, assessments, templates, AssessmentRow};
use signdesk_assess::{Decimal, Item, Line, Scheme, Value};
use signdesk_base::{AssessmentSource, ErrorKind};
use ts_rs::TS;

use crate::{CoreError, Desk};

pub(crate) use check::check_all;
pub use import::{AssessImport, AssessImportRequest, ImportRowError, ImportUnmatched, ResultsFile};
pub use report::{DepartmentReport, YearReport};

/// One person's result as entered in the grid (or by the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessInput {
    /// The agreement's number.
    pub number: String,
    /// Item key → value (points or grade, percentage, count).
    pub values: BTreeMap<String, Value>,
    /// Points added (or taken, when negative) by hand, with `reason`.
    #[ts(type = "string | null")]
    pub adjustment: Option<Decimal>,
    /// Why: required for a manual adjustment and for a correction of an earlier result.
    pub reason: String,
}

/// One earlier or current version of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessmentVersion {
    pub version: u32,
    #[ts(type = "string")]
    pub score: Decimal,
    pub reason: String,
    pub source: AssessmentSource,
    /// The imported file's name, for an import.
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
}

/// A person's current result, with the rule behind every point and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessmentView {
    pub number: String,
    pub signer_name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub year: i32,
    pub title: String,
    pub version: u32,
    #[ts(type = "string")]
    pub score: Decimal,
    pub lines: Vec<Line>,
    pub values: BTreeMap<String, Value>,
    #[ts(type = "string | null")]
    pub adjustment: Option<Decimal>,
    pub reason: String,
    pub source: AssessmentSource,
    /// The imported file's name, for an import.
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
    pub content_sha256: String,
    pub acknowledged_at: Option<String>,
    #[ts(type = "string | null")]
    pub reward_line: Option<Decimal>,
    #[ts(type = "string")]
    pub pass_line: Decimal,
    /// At or above the reward line.
    pub rewarded: bool,
    /// At or above the pass line.
    pub passed: bool,
    pub history: Vec<AssessmentVersion>,
}

/// One row of a ceremony's assessment grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessSheetRow {
    pub number: String,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    /// The current result's values (empty when not assessed yet).
    pub values: BTreeMap<String, Value>,
    #[ts(type = "string | null")]
    pub adjustment: Option<Decimal>,
    #[ts(type = "string | null")]
    pub score: Option<Decimal>,
    pub lines: Vec<Line>,
    pub version: Option<u32>,
    /// Where the current result came from; empty while not assessed.
    pub source: Option<AssessmentSource>,
    pub source_file: Option<String>,
    pub acknowledged: bool,
}

/// A ceremony's signed agreements with the scheme they are scored against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessSheet {
    pub ceremony_id: i64,
    /// The ceremony's template (an import from the grid is limited to it).
    pub template_id: String,
    pub title: String,
    pub year: i32,
    pub scheme: Scheme,
    pub items: Vec<Item>,
    pub rows: Vec<AssessSheetRow>,
}

fn json<T: Serialize>(v: &T) -> Result<String, CoreError> {
    serde_json::to_string(v).map_err(|e| CoreError::internal("考核数据无法保存", e))
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> CoreError {
    signdesk_archive::ArchiveError::corrupt(format!("{what}无法读取"), e).into()
}

fn decimal(s: &str) -> Result<Decimal, CoreError> {
    s.parse::<Decimal>().map_err(|e| corrupt("分数", e))
}

/// The scheme a template version states (see `templates::parse`); empty when none.
pub(crate) fn scheme_of_version(
    conn: &signdesk_archive::Connection,
    version_id: i64,
) -> Result<Scheme, CoreError> {
    let row = templates::version_by_id(conn, version_id)?;
    Ok(crate::templates::parse(&row)?.scheme.unwrap_or_default())
}

/// A stored result's source: its name, or — for rows stored before schema 6, which
/// are never rewritten — 录入 (the grid), 命令行 (the CLI) or the imported file's name.
fn source_of(row: &AssessmentRow) -> (AssessmentSource, Option<String>) {
    if let Ok(source) = row.source.parse() {
        return (source, row.source_file.clone());
    }
    match row.source.as_str() {
        "录入" => (AssessmentSource::Grid, None),
        "命令行" => (AssessmentSource::Cli, None),
        file => (AssessmentSource::Import, Some(file.to_string())),
    }
}

fn view(
    row: &AssessmentRow,
    history: Vec<AssessmentRow>,
    a: &agreements::AgreementRow,
) -> Result<AssessmentView, CoreError> {
    let scheme: Scheme =
        serde_json::from_str(&row.scheme_json).map_err(|e| corrupt("考核方案", e))?;
    let score = decimal(&row.score)?;
    let history = history
        .iter()
        .map(|h| {
            let (source, source_file) = source_of(h);
            Ok(AssessmentVersion {
                version: h.version,
                score: decimal(&h.score)?,
                reason: h.reason.clone(),
                source,
                source_file,
                actor: h.actor.clone(),
                assessed_at: h.assessed_at.clone(),
            })
        })
        .collect::<Result<_, CoreError>>()?;
    let (source, source_file) = source_of(row);
    Ok(AssessmentView {
        number: a.number.clone(),
        signer_name: a.signer_name.clone(),
        employee_no: a.employee_no.clone(),
        department: a.department.clone(),
        year: a.year,
        title: a.title.clone(),
        version: row.version,
        score,
        lines: serde_json::from_str(&row.lines_json).map_err(|e| corrupt("考核明细", e))?,
        values: serde_json::from_str(&row.values_json).map_err(|e| corrupt("考核数据", e))?,
        adjustment: row.adjustment.as_deref().map(decimal).transpose()?,
        reason: row.reason.clone(),
        source,
        source_file,
        actor: row.actor.clone(),
        assessed_at: row.assessed_at.clone(),
        content_sha256: row.content_sha256.clone(),
        acknowledged_at: row.acknowledged_at.clone(),
        rewarded: scheme.reward_line.is_some_and(|l| score >= l),
        passed: score >= scheme.pass_line,
        reward_line: scheme.reward_line,
        pass_line: scheme.pass_line,
        history,
    })
}

impl Desk {
    /// The scheme of a template (its latest version unless `version` is given).
    pub fn template_scheme(&self, id: &str, version: Option<u32>) -> Result<Scheme, CoreError> {
        self.guard()?;
        let row = templates::version(self.archive.read(), id, version)?;
        scheme_of_version(self.archive.read(), row.id)
    }

    /// The scheme an agreement is scored against (its template version's).
    pub fn agreement_scheme(&self, number: &str) -> Result<Scheme, CoreError> {
        self.guard()?;
        let a = agreements::by_number(self.archive.read(), number)?;
        scheme_of_version(self.archive.read(), a.template_version_id)
    }

    /// An agreement's current result and its history; `not_assessed` when none.
    pub fn assessment(&self, number: &str) -> Result<AssessmentView, CoreError> {
        self.guard()?;
        self.view_of(number)
    }

    /// [`Desk::assessment`] without the kiosk guard, for the kiosk's own path.
    pub(crate) fn view_of(&self, number: &str) -> Result<AssessmentView, CoreError> {
        let conn = self.archive.read();
        let a = agreements::by_number(conn, number)?;
        let history = assessments::history(conn, a.id)?;
        let current = history.last().cloned().ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::NotAssessed,
                format!("协议 {} 还没有考核结果", a.number),
            )
        })?;
        view(&current, history, &a)
    }

    /// The grid of a ceremony: its signed, not voided agreements with their current
    /// results, and the items to enter.
    pub fn assessment_sheet(&self, ceremony_id: i64) -> Result<AssessSheet, CoreError> {
        self.guard()?;
        let conn = self.archive.read();
        let c = signdesk_archive::ceremonies::get(conn, ceremony_id)?;
        let scheme = scheme_of_version(conn, c.template_version_id)?;
        let mut rows = Vec::new();
        for e in signdesk_archive::ceremonies::roster(conn, ceremony_id)? {
            let (Some(id), signdesk_base::RosterStatus::Signed) = (e.agreement_id, e.status) else {
                continue;
            };
            let a = agreements::get(conn, id)?;
            let current = assessments::current(conn, id)?;
            let mut row = AssessSheetRow {
                number: a.number.clone(),
                name: a.signer_name.clone(),
                employee_no: a.employee_no.clone(),
                department: a.department.clone(),
                values: BTreeMap::new(),
                adjustment: None,
                score: None,
                lines: Vec::new(),
                version: None,
                source: None,
                source_file: None,
                acknowledged: false,
            };
            if let Some(cur) = current {
                let v = view(&cur, Vec::new(), &a)?;
                row.values = v.values;
                row.adjustment = v.adjustment;
                row.score = Some(v.score);
                row.lines = v.lines;
                row.version = Some(v.version);
                row.source = Some(v.source);
                row.source_file = v.source_file;
                row.acknowledged = v.acknowledged_at.is_some();
            }
            rows.push(row);
        }
        let template_id = templates::version_by_id(conn, c.template_version_id)?.slug;
        Ok(AssessSheet {
            ceremony_id,
            template_id,
            title: c.title,
            year: c.year,
            items: scheme.items(),
            scheme,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(source: &str, source_file: Option<&str>) -> AssessmentRow {
        AssessmentRow {
            id: 1,
            agreement_id: 1,
            number: "SD-2027-000001".into(),
            version: 1,
            scheme_json: String::new(),
            values_json: String::new(),
            adjustment: None,
            reason: String::new(),
            score: "95".into(),
            score_value: 95.0,
            lines_json: String::new(),
            source: source.into(),
            source_file: source_file.map(str::to_string),
            actor: String::new(),
            assessed_at: String::new(),
            content_sha256: String::new(),
            acknowledged_at: None,
        }
    }

    #[test]
    fn sources_read_by_name_and_as_stored_before_schema_6() {
        use AssessmentSource::*;
        let file = Some("成绩.xlsx".to_string());
        assert_eq!(source_of(&stored("grid", None)), (Grid, None));
        assert_eq!(
            source_of(&stored("import", Some("成绩.xlsx"))),
            (Import, file.clone())
        );
        assert_eq!(source_of(&stored("cli", None)), (Cli, None));
        assert_eq!(source_of(&stored("录入", None)), (Grid, None));
        assert_eq!(source_of(&stored("命令行", None)), (Cli, None));
        assert_eq!(source_of(&stored("成绩.xlsx", None)), (Import, file));
    }
}
