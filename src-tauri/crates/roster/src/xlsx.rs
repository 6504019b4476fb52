//! .xlsx through calamine, first sheet only — after a safety pass of our own.
//!
//! An .xlsx is a zip. calamine inflates whatever the archive says, so a crafted file
//! of a few kilobytes (a "zip bomb") could make it allocate gigabytes. Before calamine
//! sees the bytes, every entry is inflated here through a reader capped at the limits
//! below: the real sizes are measured, not the sizes the archive claims. Entry names
//! that climb out of the archive (`../`, absolute paths) or repeat are refused too —
//! no spreadsheet program writes them, so such a file was made to attack something.
//! The sheet is then streamed cell by cell rather than read as calamine's range (its
//! bounding box, allocated whole), so memory follows the cells that are there.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx, XlsxError};

use crate::table::{Record, Table, HEADER_SEARCH, MAX_CELLS};
use crate::{RosterError, MAX_ROWS};

/// Inflated size of one entry; a 20,000-row sheet is a few megabytes.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Inflated size of all entries together.
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 2_000;
/// Text of all the cells read from the sheet (a full roster has about a megabyte).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

pub fn read(bytes: &[u8]) -> Result<Table, RosterError> {
    check_archive(bytes)?;
    // calamine 0.38 computes cell positions without overflow checks (a dimension
    // `B1:A1`, a column of twenty letters): in release builds the numbers wrap, which
    // streaming the cells makes harmless (see `read_sheet`), but where overflow checks
    // are on (debug builds, tests) calamine panics. A file it cannot read is a broken
    // file, never a crash.
    let (names, sheet) = std::panic::catch_unwind(|| read_book(bytes)).unwrap_or_else(|_| {
        Err(RosterError::CorruptXlsx {
            reason: "表格中有无效的单元格位置",
            detail: "calamine panicked on a cell position".into(),
        })
    })?;
    if sheet.rows.is_empty() {
        return Err(RosterError::Empty);
    }
    let first = &names[0];
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
    // As a grid from the leftmost used column, as the user sees the sheet: at most
    // MAX_CELLS columns, the same number of cells in every row.
    let width = (sheet.col_end - sheet.col_start).saturating_add(1) as usize;
    let width = width.min(MAX_CELLS);
    for (row, cells) in sheet.rows {
        let mut rec = Record {
            line: row.saturating_add(1),
            cells: vec![String::new(); width],
        };
        for (col, text) in cells {
            if let Some(slot) = rec.cells.get_mut((col - sheet.col_start) as usize) {
                *slot = text;
            }
        }
        if !rec.is_blank() {
            table.records.push(rec);
        }
    }
    if table.records.is_empty() {
        return Err(RosterError::Empty);
    }
    Ok(table)
}

/// The workbook's sheet names (at least one) and the first sheet's cells.
fn read_book(bytes: &[u8]) -> Result<(Vec<String>, Sheet), RosterError> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = book.sheet_names();
    let Some(first) = names.first() else {
        return Err(RosterError::CorruptXlsx {
            reason: "文件中没有工作表",
            detail: String::new(),
        });
    };
    let sheet = read_sheet(&mut book, first)?;
    Ok((names, sheet))
}

/// The non-blank cells of one sheet, by row, each row's cells by column.
struct Sheet {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    col_start: u32,
    col_end: u32,
}

/// Streams the sheet's cells instead of asking calamine for the sheet as a range: a
/// range is the bounding box of the used cells, rows × columns, allocated whole, so a
/// sheet of a few hundred bytes with one cell in A1 and one in XFD1048576 asks for
/// 17 billion cells and the process aborts. Here memory follows the cells that are
/// really there, and is bounded: rows by the roster's row limit, each row by its
/// [`MAX_CELLS`] leftmost cells (the only ones a grid from the leftmost used column
/// could show), and the text by [`MAX_TEXT_BYTES`] (a long shared string referenced by
/// every cell would otherwise be copied once per cell).
fn read_sheet(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Sheet, RosterError> {
    let mut sheet = Sheet {
        rows: BTreeMap::new(),
        col_start: u32::MAX,
        col_end: 0,
    };
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet first: no cells, as calamine's own range reading treats it.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(sheet),
        Err(e) => return Err(unreadable(e)),
    };
    let limit = MAX_ROWS + HEADER_SEARCH + 1;
    let mut text_bytes = 0usize;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.trim().is_empty() {
            continue;
        }
        text_bytes += text.len();
        if text_bytes > MAX_TEXT_BYTES {
            return Err(RosterError::UnsafeXlsx {
                detail: format!(
                    "表格中的文字展开后过多（超过 {} MB），疑似恶意构造的文件",
                    MAX_TEXT_BYTES / 1024 / 1024
                ),
            });
        }
        sheet.col_start = sheet.col_start.min(col);
        sheet.col_end = sheet.col_end.max(col);
        if !sheet.rows.contains_key(&row) && sheet.rows.len() >= limit {
            return Err(RosterError::TooManyRows);
        }
        let cells = sheet.rows.entry(row).or_default();
        // The same cell twice: the later one counts, as in calamine's range.
        cells.retain(|(c, _)| *c != col);
        cells.push((col, text));
        if cells.len() > MAX_CELLS {
            cells.sort_unstable_by_key(|(c, _)| *c);
            if let Some((_, dropped)) = cells.pop() {
                text_bytes -= dropped.len();
            }
        }
    }
    Ok(sheet)
}

/// A workbook calamine cannot read: our reason, its words kept for the log.
fn unreadable(e: impl std::fmt::Display) -> RosterError {
    RosterError::CorruptXlsx {
        reason: "表格内容无法读取，文件可能已损坏",
        detail: e.to_string(),
    }
}

/// An entry of the zip that cannot be inflated.
fn damaged(e: impl std::fmt::Display) -> RosterError {
    RosterError::CorruptXlsx {
        reason: "文件中有内容无法解压，文件可能已损坏",
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
            reason: "文件已损坏，或者它不是 .xlsx 文件（旧的 .xls 文件请先另存为 .xlsx）",
            detail: e.to_string(),
        })?;
    if zip.len() > MAX_ENTRIES {
        return Err(unsafe_(format!("包含 {} 个内部文件，过多", zip.len())));
    }
    let mut seen = std::collections::HashSet::new();
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(damaged)?;
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
            let n = capped.read(&mut buf).map_err(damaged)?;
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
