//! Property tests: CSV written as Excel writes it (quotes, delimiters, line breaks;
//! UTF-8, BOM, GBK) reads back as exactly the people written, at their lines; a preview
//! adds up; any bytes and damaged workbooks never panic.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// `cases` cases; failures are kept in `props.proptest-regressions` beside this file
/// (proptest's default would look for the `main.rs` of this test binary and write to
/// `tests/proptest-regressions/` instead).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

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
    #![proptest_config(config(256))]

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
