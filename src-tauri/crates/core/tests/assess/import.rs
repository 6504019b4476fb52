//! Results from a spreadsheet: matched by 工号 then 姓名, saved whole or not at all.

use crate::common::desk;
use crate::{d, sign};
use signdesk_core::assess::{AssessImport, ResultsFile};
use signdesk_core::{AssessmentSource, Desk, ErrorKind, Job, Year};

/// Imports and saves (when nothing is wrong) a results file for the agreements of 2027.
fn import(desk: &mut Desk, name: &str, bytes: &[u8]) -> AssessImport {
    let file = ResultsFile {
        name,
        bytes,
        year: Year::new(2027).unwrap(),
        template: None,
    };
    desk.import_assessments(file, "", true, &Job::silent())
        .unwrap()
}

#[test]
fn an_import_is_matched_by_number_then_name_and_saved_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "K001", "客服部");
    let b = sign(&mut desk, "李四", "K002", "客服部");
    let c = sign(&mut desk, "王五", "K003", "营业厅");
    let year = Year::new(2027).unwrap();

    // A row that names nobody, and a wrong value: nothing saved.
    let csv = "2027年度安全考核评分表\n序号,工号,姓名,安全责任（60分）,事故情况（40分）,备注\n\
               1,K001,张三,55,40,\n2,,李四,50,10,\n3,K404,赵六,60,40,\n4,K003,王五,六十,40,\n";
    let r = import(&mut desk, "评分.csv", csv.as_bytes());
    assert!(!r.saved);
    assert_eq!(
        (r.assessed, r.ready),
        (0, 2),
        "张三 and 李四 would be stored"
    );
    assert_eq!(r.unmatched.len(), 1);
    assert_eq!(r.unmatched[0].line, 5);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].line, 6);
    assert!(r.errors[0].message.contains("六十"), "{:?}", r.errors);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("序号") && n.contains("备注")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        desk.assessment(&a).unwrap_err().kind(),
        ErrorKind::NotAssessed
    );

    // 工号 that belongs to someone else: an error, not a silent match.
    let csv = "工号,姓名,安全责任,事故情况\nK001,李四,55,40\n";
    let r = import(&mut desk, "评分.csv", csv.as_bytes());
    assert!(
        !r.saved && r.errors[0].message.contains("张三"),
        "{:?}",
        r.errors
    );

    // Right: all three saved at once, the name-only row matched by name; the sheet's
    // own total row is passed over.
    let csv = "工号,姓名,安全责任,事故情况\nK001,张三,55,40\n,李四,50,10\nK003,王五,58,38\n,合计,163,88\n";
    let r = import(&mut desk, "评分.csv", csv.as_bytes());
    assert!(r.saved, "{r:?}");
    assert_eq!((r.assessed, r.ready), (3, 3));
    assert!(r.notes.iter().any(|n| n.contains("合计")), "{:?}", r.notes);
    assert_eq!(desk.assessment(&b).unwrap().score, d("60"));
    let from = desk.assessment(&c).unwrap();
    assert_eq!(
        (from.source, from.source_file.as_deref()),
        (AssessmentSource::Import, Some("评分.csv"))
    );

    let report = desk.assessment_report(year).unwrap();
    assert_eq!((report.signed, report.assessed), (3, 3));
    assert_eq!(report.above_reward, 2);
    assert_eq!(report.below_pass, 0);
    let kefu = &report.departments[report
        .departments
        .iter()
        .position(|x| x.department == "客服部")
        .unwrap()];
    assert_eq!((kefu.signed, kefu.assessed, kefu.mean), (2, 2, Some(77.5)));

    // The .xlsx reads back with its Chinese headers and the scores.
    let bytes = desk.assessment_report_xlsx(year).unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let detail = book.worksheet_range("明细").unwrap();
    let rows: Vec<(String, f64)> = detail
        .rows()
        .skip(1)
        .map(|r| {
            let score = match r[5] {
                Data::Float(f) => f,
                _ => -1.0,
            };
            (r[1].to_string(), score)
        })
        .collect();
    assert!(rows.contains(&("张三".into(), 95.0)), "{rows:?}");
    assert!(rows.contains(&("王五".into(), 96.0)), "{rows:?}");
}

#[test]
fn an_xlsx_written_by_libreoffice_imports() {
    // tests/fixtures/assessment-2027.xlsx: made by LibreOffice Calc from the CSV beside
    // it (a title row above the header, 58.5 as a number cell).
    let xlsx = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../tests/fixtures/assessment-2027.xlsx"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "E001", "客服部");
    let b = sign(&mut desk, "李四", "E002", "客服部");
    let c = sign(&mut desk, "欧阳娜娜", "E003", "客服部");
    let r = import(&mut desk, "assessment-2027.xlsx", &xlsx);
    assert!(r.saved, "{r:?}");
    assert_eq!(r.assessed, 3);
    assert_eq!(desk.assessment(&a).unwrap().score, d("95"));
    assert_eq!(desk.assessment(&b).unwrap().score, d("58"));
    assert_eq!(desk.assessment(&c).unwrap().score, d("96.5"));
}
