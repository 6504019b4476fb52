//! Staff roster import: a CSV or .xlsx staff list becomes a checked *preview*.
//!
//! Nothing here touches the archive. The organiser sees every row with its problems
//! (in Chinese, pointing at the line in their own file) and fixes the file; only a
//! preview without errors may be saved, all rows at once (see `signdesk-core`). Input
//! is untrusted: sizes, row counts and the zip inside an .xlsx are bounded before any
//! real work, and no input makes [`parse`] panic (a property test checks).

mod checks;
mod csv;
mod decode;
mod error;
mod header;
pub mod table;
mod xlsx;

use serde::Serialize;

pub use checks::{
    clean_employee_no, clean_name, RosterRow, RowError, RowErrorKind, MAX_EMPLOYEE_NO_CHARS,
    MAX_NAME_CHARS, MAX_TEXT_CHARS,
};
pub use error::RosterError;
pub use header::{field_of as header_field, Field};
pub use xlsx::{MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};

/// Largest roster file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most people in one roster (data rows after the header).
pub const MAX_ROWS: usize = 20_000;

/// A problem with the file as a whole that still allows a preview but forbids saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub kind: signdesk_base::RosterIssueKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterPreview {
    /// How the file was read: `UTF-8`, `UTF-8（带 BOM）`, `GBK/GB18030`, `UTF-16`,
    /// `Excel (.xlsx)`.
    pub encoding: String,
    pub header_line: u32,
    pub rows: Vec<RosterRow>,
    /// Rows with at least one error.
    pub errors_count: u32,
    pub file_errors: Vec<FileError>,
    /// Things worth knowing that are not errors (ignored columns, other sheets …).
    pub notes: Vec<String>,
}

impl RosterPreview {
    /// Whether every row may be saved.
    pub fn is_clean(&self) -> bool {
        self.errors_count == 0 && self.file_errors.is_empty()
    }
}

enum Kind {
    Csv,
    Xlsx,
}

fn kind_of(file_name: &str, bytes: &[u8]) -> Result<Kind, RosterError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let unsupported = |hint| RosterError::UnsupportedType {
        name: file_name.to_string(),
        hint,
    };
    const XLS: &str = "旧版 Excel（.xls）或 WPS 表格格式不支持，请另存为 .xlsx 或 CSV";
    // The content decides over the name where they disagree in a way we can read.
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(unsupported(XLS));
    }
    let zip = bytes.starts_with(b"PK\x03\x04");
    match ext.as_str() {
        "xlsx" | "xlsm" => Ok(Kind::Xlsx),
        "csv" | "txt" | "tsv" if zip => Ok(Kind::Xlsx),
        "csv" | "txt" | "tsv" if bytes.starts_with(b"%PDF") => {
            Err(unsupported("文件内容是 PDF，不是 CSV"))
        }
        "csv" | "txt" | "tsv" => Ok(Kind::Csv),
        "xls" | "et" | "ett" => Err(unsupported(XLS)),
        _ => Err(unsupported(
            "请使用 CSV（.csv）或 Excel（.xlsx）文件，第一行为表头：姓名、工号、部门、岗位",
        )),
    }
}

/// Reads a CSV or .xlsx file into records of text cells, with the same limits and
/// encodings as a roster (for other tables keyed by 姓名/工号, such as assessment
/// results).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<table::Table, RosterError> {
    if bytes.is_empty() {
        return Err(RosterError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(RosterError::TooLarge { size: bytes.len() });
    }
    match kind_of(file_name, bytes)? {
        Kind::Csv => csv::read(bytes),
        Kind::Xlsx => xlsx::read(bytes),
    }
}

/// Reads a roster file into a preview. File-level failures are errors; problems
/// with single rows are in the preview.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<RosterPreview, RosterError> {
    if bytes.is_empty() {
        return Err(RosterError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(RosterError::TooLarge { size: bytes.len() });
    }
    let table = match kind_of(file_name, bytes)? {
        Kind::Csv => csv::read(bytes)?,
        Kind::Xlsx => xlsx::read(bytes)?,
    };
    let cols = header::find(&table.records)?;
    let data = &table.records[cols.index + 1..];
    if data.len() > MAX_ROWS {
        return Err(RosterError::TooManyRows);
    }
    if data.is_empty() {
        return Err(RosterError::NoRows {
            header_line: cols.line,
        });
    }
    let cell = |cells: &[String], i: Option<usize>| {
        i.and_then(|i| cells.get(i)).cloned().unwrap_or_default()
    };
    let mut rows: Vec<RosterRow> = data
        .iter()
        .map(|rec| {
            checks::row(
                rec.line,
                [
                    (Field::Name, cell(&rec.cells, Some(cols.name))),
                    (Field::EmployeeNo, cell(&rec.cells, cols.employee_no)),
                    (Field::Department, cell(&rec.cells, cols.department)),
                    (Field::Position, cell(&rec.cells, cols.position)),
                ],
            )
        })
        .collect();
    checks::cross_row(&mut rows);

    let mut file_errors: Vec<FileError> = table
        .problems
        .into_iter()
        .map(|(kind, message)| FileError { kind, message })
        .collect();
    for (field, header) in &cols.duplicates {
        file_errors.push(FileError {
            kind: signdesk_base::RosterIssueKind::DuplicateColumn,
            message: format!(
                "表头中有两列都是{}（「{header}」），无法确定用哪一列；请删除多余的一列",
                field.label()
            ),
        });
    }
    let mut notes = table.notes;
    if cols.index > 0 {
        notes.push(format!(
            "表头在第 {} 行，之前的 {} 行（标题等）已跳过",
            cols.line, cols.index
        ));
    }
    if !cols.ignored.is_empty() {
        notes.push(format!("未识别的列已忽略：{}", cols.ignored.join("、")));
    }
    if cols.employee_no.is_none() {
        notes.push("没有工号列：人员按姓名和部门识别，来年再导入时同名同部门视为同一人".into());
    }
    for (f, c) in [
        (Field::Department, cols.department),
        (Field::Position, cols.position),
    ] {
        if c.is_none() {
            notes.push(format!("没有{}列", f.label()));
        }
    }
    let errors_count = rows.iter().filter(|r| !r.errors.is_empty()).count() as u32;
    Ok(RosterPreview {
        encoding: table.encoding,
        header_line: cols.line,
        rows,
        errors_count,
        file_errors,
        notes,
    })
}
