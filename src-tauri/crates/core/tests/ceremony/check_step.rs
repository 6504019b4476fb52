//! The kiosk's check step: what is previewed is what is stored, byte for byte, at the
//! place it really gets; a preview token is used once, by its own person.

use crate::{person, poppler, setup, sig};

/// The kiosk's check step: the agreement as it will be archived — with the signature
/// just drawn, the adopted countersignature, the number it will take — prepared once
/// under a token; 「确认签署并归档」 stores exactly the previewed bytes (sealed after).
#[test]
fn the_check_step_prepares_what_is_then_stored_byte_for_byte() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    desk.kiosk_enter(id, "246813").unwrap();
    let pid = desk.ceremony_find(id, "张三").unwrap()[0].person_id;

    let staged = desk
        .ceremony_stage(id, pid, &[sig("employee", true)], "测试")
        .unwrap();
    let text = poppler("pdftotext", &[], &staged.pdf);
    for want in ["张三", "周总监", "签署记录", "SD-2027-000001"] {
        assert!(
            text.contains(want),
            "{want} missing from the preview:\n{text}"
        );
    }
    let images = poppler("pdfimages", &["-list"], &staged.pdf);
    assert_eq!(images.matches(" smask ").count(), 2, "{images}");
    assert_eq!(
        desk.ceremony_staged_pdf(id, pid, &staged.token).unwrap(),
        staged.pdf
    );

    // The same refusals as signing; a refused preview ends the one before it.
    let blank = desk.ceremony_stage(id, pid, &[sig("employee", false)], "测试");
    assert_eq!(blank.unwrap_err().kind(), "bad_signature");
    let theirs = desk.ceremony_stage(id, pid, &[sig("director", true)], "测试");
    assert_eq!(theirs.unwrap_err().kind(), "unknown_role");
    let dead = desk.ceremony_sign_staged(id, pid, &staged.token);
    assert_eq!(dead.unwrap_err().kind(), "preview_expired");
    assert_eq!(desk.ceremony_find(id, "张三").unwrap()[0].person_id, pid);

    // The next person's preview ends this one's too.
    let staged = desk
        .ceremony_stage(id, pid, &[sig("employee", true)], "测试")
        .unwrap();
    let li = desk.ceremony_find(id, "李四").unwrap()[0].person_id;
    let li_staged = desk
        .ceremony_stage(id, li, &[sig("employee", true)], "测试")
        .unwrap();
    let gone = desk.ceremony_sign_staged(id, pid, &staged.token);
    assert_eq!(gone.unwrap_err().kind(), "preview_expired");
    // A token names its person: not someone else's.
    let swapped = desk.ceremony_sign_staged(id, pid, &li_staged.token);
    assert_eq!(swapped.unwrap_err().kind(), "preview_expired");

    let staged = desk
        .ceremony_stage(id, pid, &[sig("employee", true)], "测试")
        .unwrap();
    let done = desk.ceremony_sign_staged(id, pid, &staged.token).unwrap();
    let outcome = done.outcome.unwrap();
    assert!(outcome.number.ends_with("000001"), "{}", outcome.number);
    // Used once: the token is gone, and the person has signed.
    let twice = desk.ceremony_sign_staged(id, pid, &staged.token);
    assert_eq!(twice.unwrap_err().kind(), "preview_expired");
    let again = desk.ceremony_stage(id, pid, &[sig("employee", true)], "测试");
    assert_eq!(again.unwrap_err().kind(), "already_signed");

    // Locked to this ceremony: no other ceremony's agreements.
    let other = desk.ceremony_stage(id + 1, pid, &[sig("employee", true)], "测试");
    assert_eq!(other.unwrap_err().kind(), "kiosk_locked");

    // What was stored is the previewed document, its seal appended after it.
    desk.kiosk_exit("246813").unwrap();
    let stored = desk.agreement_pdf(outcome.id).unwrap();
    assert!(
        stored.len() > staged.pdf.len() && stored.starts_with(&staged.pdf),
        "the stored PDF begins with the previewed bytes ({} vs {})",
        stored.len(),
        staged.pdf.len()
    );
    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

/// Something stored between the preview and the confirmation (another desk's
/// signing): the same prepared document — date, signatures — is stored at the place
/// it really gets, never under a number someone else took.
#[test]
fn a_preview_overtaken_by_another_signing_is_stored_at_its_real_place() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    let zhang = person(&desk, id, "张三");
    let li = person(&desk, id, "李四");
    let staged = desk
        .ceremony_stage(id, zhang, &[sig("employee", true)], "测试")
        .unwrap();
    // A second connection to the same archive signs 李四 first.
    let mut second = desk.detached().unwrap();
    second
        .ceremony_sign(id, li, &[sig("employee", true)], "测试")
        .unwrap();
    drop(second);
    let done = desk.ceremony_sign_staged(id, zhang, &staged.token).unwrap();
    let number = done.outcome.unwrap().number;
    assert!(number.ends_with("000002"), "{number}");
    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}
