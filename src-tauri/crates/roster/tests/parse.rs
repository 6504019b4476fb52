//! `parse` on real files: fixtures written by Excel-like tools and by LibreOffice,
//! and hostile inputs built here.

use std::io::{Cursor, Write};

use signdesk_roster::{parse, RosterError, RosterPreview, RowErrorKind, MAX_BYTES, MAX_ROWS};

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

#[test]
fn utf8_csv() {
    let p = parse(
        "名单.csv",
        "姓名,工号,部门,岗位\n张三,1001,客服部,客服专员\n李四,1002,安全环保部,安全员\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(p.encoding, "UTF-8");
    assert_eq!(p.header_line, 1);
    assert_eq!(
        rows(&p),
        vec![
            (2, "张三", Some("1001"), "客服部", "客服专员"),
            (3, "李四", Some("1002"), "安全环保部", "安全员"),
        ]
    );
    assert!(p.is_clean());
}

#[test]
fn utf8_csv_with_bom_and_crlf() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("姓名,工号\r\n张三,1001\r\n".as_bytes());
    let p = parse("x.CSV", &bytes).unwrap();
    assert_eq!(p.encoding, "UTF-8（带 BOM）");
    // The BOM must not stick to the first header (then 姓名 would not be found).
    assert_eq!(rows(&p), vec![(2, "张三", Some("1001"), "", "")]);
}

#[test]
fn gbk_csv_from_excel() {
    let p = parse("roster_gbk.csv", &fixture("roster_gbk.csv")).unwrap();
    assert_eq!(p.encoding, "GBK/GB18030");
    assert_eq!(
        rows(&p),
        vec![
            (2, "张三", Some("1001"), "客服部", "客服专员"),
            (3, "李四", Some("1002"), "安全环保部", "安全员"),
            (4, "单雄信", Some("1003"), "燃气输配部", "管网巡检工"),
        ]
    );
    assert!(p.is_clean());
}

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
fn columns_in_any_order_and_decorated_headers() {
    let p = parse(
        "a.csv",
        "岗位, 部门 ,员工编号（必填）,姓名*\n班长,客服部,１００７,\u{3000}张\u{3000}三\u{3000}\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(rows(&p), vec![(2, "张三", Some("1007"), "客服部", "班长")]);
    let p = parse(
        "b.txt",
        "Position\tName\tDept\tStaff ID\nAgent\tAnna  Smith\tCS\tE-9\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(
        rows(&p),
        vec![(2, "Anna Smith", Some("E-9"), "CS", "Agent")]
    );
}

#[test]
fn blank_lines_are_skipped_and_lines_stay_true() {
    let p = parse("a.csv", "姓名,工号\n\n张三,1\n,\n  \n李四,2\n\n".as_bytes()).unwrap();
    assert_eq!(
        rows(&p),
        vec![
            (3, "张三", Some("1"), "", ""),
            (6, "李四", Some("2"), "", "")
        ]
    );
}

#[test]
fn row_errors_in_chinese_pointing_at_lines() {
    let text = "姓名,工号,部门,岗位\n\
                张三,1001,客服部,专员\n\
                ,1002,客服部,专员\n\
                李四,1001,客服部,专员\n\
                \u{202E}王五,1004,客服部,专员\n\
                赵\u{2066}六,1005,客服部,专员\n\
                钱\u{7}七,1006,客服部,专员\n\
                孙八,1007,客服部,"
        .to_string()
        + &"很长".repeat(60)
        + "\n周九,1008,客服部,专员\n";
    let p = parse("a.csv", text.as_bytes()).unwrap();
    use RowErrorKind::*;
    assert_eq!(
        kinds(&p),
        vec![
            (2, vec![DuplicateEmployeeNo]),
            (3, vec![MissingName]),
            (4, vec![DuplicateEmployeeNo]),
            (5, vec![BadCharacters]),
            (6, vec![BadCharacters]),
            (7, vec![BadCharacters]),
            (8, vec![TooLong]),
        ]
    );
    assert_eq!(p.errors_count, 7);
    assert!(!p.is_clean());
    let msg = |line: u32| {
        p.rows.iter().find(|r| r.line == line).unwrap().errors[0]
            .message
            .clone()
    };
    assert_eq!(msg(2), "工号 1001 与第 4 行重复");
    assert_eq!(msg(4), "工号 1001 与第 2 行重复");
    assert_eq!(msg(3), "缺少姓名");
    assert!(msg(5).contains("文字方向控制字符 U+202E"), "{}", msg(5));
    assert!(msg(6).contains("U+2066"), "{}", msg(6));
    assert!(msg(8).contains("岗位过长（120 个字符"), "{}", msg(8));
    // The JSON the UI gets carries the kinds in snake_case.
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["rows"][1]["errors"][0]["kind"], "missing_name");
}

#[test]
fn bad_encoding_is_a_row_error() {
    // A GBK file with one truncated character: only that row is flagged.
    let mut bytes = encoding_rs::GBK
        .encode("姓名,工号\n张三,1\n李")
        .0
        .into_owned();
    bytes.truncate(bytes.len() - 1);
    bytes.extend_from_slice(b",2\n");
    let p = parse("a.csv", &bytes).unwrap();
    assert_eq!(kinds(&p), vec![(3, vec![RowErrorKind::BadEncoding])]);
    assert!(p.rows[1].errors[0].message.contains("乱码"));
}

#[test]
fn header_is_required_and_the_error_names_the_name_column() {
    let e = parse("a.csv", "张三,1001\n李四,1002\n".as_bytes()).unwrap_err();
    assert_eq!(e.kind(), "roster_missing_name_column");
    assert!(e.to_string().contains("「姓名」"), "{e}");
    let e = parse("a.csv", "工号,部门\n1,x\n".as_bytes()).unwrap_err();
    assert!(e.to_string().contains("工号、部门"), "{e}");
    let e = parse("a.csv", "姓名,工号\n\n".as_bytes()).unwrap_err();
    assert_eq!(e.kind(), "roster_no_rows");
}

#[test]
fn file_level_problems_block_saving_but_keep_the_preview() {
    let p = parse("a.csv", "姓名,工号,Name\n张三,1,张三\n".as_bytes()).unwrap();
    assert_eq!(p.file_errors[0].kind, "duplicate_column");
    assert!(!p.is_clean());
    let p = parse("a.csv", "姓名,工号\n\"张三,1\n李四,2\n".as_bytes()).unwrap();
    assert_eq!(p.file_errors[0].kind, "unterminated_quote");
}

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

/// A zip with the given entries, deflated.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The entries of the real LibreOffice workbook `roster_title.xlsx`.
fn workbook_entries() -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(fixture("roster_title.xlsx"))).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (String::from_utf8_lossy(f.name_raw()).into_owned(), data)
        })
        .collect()
}

fn zip_owned(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    zip_of(&refs)
}

/// The real LibreOffice workbook's entries, plus `extra`.
fn workbook_plus(extra: (&str, Vec<u8>)) -> Vec<u8> {
    let mut entries = workbook_entries();
    entries.push((extra.0.to_string(), extra.1));
    zip_owned(&entries)
}

#[test]
fn rebuilt_workbook_still_reads() {
    let bytes = workbook_plus(("docProps/custom.xml", b"<x/>".to_vec()));
    assert_eq!(parse("a.xlsx", &bytes).unwrap().rows.len(), 3);
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

/// The real LibreOffice workbook with its sheet (and shared strings, when given)
/// replaced.
fn workbook_with_sheet(sheet: &str, strings: Option<&str>) -> Vec<u8> {
    let mut entries = workbook_entries();
    for (name, data) in &mut entries {
        match (name.as_str(), strings) {
            ("xl/worksheets/sheet1.xml", _) => *data = sheet.as_bytes().to_vec(),
            ("xl/sharedStrings.xml", Some(s)) => *data = s.as_bytes().to_vec(),
            _ => {}
        }
    }
    zip_owned(&entries)
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
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

mod props {
    use proptest::prelude::*;

    /// A person as a roster holds them: a Chinese name, and a department and position
    /// that may hold the delimiter, quotes and single inner spaces (what cleaning
    /// leaves alone); then a remark for an extra column, which is ignored and may
    /// break lines.
    fn person() -> impl Strategy<Value = (String, String, String, String)> {
        (
            "[张王李赵欧阳娜丰雄信]{2,4}",
            "[客服工程财务部,\"]{1,8}",
            "[安全员营业主管A-Za-z0-9,\" ]{0,12}",
            "[备注调岗,\"\n a-z]{0,12}",
        )
            .prop_map(|(n, d, p, r)| (n, d, tidy(&p), r))
    }

    /// Trimmed, inner runs of spaces as one.
    fn tidy(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn quoted(cell: &str) -> String {
        if cell.contains([',', '"', '\n']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_never_panics_on_arbitrary_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
            ext in prop::sample::select(vec!["csv", "xlsx", "txt", "pdf", ""]),
        ) {
            let _ = signdesk_roster::parse(&format!("f.{ext}"), &bytes);
        }

        #[test]
        fn parse_never_panics_on_csv_like_text(
            text in "[姓名工号部门岗位张三,\"\n\r\t 　１\u{202E}\u{FFFD}a-z0-9]{0,400}",
        ) {
            let _ = signdesk_roster::parse("f.csv", text.as_bytes());
            let mut with_header = String::from("姓名,工号,部门,岗位\n");
            with_header.push_str(&text);
            let _ = signdesk_roster::parse("f.csv", with_header.as_bytes());
        }

        /// Any roster written as CSV the way Excel does (cells with the delimiter,
        /// quotes or line breaks quoted, quotes doubled), in UTF-8, UTF-8 with BOM and
        /// CRLF, or GBK, reads back as exactly the people written, each at the line
        /// where its record starts, with no error.
        #[test]
        fn written_csv_reads_back_as_the_same_people(
            people in proptest::collection::vec(person(), 1..25),
            encoding in 0usize..3,
        ) {
            let mut text = String::from("姓名,工号,部门,岗位,备注\r\n");
            let mut lines = Vec::new();
            let mut line = 2u32;
            for (i, (name, dept, pos, remark)) in people.iter().enumerate() {
                lines.push(line);
                let rec = [name.clone(), format!("E{i:03}"), dept.clone(), pos.clone(), remark.clone()]
                    .iter()
                    .map(|c| quoted(c))
                    .collect::<Vec<_>>()
                    .join(",");
                line += 1 + rec.matches('\n').count() as u32;
                text.push_str(&rec);
                text.push_str("\r\n");
            }
            let bytes = match encoding {
                0 => text.into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), text.replace("\r\n", "\n").as_bytes()].concat(),
                _ => encoding_rs::GB18030.encode(&text).0.into_owned(),
            };
            let p = signdesk_roster::parse("名单.csv", &bytes).unwrap();
            prop_assert!(p.is_clean(), "{:?}", p);
            prop_assert_eq!(&p.notes[0], "未识别的列已忽略：备注");
            prop_assert_eq!(p.header_line, 1);
            let got: Vec<_> = p
                .rows
                .iter()
                .map(|r| (r.line, r.name.clone(), r.employee_no.clone(), r.department.clone(), r.position.clone()))
                .collect();
            let want: Vec<_> = people
                .iter()
                .enumerate()
                .map(|(i, (n, d, po, _))| (lines[i], n.clone(), Some(format!("E{i:03}")), d.clone(), po.clone()))
                .collect();
            prop_assert_eq!(got, want);
        }

        /// Whatever the bytes, a preview adds up: at least one row, its error count is
        /// the number of rows with errors, rows in file order below the header.
        #[test]
        fn a_preview_is_consistent(
            text in "[姓名工号部门张三李,;\t\"\n\r 　１\u{202E}\u{FFFD}a-z0-9]{0,400}",
            gbk in any::<bool>(),
        ) {
            let text = format!("姓名,工号,部门\n{text}");
            let bytes = if gbk {
                encoding_rs::GB18030.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            if let Ok(p) = signdesk_roster::parse("f.csv", &bytes) {
                prop_assert!(!p.rows.is_empty());
                let with_errors = p.rows.iter().filter(|r| !r.errors.is_empty()).count();
                prop_assert_eq!(p.errors_count as usize, with_errors);
                prop_assert!(p.rows.iter().all(|r| r.line > p.header_line));
                prop_assert!(p.rows.windows(2).all(|w| w[0].line < w[1].line));
                prop_assert_eq!(p.is_clean(), with_errors == 0 && p.file_errors.is_empty());
            }
        }

        #[test]
        fn parse_never_panics_on_a_damaged_workbook(
            pos in 0usize..5000,
            byte in any::<u8>(),
            cut in 0usize..5300,
        ) {
            let mut bytes = super::fixture("roster_title.xlsx");
            let p = pos % bytes.len();
            bytes[p] = byte;
            bytes.truncate(cut.max(1));
            let _ = signdesk_roster::parse("f.xlsx", &bytes);
        }
    }
}
