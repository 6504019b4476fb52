//! Rosters as text (CSV, tab-separated): UTF-8 with or without BOM, GBK from Excel,
//! columns in any order under decorated headers, blank lines, and the row errors and
//! file-level problems a preview shows in Chinese, each at its line.

use signdesk_roster::{parse, RowErrorKind};

use crate::{fixture, kinds, rows};

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
