//! The kiosk: a desk locked to one ceremony (the organiser's work refused in Rust, a
//! PIN with back-off that survives a restart), where each signer finds themself and
//! signs their own role only — not as a colleague, not when absent or voided.

use signdesk_core::dto::SearchFilters;
use signdesk_core::Desk;

use crate::{common, person, setup, sig};

#[test]
fn a_whole_adopt_mode_ceremony_in_kiosk_mode() {
    let (_dir, mut desk, id) = setup("adopt");
    the_organisation_signs_before_anybody(&mut desk, id);
    the_kiosk_takes_a_pin_of_six_digits_or_more(&mut desk, id);
    a_locked_desk_refuses_the_organisers_work(&mut desk, id);
    each_signer_finds_themself_and_signs_their_own_role(&mut desk, id);

    // Wrong PIN: refused and counted.
    let err = desk.kiosk_exit("111111").unwrap_err();
    assert_eq!(err.kind(), "bad_pin");
    assert!(desk.kiosk_state().unwrap().is_some());
    desk.kiosk_exit("246813").unwrap();
    assert!(desk.kiosk_state().unwrap().is_none());

    every_agreement_holds_both_signatures(&desk, id);
}

/// Nobody signs before the organisation's signature is there.
fn the_organisation_signs_before_anybody(desk: &mut Desk, id: i64) {
    let err = desk.kiosk_enter(id, "246813").unwrap_err();
    assert_eq!(err.kind(), "adopted_signature_missing", "{err}");
    assert!(err.to_string().contains("周总监"));
    let blank = desk
        .ceremony_adopt_signature(id, &sig("director", false))
        .unwrap_err();
    assert_eq!(blank.kind(), "bad_signature");
    let d = desk
        .ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    assert!(d.not_ready.is_none() && d.org_roles[0].adopted);
}

fn the_kiosk_takes_a_pin_of_six_digits_or_more(desk: &mut Desk, id: i64) {
    let bad_pin = desk.kiosk_enter(id, "12a").unwrap_err();
    assert_eq!(bad_pin.kind(), "bad_pin");
    // Four digits are too few now: six at least.
    let short = desk.kiosk_enter(id, "2468").unwrap_err();
    assert_eq!(short.kind(), "bad_pin");
    assert!(short.to_string().contains("6–12"), "{short}");
    desk.kiosk_enter(id, "246813").unwrap();
}

/// Locked: the archive, templates, settings and roster management are refused.
fn a_locked_desk_refuses_the_organisers_work(desk: &mut Desk, id: i64) {
    for err in [
        desk.search(&SearchFilters::default())
            .map(|_| ())
            .unwrap_err(),
        desk.templates().map(|_| ()).unwrap_err(),
        desk.info().map(|_| ()).unwrap_err(),
        desk.ceremonies().map(|_| ()).unwrap_err(),
        desk.ceremony(id).map(|_| ()).unwrap_err(),
        desk.set_organisation("别的单位").unwrap_err(),
        desk.ceremony_set_absent(id, 1, true).unwrap_err(),
        desk.agreement_pdf(1).map(|_| ()).unwrap_err(),
    ] {
        assert_eq!(err.kind(), "kiosk_locked", "{err}");
    }
}

/// Each signer finds themself by a few characters, initials or employee number.
fn each_signer_finds_themself_and_signs_their_own_role(desk: &mut Desk, id: i64) {
    assert_eq!(desk.ceremony_find(id, "").unwrap(), vec![]);
    let hits = desk.ceremony_find(id, "oynn").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].name, "欧阳娜娜");
    assert_eq!(desk.ceremony_find(id, "E002").unwrap()[0].name, "李四");
    assert_eq!(desk.ceremony_find(id, "张").unwrap()[0].name, "张三");

    for name in ["张三", "李四", "欧阳娜娜"] {
        let pid = desk.ceremony_find(id, name).unwrap()[0].person_id;
        let a = desk.ceremony_person_agreement(id, pid).unwrap();
        assert_eq!(a.roles.len(), 1, "the signer signs only their own role");
        assert_eq!(a.roles[0].key, "employee");
        // The signer cannot sign for the organisation.
        let err = desk
            .ceremony_sign(
                id,
                pid,
                &[sig("employee", true), sig("director", true)],
                "测试",
            )
            .unwrap_err();
        assert_eq!(err.kind(), "unknown_role");
        let err = desk
            .ceremony_sign(id, pid, &[sig("employee", false)], "测试")
            .unwrap_err();
        assert_eq!(err.kind(), "bad_signature");
        let done = desk
            .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
            .unwrap();
        assert_eq!(done.status, "signed");
        assert!(done.outcome.unwrap().number.starts_with("SD-2027-"));
        // Signed people are no longer found, nor opened, and cannot sign twice.
        assert_eq!(
            desk.ceremony_person_agreement(id, pid).unwrap_err().kind(),
            "already_signed"
        );
        assert!(desk.ceremony_find(id, name).unwrap().is_empty());
        let again = desk
            .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
            .unwrap_err();
        assert_eq!(again.kind(), "already_signed");
    }
}

/// All three signed, each agreement beside the adopted countersignature.
fn every_agreement_holds_both_signatures(desk: &Desk, id: i64) {
    let c = desk.ceremony(id).unwrap();
    assert_eq!((c.summary.people, c.summary.signed), (3, 3));
    let hits = desk
        .search(&SearchFilters {
            year: Some(2027),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.total, 3);
    for p in &c.roster {
        let rec = desk.agreement(p.agreement_id.unwrap()).unwrap();
        let who: Vec<_> = rec
            .signatures
            .iter()
            .map(|s| s.signer_name.as_str())
            .collect();
        assert!(
            who.contains(&"周总监") && who.contains(&p.name.as_str()),
            "{who:?}"
        );
    }
}

#[test]
fn the_kiosk_lock_survives_a_restart_and_wrong_pins_back_off() {
    let (dir, mut desk, id) = setup("each");
    desk.kiosk_enter(id, "135792").unwrap();
    drop(desk);
    let mut desk = common::desk(dir.path());
    assert_eq!(desk.kiosk_state().unwrap().unwrap().ceremony_id, id);
    assert_eq!(desk.templates().unwrap_err().kind(), "kiosk_locked");
    for _ in 0..3 {
        assert_eq!(desk.kiosk_exit("000000").unwrap_err().kind(), "bad_pin");
    }
    // Now even the right PIN must wait.
    let err = desk.kiosk_exit("135792").unwrap_err();
    assert_eq!(err.kind(), "pin_wait", "{err}");
    assert!(desk.kiosk_state().unwrap().unwrap().wait_seconds > 0);
    drop(desk);
    let mut desk = common::desk(dir.path());
    assert_eq!(
        desk.kiosk_exit("135792").unwrap_err().kind(),
        "pin_wait",
        "a restart does not reset the wait"
    );
}

/// A signer who picks a colleague's name cannot read or sign as them without the
/// colleague's employee number; someone marked absent is not offered at all.
#[test]
fn at_the_kiosk_a_name_is_not_enough_and_the_absent_are_not_offered() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    let absent = person(&desk, id, "欧阳娜娜");
    desk.ceremony_set_absent(id, absent, true).unwrap();
    desk.kiosk_enter(id, "246813").unwrap();

    assert!(
        desk.ceremony_find(id, "欧阳").unwrap().is_empty(),
        "absent: not offered"
    );
    let li = desk.ceremony_find(id, "李四").unwrap().remove(0);
    assert_eq!(li.confirm_with.as_deref(), Some("工号"));
    let mut k = desk.kiosk();
    for wrong in ["", "E001", "E0022"] {
        let err = k.agreement(id, li.person_id, wrong).unwrap_err();
        assert_eq!(err.kind(), "identity_mismatch", "{wrong:?}");
        assert!(err.to_string().contains("工号"), "{err}");
        let err = k
            .preview(id, li.person_id, wrong, &[sig("employee", true)], "测试")
            .unwrap_err();
        assert_eq!(err.kind(), "identity_mismatch");
    }
    // The right number, whatever its case and spaces, opens, previews and signs; a
    // wrong one cannot confirm the right person's preview either.
    k.agreement(id, li.person_id, " e002 ").unwrap();
    let staged = k
        .preview(id, li.person_id, "E002", &[sig("employee", true)], "测试")
        .unwrap();
    let err = k.sign(id, li.person_id, "E001", &staged.token).unwrap_err();
    assert_eq!(err.kind(), "identity_mismatch");
    let done = k.sign(id, li.person_id, "E002", &staged.token).unwrap();
    assert_eq!(done.status, "signed");
    desk.kiosk_exit("246813").unwrap();
    assert_eq!(desk.info().unwrap().counts.agreements, 1, "only 李四's");
    // The organiser clears the mark: offered again.
    desk.ceremony_set_absent(id, absent, false).unwrap();
    desk.kiosk_enter(id, "246813").unwrap();
    assert_eq!(desk.ceremony_find(id, "欧阳").unwrap().len(), 1);
}

/// At the kiosk only people still to sign are offered and opened — also when a page
/// asks by id: not someone marked absent, not someone whose agreement was voided until
/// the organiser re-opens them.
#[test]
fn absent_and_voided_people_wait_for_the_organiser_at_the_kiosk() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    let zhang = person(&desk, id, "张三");
    let li = person(&desk, id, "李四");
    let first = desk
        .ceremony_sign(id, zhang, &[sig("employee", true)], "测试")
        .unwrap()
        .outcome
        .unwrap();
    desk.void_agreement(first.id, "姓名写错").unwrap();
    desk.ceremony_set_absent(id, li, true).unwrap();
    assert_eq!(
        desk.ceremony_reopen(id, li).unwrap_err().kind(),
        "bad_argument",
        "only a voided agreement is re-opened"
    );
    desk.kiosk_enter(id, "246813").unwrap();

    for (name, pid) in [("张三", zhang), ("李四", li)] {
        assert!(desk.ceremony_find(id, name).unwrap().is_empty(), "{name}");
        assert_eq!(
            desk.ceremony_person_agreement(id, pid).unwrap_err().kind(),
            "not_open_for_signing",
            "{name}"
        );
        let e = desk
            .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
            .unwrap_err();
        assert_eq!(e.kind(), "not_open_for_signing", "{name}");
    }
    assert_eq!(
        desk.ceremony_reopen(id, zhang).unwrap_err().kind(),
        "kiosk_locked",
        "only the organiser re-opens"
    );
    desk.kiosk_exit("246813").unwrap();

    desk.ceremony_reopen(id, zhang).unwrap();
    desk.ceremony_set_absent(id, li, false).unwrap();
    desk.kiosk_enter(id, "246813").unwrap();
    for (name, pid) in [("张三", zhang), ("李四", li)] {
        assert_eq!(desk.ceremony_find(id, name).unwrap()[0].person_id, pid);
        let done = desk
            .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
            .unwrap();
        assert_eq!(done.status, "signed", "{name}");
    }
    desk.kiosk_exit("246813").unwrap();
    assert_eq!(desk.agreement(first.id).unwrap().status, "voided");
    assert!(desk.verify().unwrap().ok);
}
