//! `parse` on real files: fixtures written by Excel-like tools and by LibreOffice,
//! and hostile inputs built here.
//!
//! One test binary (`cargo test -p signdesk-roster --test parse`): `csv` (text files:
//! encodings, columns, lines, row errors), `xlsx` (workbooks read as calamine reads
//! them), `refusals` (files refused whole: empty, huge, unsupported, too many rows,
//! damaged or hostile workbooks), `props` (property tests); `workbook` builds the
//! workbooks, from the real LibreOffice one.

use signdesk_roster::{RosterPreview, RowErrorKind};

mod csv;
mod props;
mod refusals;
mod workbook;
mod xlsx;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `(line, name, employee_no, department, position)` of every row.
fn rows(p: &RosterPreview) -> Vec<(u32, &str, Option<&str>, &str, &str)> {
    p.rows
        .iter()
        .map(|r| {
            (
                r.line,
                r.name.as_str(),
                r.employee_no.as_deref(),
                r.department.as_str(),
                r.position.as_str(),
            )
        })
        .collect()
}

fn kinds(p: &RosterPreview) -> Vec<(u32, Vec<RowErrorKind>)> {
    p.rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(|r| (r.line, r.errors.iter().map(|e| e.kind).collect()))
        .collect()
}
