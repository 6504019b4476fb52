//! Results from a spreadsheet: a CSV or .xlsx (read like a roster, with its limits and
//! encodings) with a 姓名 and/or 工号 column and a column per scheme item, headed by
//! the item's label (安全责任, 事故情况, 安检考核基准线 …). Each row is matched to one of
//! the year's signed, not voided agreements — by 工号 when the row has one, else by
//! 姓名 when exactly one agreement has that name — and scored. Saved only when every
//! row is matched and right: one wrong row and nothing is saved (the roster's rule).
//! Every row is a step of the import's job while checked and again while stored, in
//! one transaction: 取消 stores nothing.
//!
//! - `sheet.rs` — the header, the columns, a row's values;
//! - `matching.rs` — which agreement a row means.

mod matching;
mod sheet;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use signdesk_archive::assessments::{self, Candidate};
use signdesk_archive::{Connection, NewAssessment};
use signdesk_assess::{Scheme, Value};
use signdesk_base::{AssessmentSource, ErrorKind, Job, WorkStage, Year};
use signdesk_roster::table::Record;
use ts_rs::TS;

use super::record::{prepare, store, Origin};
use super::{scheme_of_version, AssessInput};
use crate::error::nothing_saved;
use crate::{CoreError, Desk};
use matching::Index;
use sheet::Sheet;

/// A row naming nobody among the year's agreements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportUnmatched {
    /// The row's number as the spreadsheet program shows it.
    pub line: u32,
    pub name: String,
    pub employee_no: String,
    pub message: String,
}

/// A row that was matched but cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportRowError {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessImport {
    /// Results stored (0 unless `saved`).
    pub assessed: u32,
    /// Rows matched and right that would be stored (as many as `assessed` once saved).
    pub ready: u32,
    /// Rows equal to the current result (nothing to store).
    pub unchanged: u32,
    /// Rows with a person but no value yet (left unassessed).
    pub skipped: u32,
    pub unmatched: Vec<ImportUnmatched>,
    pub errors: Vec<ImportRowError>,
    /// How the file was read, columns ignored.
    pub notes: Vec<String>,
    /// Whether anything was stored: only when asked to and nothing is wrong.
    pub saved: bool,
}

/// What the 姓名 cell of a spreadsheet's summary row says.
const SUMMARY_ROWS: &[&str] = &["合计", "总计", "小计", "平均", "平均分", "合计人数"];

fn rejected(message: String) -> CoreError {
    CoreError::invalid(ErrorKind::AssessImportRejected, message)
}

/// What became of one row.
enum Row {
    /// The sheet's own 合计 or 平均分 row: a note, not a result.
    Summary(String),
    Unmatched(ImportUnmatched),
    Wrong(ImportRowError),
    /// A person with nothing entered (left unassessed).
    Empty,
    /// The same values as the current result.
    Unchanged,
    /// Checked and scored: the agreement's number and the row to store.
    Ready(Box<(String, NewAssessment)>),
}

/// Checks rows against the year's agreements and their schemes.
struct Checker<'a> {
    conn: &'a Connection,
    sheet: &'a Sheet<'a>,
    index: Index<'a>,
    schemes: BTreeMap<i64, Scheme>,
    year: i32,
    reason: &'a str,
    origin: Origin<'a>,
    actor: &'a str,
    /// Agreement id → the line that named it first.
    seen: BTreeMap<i64, u32>,
}

impl Checker<'_> {
    fn check(&mut self, rec: &Record) -> Row {
        let line = rec.line;
        let (name, employee_no) = self.sheet.person(rec);
        // A sheet's own summary rows (合计, 平均分 …) name nobody and are not results.
        if employee_no.is_empty() && SUMMARY_ROWS.contains(&name.as_str()) {
            return Row::Summary(format!("第 {line} 行是“{name}”行，未读取"));
        }
        let wrong = |message: String| Row::Wrong(ImportRowError { line, message });
        let c = match self.index.find(&name, &employee_no, self.year) {
            Ok(c) => c,
            Err((true, message)) => {
                return Row::Unmatched(ImportUnmatched {
                    line,
                    name,
                    employee_no,
                    message,
                })
            }
            Err((false, message)) => return wrong(message),
        };
        if let Some(first) = self.seen.insert(c.agreement_id, line) {
            return wrong(format!(
                "{} 与第 {first} 行是同一份协议（{}）",
                c.signer_name, c.number
            ));
        }
        let values = match self
            .sheet
            .values(&self.schemes[&c.template_version_id], rec)
        {
            Ok(values) => values,
            Err(bad) => return wrong(format!("{}：{}", c.signer_name, bad.join("；"))),
        };
        if values.values().all(|v| matches!(v, Value::Count(0))) {
            return Row::Empty;
        }
        let input = AssessInput {
            number: c.number.clone(),
            values,
            adjustment: None,
            reason: self.reason.to_string(),
        };
        match prepare(
            self.conn,
            &input,
            self.origin,
            self.actor,
            &mut self.schemes,
        ) {
            Ok(Some(ready)) => Row::Ready(Box::new(ready)),
            Ok(None) => Row::Unchanged,
            Err(e) => wrong(e.to_string()),
        }
    }
}

/// The year's signed, not voided agreements (of one template when given) and the
/// scheme of each of their template versions.
fn year_agreements(
    conn: &Connection,
    year: i32,
    template: Option<&str>,
) -> Result<(Vec<Candidate>, BTreeMap<i64, Scheme>), CoreError> {
    if let Some(t) = template {
        signdesk_archive::templates::version(conn, t, None)?;
    }
    let candidates = assessments::candidates(conn, year, template)?;
    if candidates.is_empty() {
        return Err(rejected(format!(
            "{year} 年没有已签署（未作废）的协议可以考核"
        )));
    }
    let mut schemes = BTreeMap::new();
    for c in &candidates {
        if let std::collections::btree_map::Entry::Vacant(e) = schemes.entry(c.template_version_id)
        {
            e.insert(scheme_of_version(conn, c.template_version_id)?);
        }
    }
    Ok((candidates, schemes))
}

/// What the window asks of a results import, beside the file it staged first
/// (`Desk::stage_upload`: a request with a raw body cannot also carry the progress
/// channel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessImportRequest {
    /// The staged file's token.
    pub upload: String,
    pub year: i32,
    /// Only this template's agreements (the grid's ceremony's); `None` for all.
    pub template: Option<String>,
    /// Why, when rows change earlier results.
    pub reason: String,
    /// Store the rows (all or none) rather than only check them.
    pub save: bool,
}

/// A results file and the agreements it is for.
#[derive(Debug, Clone, Copy)]
pub struct ResultsFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    /// The agreements' year.
    pub year: Year,
    /// Only agreements of this template (the grid imports for its ceremony's).
    pub template: Option<&'a str>,
}

impl Desk {
    /// Reads results from a CSV/.xlsx for the agreements of the file's year (and
    /// template, when given) and, when `save` and nothing is wrong, stores them in one
    /// transaction. `reason` is needed when rows change earlier results. Each row is a
    /// step of `job` while checked (`Import`) and while stored (`Store`); 取消 stores
    /// nothing.
    pub fn import_assessments(
        &mut self,
        file: ResultsFile<'_>,
        reason: &str,
        save: bool,
        job: &Job,
    ) -> Result<AssessImport, CoreError> {
        self.guard()?;
        self.import_rows(file, reason, save, job)
            .map_err(nothing_saved)
    }

    fn import_rows(
        &mut self,
        file: ResultsFile<'_>,
        reason: &str,
        save: bool,
        job: &Job,
    ) -> Result<AssessImport, CoreError> {
        let (file_name, year) = (file.name, file.year.get());
        job.step(WorkStage::Import, 0, 0, file_name)?;
        let table = signdesk_roster::read_table(file_name, file.bytes).map_err(CoreError::from)?;
        let conn = self.archive.read();
        let (candidates, schemes) = year_agreements(conn, year, file.template)?;
        let mut out = AssessImport {
            assessed: 0,
            ready: 0,
            unchanged: 0,
            skipped: 0,
            unmatched: Vec::new(),
            errors: Vec::new(),
            notes: table.notes.clone(),
            saved: false,
        };
        out.notes.insert(0, format!("读取方式：{}", table.encoding));
        let sheet = Sheet::read(&table, &schemes, &mut out.notes)?;
        let mut checker = Checker {
            conn,
            sheet: &sheet,
            index: Index::new(&candidates),
            schemes,
            year,
            reason,
            origin: Origin {
                source: AssessmentSource::Import,
                file: Some(file_name),
            },
            actor: &self.actor,
            seen: BTreeMap::new(),
        };
        let total = sheet.rows.len() as u64;
        let mut prepared = Vec::new();
        for (i, rec) in sheet.rows.iter().enumerate() {
            let (name, _) = sheet.person(rec);
            job.step(
                WorkStage::Import,
                i as u64,
                total,
                &format!("第 {} 行 {name}", rec.line),
            )?;
            match checker.check(rec) {
                Row::Summary(note) => out.notes.push(note),
                Row::Unmatched(u) => out.unmatched.push(u),
                Row::Wrong(e) => out.errors.push(e),
                Row::Empty => out.skipped += 1,
                Row::Unchanged => out.unchanged += 1,
                Row::Ready(ready) => prepared.push(*ready),
            }
        }
        out.ready = prepared.len() as u32;
        if !save || !out.errors.is_empty() || !out.unmatched.is_empty() {
            return Ok(out);
        }
        self.archive.write(|tx| store(tx, &prepared, job))?;
        out.assessed = prepared.len() as u32;
        out.saved = true;
        Ok(out)
    }
}
