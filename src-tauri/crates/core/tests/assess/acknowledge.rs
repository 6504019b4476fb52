//! The sealed result page, and the person's acknowledgement of it — in the app and
//! through the kiosk's door.

use std::collections::BTreeMap;

use crate::common::{self, desk, png};
use crate::{d, input, pdftotext, sign};
use signdesk_core::signing::SignatureInput;
use signdesk_core::{AssessmentSource, ErrorKind, Job};

#[test]
fn the_result_page_is_sealed_and_the_person_acknowledges_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let a = sign(&mut desk, "张三", "K001", "客服部");
    desk.assess(&[input(&a, "55", "40")], AssessmentSource::Grid)
        .unwrap();
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
    desk.assess(&[input(&b, "50", "40")], AssessmentSource::Grid)
        .unwrap();
    assert_eq!(
        desk.acknowledge_assessment(&b, &blank).unwrap_err().kind(),
        ErrorKind::BadSignature
    );
    assert!(desk.verify().unwrap().ok);
}

#[test]
fn at_the_kiosk_a_signer_acknowledges_their_result_and_the_renewal_shows_it() {
    use signdesk_core::ceremony::KioskTask;
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let c = desk
        .ceremony_create(&common::ceremony_input("adopt"))
        .unwrap();
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n";
    desk.ceremony_import_roster(c.id, "名单.csv", roster.as_bytes(), true, &Job::silent())
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
        AssessmentSource::Grid,
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
