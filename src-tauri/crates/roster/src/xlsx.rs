//! .xlsx through calamine, first sheet only — after a safety pass of our own.
//!
//! An .xlsx is a zip. calamine inflates whatever the archive says, so a crafted file
//! of a few kilobytes (a "zip bomb") could make it allocate gigabytes. Before calamine
//! sees the bytes, every entry is inflated here through a reader capped at the limits
//! below: the real sizes are measured, not the sizes the archive claims. Entry names
//! that climb out of the archive (`../`, absolute paths) or repeat are refused too —
//! no spreadsheet program writes them, so such a file was made to attack something.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use crate::table::{Record, Table, HEADER_SEARCH, MAX_CELLS};
use crate::{RosterError, MAX_ROWS};

/// Inflated size of one entry; a 20,000-row sheet is a few megabytes.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Inflated size of all entries together.
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 2_000;

pub fn read(bytes: &[u8]) -> Result<Table, RosterError> {
    check_archive(bytes)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(corrupt)?;
    let names = book.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Err(RosterError::CorruptXlsx {
            detail: "文件中没有工作表".into(),
        });
    };
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| RosterError::CorruptXlsx {
            detail: "文件中没有工作表".into(),
        })?
        .map_err(corrupt)?;
    let mut table = Table {
        encoding: "Excel (.xlsx)".into(),
        ..Table::default()
    };
    if names.len() > 1 {
        table.notes.push(format!(
            "只读取了第一个工作表「{first}」，其余 {} 个工作表未读取",
            names.len() - 1
        ));
    }
    let first_row = range.start().map_or(0, |(r, _)| r);
    let limit = MAX_ROWS + HEADER_SEARCH + 1;
    for (i, row) in range.rows().enumerate() {
        let rec = Record {
            line: first_row.saturating_add(i as u32).saturating_add(1),
            cells: row.iter().take(MAX_CELLS).map(cell_text).collect(),
        };
        if rec.is_blank() {
            continue;
        }
        if table.records.len() >= limit {
            return Err(RosterError::TooManyRows);
        }
        table.records.push(rec);
    }
    if table.records.is_empty() {
        return Err(RosterError::Empty);
    }
    Ok(table)
}

fn corrupt(e: impl std::fmt::Display) -> RosterError {
    RosterError::CorruptXlsx {
        detail: e.to_string(),
    }
}

/// Numbers typed into Excel come back as floats: employee number 1001 is `1001.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Inflates every entry through a capped reader; refuses bombs and escaping names.
fn check_archive(bytes: &[u8]) -> Result<(), RosterError> {
    let unsafe_ = |detail: String| RosterError::UnsafeXlsx { detail };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RosterError::CorruptXlsx {
            detail: format!("不是有效的 .xlsx（zip）文件（{e}）"),
        })?;
    if zip.len() > MAX_ENTRIES {
        return Err(unsafe_(format!("包含 {} 个内部文件，过多", zip.len())));
    }
    let mut seen = std::collections::HashSet::new();
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(corrupt)?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if escapes(&name) {
            return Err(unsafe_(format!("内部文件名「{name}」指向压缩包之外")));
        }
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(unsafe_(format!("内部文件「{name}」重复出现")));
        }
        let mut capped = (&mut entry).take(MAX_ENTRY_BYTES + 1);
        let mut size: u64 = 0;
        loop {
            let n = capped.read(&mut buf).map_err(corrupt)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES {
                return Err(unsafe_(format!(
                    "解压后过大（超过 {} MB），疑似压缩炸弹",
                    if size > MAX_ENTRY_BYTES {
                        MAX_ENTRY_BYTES
                    } else {
                        MAX_TOTAL_BYTES
                    } / 1024
                        / 1024
                )));
            }
        }
    }
    Ok(())
}

fn escapes(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.starts_with('/')
        || n.as_bytes().get(1) == Some(&b':')
        || n.split('/').any(|part| part == "..")
        || n.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_names() {
        assert!(escapes("../evil"));
        assert!(escapes("xl/../../evil"));
        assert!(escapes("..\\evil"));
        assert!(escapes("/etc/passwd"));
        assert!(escapes("C:/x"));
        assert!(!escapes("xl/worksheets/sheet1.xml"));
        assert!(!escapes("xl/..sheet.xml"));
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(1001.0)), "1001");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
