//! Files refused whole, with a typed error naming why: empty, too large, of another
//! type, too many rows, and workbooks that are damaged or hostile (entries outside the
//! archive, zip bombs, impossible cell positions, shared-string bombs).

use signdesk_roster::{parse, RosterError, MAX_BYTES, MAX_ROWS};

use crate::fixture;
use crate::workbook::{inline, sheet_xml, workbook_plus, workbook_with_sheet, zip_of, zip_owned};

#[test]
fn empty_huge_and_unsupported_files() {
    assert_eq!(parse("a.csv", b"").unwrap_err(), RosterError::Empty);
    assert_eq!(
        parse("a.csv", b"\xEF\xBB\xBF \r\n").unwrap_err(),
        RosterError::Empty
    );
    let huge = vec![b'a'; MAX_BYTES + 1];
    let e = parse("a.csv", &huge).unwrap_err();
    assert_eq!(e.kind(), "roster_too_large");
    assert!(e.to_string().contains("5 MB"), "{e}");
    let e = parse("名单.pdf", b"%PDF-1.7\n...").unwrap_err();
    assert_eq!(e.kind(), "roster_unsupported_type");
    assert!(e.to_string().contains("名单.pdf"), "{e}");
    assert_eq!(
        parse("a.csv", b"%PDF-1.7\n").unwrap_err().kind(),
        "roster_unsupported_type"
    );
    let e = parse("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap_err();
    assert!(e.to_string().contains(".xlsx"), "{e}");
    assert_eq!(
        parse("noext", b"x").unwrap_err().kind(),
        "roster_unsupported_type"
    );
}

#[test]
fn too_many_rows() {
    let mut text = String::from("姓名,工号\n");
    for i in 0..=MAX_ROWS {
        text.push_str(&format!("人{i},{i}\n"));
    }
    assert_eq!(
        parse("a.csv", text.as_bytes()).unwrap_err(),
        RosterError::TooManyRows
    );
    // Exactly the limit is fine.
    let cut = text.rfind("人").unwrap();
    let p = parse("a.csv", &text.as_bytes()[..cut]).unwrap();
    assert_eq!(p.rows.len(), MAX_ROWS);
}

#[test]
fn corrupt_xlsx() {
    let e = parse("a.xlsx", b"PK\x03\x04 not really").unwrap_err();
    assert_eq!(e.kind(), "roster_corrupt_xlsx");
    let e = parse("a.xlsx", "姓名,工号\n".as_bytes()).unwrap_err();
    assert_eq!(e.kind(), "roster_corrupt_xlsx");
    // A valid zip that is not a workbook.
    let e = parse("a.xlsx", &zip_of(&[("hello.txt", b"hi".to_vec())])).unwrap_err();
    assert_eq!(e.kind(), "roster_corrupt_xlsx", "{e}");
}

/// A broken workbook is told in Chinese, with what to do; calamine's and zip's own
/// words are kept in `detail`, for the log, never in the message.
#[test]
fn a_broken_xlsx_is_told_in_chinese() {
    let mut damaged = fixture("roster_title.xlsx");
    let mid = damaged.len() / 2;
    for b in &mut damaged[mid..mid + 64] {
        *b ^= 0x5A;
    }
    for bytes in [
        b"PK\x03\x04 not really".to_vec(),
        "姓名,工号\n".as_bytes().to_vec(),
        zip_of(&[("hello.txt", b"hi".to_vec())]),
        damaged,
    ] {
        let e = parse("名单.xlsx", &bytes).unwrap_err();
        let msg = e.to_string();
        assert!(
            signdesk_base::foreign_words(&msg).is_empty(),
            "library words in {msg:?}"
        );
        assert!(msg.contains("另存为 .xlsx"), "{msg}");
    }
    let e = parse("名单.xlsx", b"PK\x03\x04 not really").unwrap_err();
    assert_eq!(
        e.to_string(),
        "无法读取 Excel 文件：文件已损坏，或者它不是 .xlsx 文件（旧的 .xls 文件请先另存为 .xlsx）。请用 Excel 或 WPS 打开后重新另存为 .xlsx"
    );
    assert!(
        e.detail().is_some_and(|d| !d.is_empty()),
        "kept for the log"
    );
}

#[test]
fn xlsx_with_parent_dir_entry_is_refused() {
    for name in [
        "../evil.sh",
        "xl/../../evil.sh",
        "/etc/cron.d/x",
        "..\\evil.bat",
    ] {
        let bytes = workbook_plus((name, b"#!/bin/sh".to_vec()));
        let e = parse("a.xlsx", &bytes).unwrap_err();
        assert_eq!(e.kind(), "roster_unsafe_xlsx", "{name}: {e}");
        assert!(e.to_string().contains("压缩包之外"), "{e}");
    }
}

#[test]
fn xlsx_zip_bomb_is_refused_before_calamine() {
    // 200 MB of zeros deflates to about 200 KB: far below the 5 MB file limit.
    let bomb = workbook_plus(("xl/media/bomb.bin", vec![0u8; 200 * 1024 * 1024]));
    assert!(bomb.len() < MAX_BYTES, "{}", bomb.len());
    let e = parse("a.xlsx", &bomb).unwrap_err();
    assert_eq!(e.kind(), "roster_unsafe_xlsx");
    assert!(e.to_string().contains("压缩炸弹"), "{e}");
    // Many medium entries that only together exceed the total.
    let many: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| (format!("xl/media/{i}.bin"), vec![0u8; 50 * 1024 * 1024]))
        .collect();
    let e = parse("a.xlsx", &zip_owned(&many)).unwrap_err();
    assert_eq!(e.kind(), "roster_unsafe_xlsx");
}

/// Found by the `roster_xlsx` fuzz target (a panic): calamine computes cell positions
/// without overflow checks, so a dimension whose end comes before its start, or a
/// column of many letters, panicked wherever overflow checks are on (debug builds,
/// these tests). Such a file is a broken file: a typed error.
#[test]
fn xlsx_with_impossible_cell_positions_is_a_typed_error() {
    let ok_cells = format!(
        r#"<row r="1">{}</row><row r="2">{}</row>"#,
        inline("A1", "姓名"),
        inline("A2", "张三")
    );
    let inverted = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="B1:A1"/><sheetData>{ok_cells}</sheetData></worksheet>"#
    );
    let long_column = sheet_xml(&format!(
        r#"<row r="1">{}</row><row r="2">{}</row>"#,
        inline("A1", "姓名"),
        inline(&format!("{}2", "Z".repeat(20)), "张三")
    ));
    let long_row = sheet_xml(&format!(
        r#"<row r="1">{}</row><row r="99999999999">{}</row>"#,
        inline("A1", "姓名"),
        inline("A2", "张三")
    ));
    for sheet in [inverted, long_column, long_row] {
        let e = parse("名单.xlsx", &workbook_with_sheet(&sheet, None)).unwrap_err();
        assert_eq!(e.kind(), "roster_corrupt_xlsx", "{e}");
        assert!(e.to_string().contains("无法读取 Excel 文件"), "{e}");
    }
}

/// A shared string is stored once and may be referenced by every cell; reading it
/// copies it per cell. A long one in many cells is refused as a bomb, not read into
/// gigabytes.
#[test]
fn xlsx_with_a_long_shared_string_in_many_cells_is_refused() {
    let long = "张".repeat(350_000); // about 1 MB
    let strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><t>{long}</t></si></sst>"#
    );
    let mut cells = String::from(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    for r in 2..=80 {
        cells.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>"#
        ));
    }
    let bytes = workbook_with_sheet(&sheet_xml(&cells), Some(&strings));
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let e = parse("名单.xlsx", &bytes).unwrap_err();
    assert_eq!(e.kind(), "roster_unsafe_xlsx");
    assert!(e.to_string().contains("疑似恶意构造"), "{e}");
}
