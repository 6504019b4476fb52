//! Countersigning per agreement (`each`): the signer's signature waits, nothing
//! half-signed is archived, until the organisation countersigns.

use crate::{person, poppler, setup, sig};

#[test]
fn each_mode_holds_the_signature_until_the_countersignature() {
    let (_dir, mut desk, id) = setup("each");
    assert!(desk.ceremony(id).unwrap().not_ready.is_none());
    let pid = person(&desk, id, "李四");
    let held = desk
        .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
        .unwrap();
    assert_eq!(
        (held.status.as_str(), held.outcome.is_none()),
        ("awaiting", true)
    );
    assert_eq!(
        desk.info().unwrap().counts.agreements,
        0,
        "nothing half-signed is archived"
    );
    let c = desk.ceremony(id).unwrap();
    assert_eq!(c.summary.awaiting, 1);
    // Before the countersignature the check step shows the signer's line only.
    let other = person(&desk, id, "张三");
    let pdf = desk
        .ceremony_stage(id, other, &[sig("employee", true)], "测试")
        .unwrap()
        .pdf;
    let images = poppler("pdfimages", &["-list"], &pdf);
    assert_eq!(images.matches(" smask ").count(), 1, "{images}");

    let wrong = desk
        .ceremony_countersign(id, pid, &[sig("employee", true)], "测试")
        .unwrap_err();
    assert_eq!(wrong.kind(), "unknown_role");
    let not_waiting = desk
        .ceremony_countersign(id, other, &[sig("director", true)], "测试")
        .unwrap_err();
    assert_eq!(not_waiting.kind(), "not_awaiting");

    let out = desk
        .ceremony_countersign(id, pid, &[sig("director", true)], "测试")
        .unwrap();
    let rec = desk.agreement(out.id).unwrap();
    assert_eq!(rec.signer, "李四");
    assert_eq!(rec.signatures.len(), 2);
    let c = desk.ceremony(id).unwrap();
    assert_eq!((c.summary.signed, c.summary.awaiting), (1, 0));
}
