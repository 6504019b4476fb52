//! The year's assessment on a real archive: the scheme of the built-in 2018 agreement
//! (安全责任 60 + 事故情况 40, reward line 90), results entered and imported, a
//! correction that keeps the history, the report, the result page, and `verify`
//! naming a score changed behind the app's back.

mod common;

use std::collections::BTreeMap;
use std::str::FromStr;

use common::{desk, png, request};
use signdesk_core::assess::AssessInput;
use signdesk_core::assessment::{Decimal, Value};
use signdesk_core::signing::SignatureInput;
use signdesk_core::{Desk, ErrorKind, Year};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn sign(desk: &mut Desk, name: &str, no: &str, dept: &str) -> String {
    let mut r = request(name, png(true));
    r.signer.employee_no = Some(no.into());
    r.signer.department = dept.into();
    desk.sign(&r).unwrap().number
}

fn input(number: &str, duty: &str, accidents: &str) -> AssessInput {
    AssessInput {
        number: number.into(),
        values: BTreeMap::from([
            ("part1".to_string(), Value::Points(d(duty))),
            ("part2".to_string(), Value::Points(d(accidents))),
        ]),
        adjustment: None,
        reason: String::new(),
    }
}

#[test]
fn the_builtin_scheme_is_stored_with_its_template() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let s = desk.template_scheme(common::TEMPLATE, None).unwrap();
    assert_eq!(s.total, Some(d("100")));
    let parts: Vec<(&str, Decimal)> = s
        .parts
        .iter()
        .map(|p| (p.label.as_str(), p.points))
        .collect();
    assert_eq!(parts, vec![("安全责任", d("60")), ("事故情况", d("40"))]);
    assert_eq!(s.reward_line, Some(d("90")));
    // Stored in the version itself, not re-detected: the template carries it.
    let t = desk.template(common::TEMPLATE, None).unwrap();
    assert_eq!(t.template.scheme.as_ref(), Some(&s));
}

#[test]
fn results_are_scored_versioned_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "K001", "客服部");
    let b = sign(&mut desk, "李四", "K002", "客服部");

    let stored = desk
        .assess(&[input(&a, "55", "40"), input(&b, "50.5", "8.5")], "录入")
        .unwrap();
    assert_eq!(stored.len(), 2);
    let va = desk.assessment(&a).unwrap();
    assert_eq!(va.score, d("95"));
    assert!(va.rewarded && va.passed);
    assert_eq!(va.lines[0].label, "安全责任");
    assert!(
        va.lines[0].points == d("55") && va.lines[0].rule.contains("满分 60"),
        "{}",
        va.lines[0].rule
    );
    let vb = desk.assessment(&b).unwrap();
    assert_eq!(vb.score, d("59"), "50.5 + 8.5 exactly");
    assert!(!vb.passed);

    // Out of range: refused, nothing stored.
    let e = desk.assess(&[input(&a, "61", "40")], "录入").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAssessment);
    assert!(e.to_string().contains("0–60"), "{e}");
    // A correction without a reason: refused.
    let e = desk.assess(&[input(&b, "52", "8.5")], "录入").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AssessReasonMissing);
    // A manual adjustment without a reason: refused.
    let mut adj = input(&a, "55", "40");
    adj.adjustment = Some(d("2"));
    let e = desk.assess(&[adj.clone()], "录入").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AssessReasonMissing);
    // With reasons: new versions, history kept.
    let mut fix = input(&b, "52", "8.5");
    fix.reason = "复核安全责任评分".into();
    adj.reason = "年度安全之星加分".into();
    desk.assess(&[fix, adj], "录入").unwrap();
    let vb = desk.assessment(&b).unwrap();
    assert_eq!((vb.version, vb.score), (2, d("60.5")));
    assert_eq!(vb.history.len(), 2);
    assert_eq!(vb.history[0].score, d("59"));
    let va = desk.assessment(&a).unwrap();
    assert_eq!(va.score, d("97"));
    assert!(va
        .lines
        .iter()
        .any(|l| l.label == "人工调整" && l.rule.contains("年度安全之星")));
    // The same values again: nothing new.
    let again = desk.assess(&[input(&b, "52", "8.5")], "录入").unwrap();
    assert!(again.is_empty());
    assert_eq!(desk.assessment(&b).unwrap().version, 2);

    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);

    // Someone edits a stored score with a database tool (triggers dropped).
    drop(desk);
    tamper(dir.path(), &b);
    let mut desk = common::desk(dir.path());
    let report = desk.verify().unwrap();
    let kinds: Vec<(&str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.kind.as_str(), p.id.as_str()))
        .collect();
    assert!(
        kinds.contains(&("assessment_score_mismatch", b.as_str())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("assessment_hash_mismatch", b.as_str())),
        "{kinds:?}"
    );
    let p = report
        .problems
        .iter()
        .find(|p| p.kind == "assessment_score_mismatch")
        .unwrap();
    assert!(
        p.detail.contains("99") && p.detail.contains("60.5"),
        "{}",
        p.detail
    );
}

fn tamper(dir: &std::path::Path, number: &str) {
    let key = signdesk_core::keyfile::archive_key(dir, common::PASSPHRASE).unwrap();
    let mut a = signdesk_archive::Archive::open_dir(dir, &key).unwrap();
    a.write(|tx| {
        tx.execute_batch("DROP TRIGGER assessments_never_update")?;
        tx.execute(
            "UPDATE assessments SET score = '99', score_value = 99 WHERE version = 2
               AND agreement_id = (SELECT id FROM agreements WHERE number = ?1)",
            [number],
        )?;
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
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
    let r = desk
        .import_assessments("评分.csv", csv.as_bytes(), year, None, "", true)
        .unwrap();
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
    let r = desk
        .import_assessments("评分.csv", csv.as_bytes(), year, None, "", true)
        .unwrap();
    assert!(
        !r.saved && r.errors[0].message.contains("张三"),
        "{:?}",
        r.errors
    );

    // Right: all three saved at once, the name-only row matched by name; the sheet's
    // own total row is passed over.
    let csv = "工号,姓名,安全责任,事故情况\nK001,张三,55,40\n,李四,50,10\nK003,王五,58,38\n,合计,163,88\n";
    let r = desk
        .import_assessments("评分.csv", csv.as_bytes(), year, None, "", true)
        .unwrap();
    assert!(r.saved, "{r:?}");
    assert_eq!((r.assessed, r.ready), (3, 3));
    assert!(r.notes.iter().any(|n| n.contains("合计")), "{:?}", r.notes);
    assert_eq!(desk.assessment(&b).unwrap().score, d("60"));
    assert_eq!(desk.assessment(&c).unwrap().source, "评分.csv");

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
fn the_result_page_is_sealed_and_the_person_acknowledges_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "K001", "客服部");
    desk.assess(&[input(&a, "55", "40")], "录入").unwrap();
    let pdf = desk.assessment_pdf(&a).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdftotext(&pdf);
    for want in [
        "2027年度考核结果",
        "安全责任",
        "95",
        "本人已知悉以上考核结果",
        &a,
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    let sig = SignatureInput {
        role_key: "ack".into(),
        signer_name: None,
        png: png(true),
        strokes_json: "[]".into(),
    };
    let v = desk.acknowledge_assessment(&a, &sig).unwrap();
    assert!(v.acknowledged_at.is_some());
    let e = desk.acknowledge_assessment(&a, &sig).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlreadyAcknowledged);
    let signed = desk.assessment_pdf(&a).unwrap();
    assert_ne!(signed, pdf);
    assert!(signdesk_seal::verify_pdf(
        &signed,
        &signdesk_core::evidence::root_from_pem(&desk.seal_root_pem().unwrap()).unwrap()
    )
    .is_ok());
    let blank = SignatureInput {
        png: png(false),
        ..sig
    };
    let b = sign(&mut desk, "李四", "K002", "客服部");
    desk.assess(&[input(&b, "50", "40")], "录入").unwrap();
    assert_eq!(
        desk.acknowledge_assessment(&b, &blank).unwrap_err().kind(),
        ErrorKind::BadSignature
    );
    assert!(desk.verify().unwrap().ok);
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&p)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn at_the_kiosk_a_signer_acknowledges_their_result_and_the_renewal_shows_it() {
    use signdesk_core::ceremony::{CeremonyInput, KioskTask};
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let c = desk
        .ceremony_create(&CeremonyInput {
            template_id: common::TEMPLATE.into(),
            version: None,
            year: 2027,
            title: None,
            values: BTreeMap::new(),
            bindings: BTreeMap::new(),
            org_signers: [("director".to_string(), "周总监".to_string())].into(),
            countersign: "adopt".parse().unwrap(),
        })
        .unwrap();
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n";
    desk.ceremony_import_roster(c.id, "名单.csv", roster.as_bytes(), true)
        .unwrap();
    let sig = |role: &str, ink: bool| SignatureInput {
        role_key: role.into(),
        signer_name: None,
        png: png(ink),
        strokes_json: "[]".into(),
    };
    desk.ceremony_adopt_signature(c.id, &sig("director", true))
        .unwrap();
    desk.kiosk_enter(c.id, "246813").unwrap();
    let mut numbers = BTreeMap::new();
    for name in ["张三", "李四"] {
        let hit = &desk.ceremony_find(c.id, name).unwrap()[0];
        assert_eq!(hit.task, KioskTask::Sign);
        let done = desk
            .ceremony_sign(c.id, hit.person_id, &[sig("employee", true)], "测试")
            .unwrap();
        numbers.insert(name, (hit.person_id, done.outcome.unwrap().number));
    }
    // Signed, not assessed: nobody to find.
    assert!(desk.ceremony_find(c.id, "张三").unwrap().is_empty());
    let mut k = desk.kiosk();
    k.exit("246813").unwrap();

    let (zhang, zhang_no) = numbers["张三"].clone();
    let (li, li_no) = numbers["李四"].clone();
    desk.assess(
        &[input(&zhang_no, "58", "40"), input(&li_no, "40", "10")],
        "录入",
    )
    .unwrap();
    desk.kiosk_enter(c.id, "246813").unwrap();
    let hit = &desk.ceremony_find(c.id, "张三").unwrap()[0];
    assert_eq!(hit.task, KioskTask::Acknowledge);
    // Through the kiosk's door, which checks the employee number on every step.
    let mut k = desk.kiosk();
    let wrong = k.result(c.id, zhang, "E002").unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::IdentityMismatch);
    let v = k.result(c.id, zhang, "E001").unwrap();
    assert_eq!(v.score, d("98"));
    let pdf = k.result_pdf(c.id, zhang, "E001").unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let blank = k
        .acknowledge(c.id, zhang, "E001", &sig("ack", false))
        .unwrap_err();
    assert_eq!(blank.kind(), ErrorKind::BadSignature);
    let v = k
        .acknowledge(c.id, zhang, "E001", &sig("ack", true))
        .unwrap();
    assert!(v.acknowledged_at.is_some());
    let again = k
        .acknowledge(c.id, zhang, "E001", &sig("ack", true))
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotAssessed, "{again}");
    assert!(desk.ceremony_find(c.id, "张三").unwrap().is_empty(), "done");
    // 李四 has not acknowledged yet: still offered, only for that.
    let hit = &desk.ceremony_find(c.id, "李四").unwrap()[0];
    assert_eq!((hit.person_id, hit.task), (li, KioskTask::Acknowledge));
    desk.kiosk().exit("246813").unwrap();

    // Next year's renewal shows last year's results beside each person.
    let desk = &mut common::desk(dir.path());
    let renewed = desk.ceremony_renew(c.id, Some(2028)).unwrap();
    let detail = desk.ceremony(renewed.id).unwrap();
    let last: BTreeMap<String, String> = detail
        .roster
        .iter()
        .map(|p| {
            let r = p.last_result.as_ref().unwrap();
            assert_eq!(r.year, 2027);
            (p.name.clone(), r.score.clone())
        })
        .collect();
    assert_eq!(last["张三"], "98");
    assert_eq!(last["李四"], "50");
    assert!(desk.verify().unwrap().ok);
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
    let year = Year::new(2027).unwrap();
    let r = desk
        .import_assessments("assessment-2027.xlsx", &xlsx, year, None, "", true)
        .unwrap();
    assert!(r.saved, "{r:?}");
    assert_eq!(r.assessed, 3);
    assert_eq!(desk.assessment(&a).unwrap().score, d("95"));
    assert_eq!(desk.assessment(&b).unwrap().score, d("58"));
    assert_eq!(desk.assessment(&c).unwrap().score, d("96.5"));
}

#[test]
fn a_version_stored_before_schemes_existed_reads_its_scheme_from_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let stored = desk.template(common::TEMPLATE, None).unwrap().template;
    let mut old = serde_json::to_value(&stored).unwrap();
    old.as_object_mut().unwrap().remove("scheme");
    drop(desk);
    let key = signdesk_core::keyfile::archive_key(dir.path(), common::PASSPHRASE).unwrap();
    let mut a = signdesk_archive::Archive::open_dir(dir.path(), &key).unwrap();
    a.write(|tx| {
        let id = signdesk_archive::templates::insert(tx, "old-2026", "旧模板", false)?;
        signdesk_archive::templates::add_version(tx, id, "旧模板", &old.to_string(), "旧版本")?;
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
    drop(a);
    let desk = common::desk(dir.path());
    let t = desk.template("old-2026", None).unwrap().template;
    assert_eq!(
        t.scheme, stored.scheme,
        "the same scheme, read from the text"
    );
    assert_eq!(
        desk.template_scheme("old-2026", None).unwrap().parts.len(),
        2
    );
}
