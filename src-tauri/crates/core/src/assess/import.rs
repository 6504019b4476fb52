//! Results from a spreadsheet: a CSV or .xlsx (read like a roster, with its limits and
//! encodings) with a 姓名 and/or 工号 column and a column per scheme item, headed by
//! the item's label (安全责任, 事故情况, 安检考核基准线 …). Each row is matched to one of
//! the year's signed, not voided agreements — by 工号 when the row has one, else by
//! 姓名 when exactly one agreement has that name — and scored. Saved only when every
//! row is matched and right: one wrong row and nothing is saved (the roster's rule).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use signdesk_archive::assessments::{self, Candidate};
use signdesk_assess::entry::{as_percent, fractions_as_percent, header_key};
use signdesk_assess::{read_cell, ItemKind, Scheme, Value};
use signdesk_base::{AssessmentSource, ErrorKind, Year};
use signdesk_roster::{header_field, table::HEADER_SEARCH, Field};
use ts_rs::TS;

use super::record::{prepare, store, Origin};
use super::{scheme_of_version, AssessInput};
use crate::{CoreError, Desk};

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

/// Where the header is and which column holds what.
struct Layout {
    header: usize,
    name: Option<usize>,
    employee_no: Option<usize>,
    /// Column index → its normalised header, for columns that name a scheme item.
    items: Vec<(usize, String)>,
}

fn layout(
    records: &[signdesk_roster::table::Record],
    schemes: &BTreeMap<i64, Scheme>,
    notes: &mut Vec<String>,
) -> Result<Layout, CoreError> {
    let (header, rec) = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(HEADER_SEARCH)
        .find(|(_, r)| {
            r.cells
                .iter()
                .any(|c| matches!(header_field(c), Some(Field::Name | Field::EmployeeNo)))
        })
        .ok_or_else(|| rejected("表中找不到表头：需要“姓名”或“工号”列，以及各考核项的列".into()))?;
    let mut l = Layout {
        header,
        name: None,
        employee_no: None,
        items: Vec::new(),
    };
    let mut ignored = Vec::new();
    for (i, cell) in rec.cells.iter().enumerate() {
        match header_field(cell) {
            Some(Field::Name) if l.name.is_none() => l.name = Some(i),
            Some(Field::EmployeeNo) if l.employee_no.is_none() => l.employee_no = Some(i),
            Some(Field::Department | Field::Position) => {}
            _ if schemes.values().any(|s| s.item_for_header(cell).is_some()) => {
                let key = header_key(cell);
                if l.items.iter().any(|(_, k)| *k == key) {
                    return Err(rejected(format!("表头“{}”出现了两次", cell.trim())));
                }
                l.items.push((i, key));
            }
            _ if cell.trim().is_empty() => {}
            _ => ignored.push(cell.trim().to_string()),
        }
    }
    if l.items.is_empty() {
        let labels: Vec<String> = schemes
            .values()
            .flat_map(|s| s.items())
            .map(|i| i.label)
            .collect();
        return Err(rejected(format!(
            "表中没有考核项的列；列名应为考核方案中的项目：{}",
            labels.join("、")
        )));
    }
    if !ignored.is_empty() {
        notes.push(format!("以下列不是考核项，未读取：{}", ignored.join("、")));
    }
    Ok(l)
}

/// The year's agreements by 工号 and by 姓名, to match rows without a scan per row.
struct Index<'a> {
    by_no: HashMap<&'a str, Vec<&'a Candidate>>,
    by_name: HashMap<&'a str, Vec<&'a Candidate>>,
}

impl<'a> Index<'a> {
    fn new(candidates: &'a [Candidate]) -> Index<'a> {
        let mut ix = Index {
            by_no: HashMap::new(),
            by_name: HashMap::new(),
        };
        for c in candidates {
            if let Some(no) = c.employee_no.as_deref() {
                ix.by_no.entry(no).or_default().push(c);
            }
            ix.by_name
                .entry(c.signer_name.as_str())
                .or_default()
                .push(c);
        }
        ix
    }

    /// Which agreement a row means; `Err((true, why))` when it names nobody,
    /// `Err((false, why))` when it is wrong.
    fn find(
        &self,
        name: &str,
        employee_no: &str,
        year: i32,
    ) -> Result<&'a Candidate, (bool, String)> {
        let unmatched = |m: String| Err((true, m));
        let wrong = |m: String| Err((false, m));
        let found: &[&Candidate] = if !employee_no.is_empty() {
            let Some(by_no) = self.by_no.get(employee_no) else {
                return unmatched(format!("工号 {employee_no} 在 {year} 年没有已签署的协议"));
            };
            if !name.is_empty() && by_no[0].signer_name != name {
                return wrong(format!(
                    "工号 {employee_no} 是“{}”的，不是“{name}”",
                    by_no[0].signer_name
                ));
            }
            by_no
        } else if !name.is_empty() {
            let Some(by_name) = self.by_name.get(name) else {
                return unmatched(format!("“{name}”在 {year} 年没有已签署的协议"));
            };
            let people: std::collections::BTreeSet<_> =
                by_name.iter().map(|c| c.employee_no.clone()).collect();
            if people.len() > 1 {
                return wrong(format!("“{name}”有 {} 人同名，请填写工号", people.len()));
            }
            by_name
        } else {
            return wrong("姓名和工号都是空的".into());
        };
        if found.len() > 1 {
            let numbers: Vec<&str> = found.iter().map(|c| c.number.as_str()).collect();
            return wrong(format!(
                "{} 在 {year} 年有 {} 份协议（{}），请指定模板",
                found[0].signer_name,
                found.len(),
                numbers.join("、")
            ));
        }
        Ok(found[0])
    }
}

impl Desk {
    /// Reads results from a CSV/.xlsx for the agreements of `year` (of one template
    /// when `template` is given) and, when `save` and nothing is wrong, stores them in
    /// one transaction. `reason` is needed when rows change earlier results.
    pub fn import_assessments(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        year: Year,
        template: Option<&str>,
        reason: &str,
        save: bool,
    ) -> Result<AssessImport, CoreError> {
        self.guard()?;
        let table = signdesk_roster::read_table(file_name, bytes)
            .map_err(|e| CoreError::invalid(e.kind(), e.to_string()))?;
        let conn = self.archive.read();
        if let Some(t) = template {
            signdesk_archive::templates::version(conn, t, None)?;
        }
        let year = year.get();
        let candidates = assessments::candidates(conn, year, template)?;
        if candidates.is_empty() {
            return Err(rejected(format!(
                "{year} 年没有已签署（未作废）的协议可以考核"
            )));
        }
        let mut schemes = BTreeMap::new();
        for c in &candidates {
            if let std::collections::btree_map::Entry::Vacant(e) =
                schemes.entry(c.template_version_id)
            {
                e.insert(scheme_of_version(conn, c.template_version_id)?);
            }
        }
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
        let l = layout(&table.records, &schemes, &mut out.notes)?;
        let data = &table.records[l.header + 1..];
        let fractions: BTreeMap<usize, bool> = l
            .items
            .iter()
            .map(|(col, _)| {
                let cells: Vec<&str> = data
                    .iter()
                    .map(|r| r.cells.get(*col).map(String::as_str).unwrap_or(""))
                    .collect();
                (*col, fractions_as_percent(&cells))
            })
            .collect();
        let cell = |r: &signdesk_roster::table::Record, i: Option<usize>| -> String {
            i.and_then(|i| r.cells.get(i))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let index = Index::new(&candidates);
        let actor = self.actor.clone();
        let mut seen: BTreeMap<i64, u32> = BTreeMap::new();
        let mut prepared = Vec::new();
        for rec in data.iter().filter(|r| !r.is_blank()) {
            let line = rec.line;
            let name = signdesk_roster::clean_name(&cell(rec, l.name));
            let employee_no = signdesk_roster::clean_employee_no(&cell(rec, l.employee_no));
            // A sheet's own summary rows (合计, 平均分 …) name nobody and are not results.
            if employee_no.is_empty() && SUMMARY_ROWS.contains(&name.as_str()) {
                out.notes.push(format!("第 {line} 行是“{name}”行，未读取"));
                continue;
            }
            let c = match index.find(&name, &employee_no, year) {
                Ok(c) => c,
                Err((true, message)) => {
                    out.unmatched.push(ImportUnmatched {
                        line,
                        name,
                        employee_no,
                        message,
                    });
                    continue;
                }
                Err((false, message)) => {
                    out.errors.push(ImportRowError { line, message });
                    continue;
                }
            };
            if let Some(first) = seen.insert(c.agreement_id, line) {
                out.errors.push(ImportRowError {
                    line,
                    message: format!(
                        "{} 与第 {first} 行是同一份协议（{}）",
                        c.signer_name, c.number
                    ),
                });
                continue;
            }
            let scheme = &schemes[&c.template_version_id];
            let mut values = BTreeMap::new();
            let mut bad = Vec::new();
            for item in scheme.items() {
                let col = l
                    .items
                    .iter()
                    .find(|(_, k)| {
                        *k == header_key(&item.label) || k.eq_ignore_ascii_case(&item.key)
                    })
                    .map(|(col, _)| *col);
                let Some(col) = col else { continue };
                match read_cell(scheme, &item, &cell(rec, Some(col))) {
                    Ok(Some(v)) => {
                        let v = match (item.kind, fractions[&col]) {
                            (ItemKind::Target, true) => as_percent(v),
                            _ => v,
                        };
                        values.insert(item.key.clone(), v);
                    }
                    Ok(None) => {}
                    Err(m) => bad.push(m.0),
                }
            }
            if !bad.is_empty() {
                out.errors.push(ImportRowError {
                    line,
                    message: format!("{}：{}", c.signer_name, bad.join("；")),
                });
                continue;
            }
            if values.values().all(|v| matches!(v, Value::Count(0))) {
                out.skipped += 1;
                continue;
            }
            let input = AssessInput {
                number: c.number.clone(),
                values,
                adjustment: None,
                reason: reason.to_string(),
            };
            let origin = Origin {
                source: AssessmentSource::Import,
                file: Some(file_name),
            };
            match prepare(conn, &input, origin, &actor, &mut schemes) {
                Ok(Some(row)) => prepared.push(row),
                Ok(None) => out.unchanged += 1,
                Err(e) => out.errors.push(ImportRowError {
                    line,
                    message: e.to_string(),
                }),
            }
        }
        out.ready = prepared.len() as u32;
        if !save || !out.errors.is_empty() || !out.unmatched.is_empty() {
            return Ok(out);
        }
        self.archive.write(|tx| store(tx, &prepared))?;
        out.assessed = prepared.len() as u32;
        out.saved = true;
        Ok(out)
    }
}
