//! Workbooks (.xlsx) read as calamine reads them: LibreOffice's with a title row and
//! numeric numbers, English headers, a workbook rebuilt with an extra entry, cells far
//! apart, out of order or repeated.

use signdesk_roster::parse;

use crate::workbook::{inline, sheet_xml, workbook_plus, workbook_with_sheet};
use crate::{fixture, rows};

#[test]
fn xlsx_from_libreoffice_with_title_row_and_numeric_numbers() {
    let p = parse("roster_title.xlsx", &fixture("roster_title.xlsx")).unwrap();
    assert_eq!(p.encoding, "Excel (.xlsx)");
    assert_eq!(p.header_line, 2);
    assert_eq!(
        rows(&p),
        vec![
            (3, "王芳", Some("2001"), "客服部", "客服专员"),
            (4, "刘洋", Some("2002"), "客服部", "班长"),
            (5, "欧阳娜娜", Some("2003"), "安全环保部", "安全主管"),
        ]
    );
    assert!(p.is_clean());
    assert!(p.notes.iter().any(|n| n.contains("序号")), "{:?}", p.notes);
    assert!(
        p.notes.iter().any(|n| n.contains("第 2 行")),
        "{:?}",
        p.notes
    );
}

#[test]
fn xlsx_with_english_headers_in_another_order() {
    let p = parse("roster_en.xlsx", &fixture("roster_en.xlsx")).unwrap();
    assert_eq!(
        rows(&p),
        vec![
            (2, "Anna Smith", Some("E-01"), "Customer Service", "Agent"),
            (3, "陈晨", Some("E-02"), "客服部", ""),
        ]
    );
    // The same content as CSV reads the same.
    let c = parse("roster_en.csv", &fixture("roster_en.csv")).unwrap();
    assert_eq!(rows(&c), rows(&p));
}

#[test]
fn rebuilt_workbook_still_reads() {
    let bytes = workbook_plus(("docProps/custom.xml", b"<x/>".to_vec()));
    assert_eq!(parse("a.xlsx", &bytes).unwrap().rows.len(), 3);
}

/// Found while writing the `roster_xlsx` fuzz target, in calamine's code: it allocates
/// a sheet as its bounding box, rows × columns, so one cell far from the others asked
/// for billions of cells and aborted the process ("memory allocation of 549755813888
/// bytes failed"). A cell in the last row and column of Excel is now one cell.
#[test]
fn xlsx_with_cells_far_apart_is_read_without_a_sheet_sized_grid() {
    let cells = format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row><row r="1048576">{}</row>"#,
        inline("A1", "姓名"),
        inline("B1", "工号"),
        inline("A2", "张三"),
        inline("B2", "1001"),
        inline("XFD1048576", "x"),
    );
    let p = parse("名单.xlsx", &workbook_with_sheet(&sheet_xml(&cells), None)).unwrap();
    assert_eq!(rows(&p), vec![(2, "张三", Some("1001"), "", "")]);
    // Also when the far cell is on a row of its own in a column the grid shows.
    let cells = format!(
        r#"<row r="1">{}</row><row r="2">{}</row><row r="1048576">{}</row>"#,
        inline("A1", "姓名"),
        inline("A2", "张三"),
        inline("A1048576", "李四"),
    );
    let p = parse("名单.xlsx", &workbook_with_sheet(&sheet_xml(&cells), None)).unwrap();
    let lines: Vec<u32> = p.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 1_048_576]);
}

/// Cells that are not in row order, a cell given twice (the later counts), blank
/// cells, and a row wider than the grid: read as calamine's range read them.
#[test]
fn xlsx_cells_out_of_order_and_repeated() {
    let mut wide = String::new();
    for c in 0..70u32 {
        let col = if c < 26 {
            ((b'A' + c as u8) as char).to_string()
        } else {
            format!(
                "{}{}",
                (b'A' + (c / 26 - 1) as u8) as char,
                (b'A' + (c % 26) as u8) as char
            )
        };
        wide.push_str(&inline(&format!("{col}4"), "宽"));
    }
    let cells = format!(
        r#"<row r="3">{}{}</row><row r="1">{}{}</row><row r="2">{}{}{}</row><row r="4">{wide}</row>"#,
        inline("B3", "李四"),
        inline("C3", "   "),
        inline("B1", "姓名"),
        inline("C1", "部门"),
        inline("B2", "错"),
        inline("C2", "客服部"),
        inline("B2", "张三"),
    );
    let p = parse("名单.xlsx", &workbook_with_sheet(&sheet_xml(&cells), None)).unwrap();
    assert_eq!(
        rows(&p),
        vec![
            (2, "张三", None, "客服部", ""),
            (3, "李四", None, "", ""),
            (4, "宽", None, "宽", ""),
        ]
    );
}
