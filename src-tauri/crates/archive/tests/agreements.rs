//! Storing signed agreements: one transaction, identity of people, numbers, voids.
#![allow(clippy::unwrap_used)] // test helpers panic by design

mod common;

use common::*;
use signdesk_archive::{
    agreements, audit, people, signatures, stats, voids, ArchiveError, PersonRef,
};

#[test]
fn insert_stores_agreement_signatures_person_and_audit() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    let id = sign(
        &mut a,
        v,
        &Spec {
            employee_no: Some("E001"),
            ..Spec::default()
        },
    );
    let row = agreements::get(a.read(), id).unwrap();
    assert_eq!(row.number, "SD-2027-000001");
    assert_eq!(row.signer_name, "张三");
    assert_eq!(row.template_slug, "kefu");
    assert_eq!(row.employee_no.as_deref(), Some("E001"));
    let pdf = agreements::pdf(a.read(), id).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(row.pdf_sha256, agreements::sha256_hex(&pdf));
    assert_eq!(row.pdf_size, pdf.len() as i64);
    assert!(row.void.is_none());
    assert_eq!(signatures::for_agreement(a.read(), id).unwrap().len(), 1);
    let p = people::get(a.read(), row.person_id.unwrap()).unwrap();
    assert_eq!((p.pinyin.as_str(), p.initials.as_str()), ("zhangsan", "zs"));
    let last = audit::recent(a.read(), 1).unwrap().remove(0);
    assert_eq!(
        (last.event.as_str(), last.subject.as_str()),
        ("agreement_signed", "SD-2027-000001")
    );
    assert_eq!(
        agreements::by_number(a.read(), "SD-2027-000001")
            .unwrap()
            .id,
        id
    );
    assert_eq!(
        agreements::next_number(a.read(), 2027).unwrap(),
        "SD-2027-000002"
    );
    assert_eq!(
        agreements::next_number(a.read(), 2026).unwrap(),
        "SD-2026-000001"
    );
}

#[test]
fn people_keep_identity_across_years_by_employee_number() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    let one = sign(
        &mut a,
        v,
        &Spec {
            employee_no: Some("E7"),
            year: 2026,
            ..Spec::default()
        },
    );
    let two = sign(
        &mut a,
        v,
        &Spec {
            employee_no: Some("E7"),
            year: 2027,
            department: "工程部",
            ..Spec::default()
        },
    );
    let (r1, r2) = (
        agreements::get(a.read(), one).unwrap(),
        agreements::get(a.read(), two).unwrap(),
    );
    assert_eq!(r1.person_id, r2.person_id);
    assert_eq!(r1.department, "客服部", "the agreement keeps its snapshot");
    assert_eq!(
        people::get(a.read(), r2.person_id.unwrap())
            .unwrap()
            .department,
        "工程部"
    );
    // An existing person by id.
    let mut new = new_agreement(&a, v, &Spec::default());
    new.person = PersonRef::Existing(r1.person_id.unwrap());
    let three = a.write(|tx| agreements::insert(tx, &new)).unwrap();
    assert_eq!(
        agreements::get(a.read(), three).unwrap().person_id,
        r1.person_id
    );
}

#[test]
fn a_failed_insert_leaves_nothing() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    sign(&mut a, v, &Spec::default());
    let before = stats::counts(a.read()).unwrap();
    let mut dup = new_agreement(
        &a,
        v,
        &Spec {
            name: "李四",
            ..Spec::default()
        },
    );
    dup.number = "SD-2027-000001".into();
    let err = a.write(|tx| agreements::insert(tx, &dup)).unwrap_err();
    assert_eq!(err.kind(), "duplicate_number", "{err}");
    let mut bad = new_agreement(
        &a,
        v,
        &Spec {
            name: "李四",
            ..Spec::default()
        },
    );
    bad.pdf = b"not a pdf".to_vec();
    assert_eq!(
        a.write(|tx| agreements::insert(tx, &bad))
            .unwrap_err()
            .kind(),
        "invalid_agreement"
    );
    let mut no_tpl = new_agreement(
        &a,
        v,
        &Spec {
            name: "李四",
            ..Spec::default()
        },
    );
    no_tpl.template_version_id = 999;
    assert_eq!(
        a.write(|tx| agreements::insert(tx, &no_tpl))
            .unwrap_err()
            .kind(),
        "not_found"
    );
    assert_eq!(
        stats::counts(a.read()).unwrap(),
        before,
        "people, rows and audit all rolled back"
    );
}

#[test]
fn agreements_are_never_updated_and_voiding_adds_a_row_once() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    let id = sign(&mut a, v, &Spec::default());
    let upd = a.read().execute(
        "UPDATE agreements SET signer_name = 'x' WHERE id = ?1",
        [id],
    );
    assert!(upd.is_err());
    let err = a
        .write(|tx| voids::void(tx, id, "  ", "管理员"))
        .unwrap_err();
    assert_eq!(err.kind(), "void_reason_missing");
    a.write(|tx| voids::void(tx, id, "签错人", "管理员"))
        .unwrap();
    let row = agreements::get(a.read(), id).unwrap();
    assert_eq!(row.void.as_ref().unwrap().reason, "签错人");
    let err = a
        .write(|tx| voids::void(tx, id, "再次", "管理员"))
        .unwrap_err();
    assert_eq!(err.kind(), "already_voided");
    assert!(err.to_string().contains("不能重复作废"), "{err}");
    assert!(matches!(
        a.write(|tx| voids::void(tx, 999, "x", "y")),
        Err(ArchiveError::NotFound { .. })
    ));
    assert_eq!(
        audit::recent(a.read(), 1).unwrap()[0].event,
        "agreement_voided"
    );
    assert!(audit::verify_chain(a.read()).unwrap().is_empty());
}
