//! Ceremonies through the core API on a real archive on disk: roster, adopted and
//! per-agreement countersigning, kiosk lock (refusals in Rust, PIN, back-off,
//! surviving a restart), renewal, void and signing again.

use std::collections::BTreeMap;

use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::dto::SearchFilters;
use signdesk_core::signing::SignatureInput;
use signdesk_core::Desk;

mod common;
use common::png;

const ROSTER: &str = "姓名,工号,部门,岗位\n张三,E001,客服部,坐席\n李四,E002,客服部,坐席\n欧阳娜娜,E003,客服部,班长\n";

fn sig(role: &str, ink: bool) -> SignatureInput {
    SignatureInput {
        role_key: role.into(),
        signer_name: None,
        png: png(ink),
        strokes_json: "[[[1,2,0.5],[3,4,0.5]]]".into(),
    }
}

fn input(countersign: &str) -> CeremonyInput {
    CeremonyInput {
        template_id: common::TEMPLATE.into(),
        version: None,
        year: 2027,
        title: None,
        values: BTreeMap::new(),
        bindings: BTreeMap::new(),
        org_signers: [("director".to_string(), "周总监".to_string())].into(),
        countersign: countersign.parse().expect("adopt or each"),
    }
}

fn setup(countersign: &str) -> (tempfile::TempDir, Desk, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let c = desk.ceremony_create(&input(countersign)).unwrap();
    assert_eq!(c.title, "2027年度客服部安全目标责任书");
    let added = desk
        .ceremony_import_roster(
            c.id,
            "名单.csv",
            ROSTER.as_bytes(),
            true,
            &signdesk_core::Job::silent(),
        )
        .unwrap();
    assert_eq!((added.import.saved, added.added), (3, 3));
    (dir, desk, c.id)
}

fn person(desk: &Desk, id: i64, name: &str) -> i64 {
    desk.ceremony(id)
        .unwrap()
        .roster
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .person_id
}

#[test]
fn a_whole_adopt_mode_ceremony_in_kiosk_mode() {
    let (_dir, mut desk, id) = setup("adopt");
    // Nobody signs before the organisation's signature is there.
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

    let bad_pin = desk.kiosk_enter(id, "12a").unwrap_err();
    assert_eq!(bad_pin.kind(), "bad_pin");
    // Four digits are too few now: six at least.
    let short = desk.kiosk_enter(id, "2468").unwrap_err();
    assert_eq!(short.kind(), "bad_pin");
    assert!(short.to_string().contains("6–12"), "{short}");
    desk.kiosk_enter(id, "246813").unwrap();

    // Locked: the archive, templates, settings and roster management are refused.
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

    // Each signer finds themself by a few characters, initials or employee number.
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

    // Wrong PIN: refused and counted.
    let err = desk.kiosk_exit("111111").unwrap_err();
    assert_eq!(err.kind(), "bad_pin");
    assert!(desk.kiosk_state().unwrap().is_some());
    desk.kiosk_exit("246813").unwrap();
    assert!(desk.kiosk_state().unwrap().is_none());

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

/// What a poppler tool prints for `pdf`.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("preview.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

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

#[test]
fn a_roster_with_a_bad_row_puts_nobody_on_the_ceremony() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let c = desk.ceremony_create(&input("adopt")).unwrap();
    let bad = "姓名,工号,部门\n张三,E001,客服部\n,E002,客服部\n李四,E001,客服部\n";
    let preview = desk
        .ceremony_import_roster(
            c.id,
            "名单.csv",
            bad.as_bytes(),
            false,
            &signdesk_core::Job::silent(),
        )
        .unwrap();
    assert!(preview.import.preview.errors_count >= 2);
    let err = desk
        .ceremony_import_roster(
            c.id,
            "名单.csv",
            bad.as_bytes(),
            true,
            &signdesk_core::Job::silent(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), "roster_has_errors");
    assert!(desk.ceremony(c.id).unwrap().roster.is_empty());
    assert_eq!(desk.info().unwrap().counts.people, 0);
}

#[test]
fn bad_ceremony_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    // A countersign mode other than adopt/each cannot even be expressed: the IPC
    // input refuses it before the core is called.
    let json = serde_json::to_value(input("adopt")).unwrap();
    let mut bad = json.clone();
    bad["countersign"] = "sometimes".into();
    assert!(serde_json::from_value::<CeremonyInput>(bad).is_err());
    let mut i: CeremonyInput = serde_json::from_value(json).unwrap();
    i.org_signers.clear();
    assert_eq!(desk.ceremony_create(&i).unwrap_err().kind(), "missing_name");
    i = input("adopt");
    i.values.insert("nonsense".into(), "x".into());
    assert_eq!(
        desk.ceremony_create(&i).unwrap_err().kind(),
        "unknown_field"
    );
    i = input("adopt");
    i.year = 1890;
    assert_eq!(desk.ceremony_create(&i).unwrap_err().kind(), "bad_year");
    assert!(desk.ceremonies().unwrap().is_empty(), "nothing created");
}

#[test]
fn blanks_come_from_the_ceremony_or_from_each_persons_roster_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let text = "部门安全承诺书\n一、目标\n1、本部门（________）全年无事故。\n2、由________负责督促整改。\n本承诺书一式两份。\n承诺人（签字）：\n";
    let t = desk.import_template("承诺书.txt", text.as_bytes()).unwrap();
    let fields: Vec<_> = t
        .template
        .fields
        .iter()
        .filter(|f| !t.template.is_role_date(f))
        .collect();
    assert_eq!(fields.len(), 2, "{:?}", t.template.fields);
    let mut i = CeremonyInput {
        template_id: t.id.clone(),
        org_signers: BTreeMap::new(),
        ..input("adopt")
    };
    assert_eq!(
        desk.ceremony_create(&i).unwrap_err().kind(),
        "missing_field"
    );
    i.bindings
        .insert(fields[0].key.clone(), "department".into());
    i.values.insert(fields[1].key.clone(), "安全员".into());
    let c = desk.ceremony_create(&i).unwrap();
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        ROSTER.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
    let pid = person(&desk, c.id, "张三");
    let a = desk.ceremony_person_agreement(c.id, pid).unwrap();
    assert_eq!(a.values[&fields[0].key], "客服部");
    assert_eq!(a.values[&fields[1].key], "安全员");
    let role = a.roles[0].key.clone();
    let out = desk
        .ceremony_sign(c.id, pid, &[sig(&role, true)], "测试")
        .unwrap();
    let rec = desk.agreement(out.outcome.unwrap().id).unwrap();
    assert!(
        rec.signed_text.contains("本部门（客服部）"),
        "{}",
        rec.signed_text
    );
}

#[test]
fn renewal_void_and_signing_again() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    let pid = person(&desk, id, "张三");
    let first = desk
        .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
        .unwrap()
        .outcome
        .unwrap();
    desk.ceremony_set_absent(id, person(&desk, id, "李四"), true)
        .unwrap();
    let c = desk.ceremony(id).unwrap();
    assert_eq!((c.summary.signed, c.summary.absent), (1, 1));

    // Void with a reason: the person shows as voided and may sign again (make-up).
    assert_eq!(
        desk.void_agreement(first.id, " ").unwrap_err().kind(),
        "void_reason_missing"
    );
    desk.void_agreement(first.id, "姓名写错").unwrap();
    let c = desk.ceremony(id).unwrap();
    assert_eq!(c.summary.voided, 1);
    let again = desk
        .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
        .unwrap();
    assert_eq!(again.status, "signed");
    assert_eq!(
        desk.agreement(first.id).unwrap().status,
        "voided",
        "the voided one stays"
    );

    // Renewal: next year, same roster, same signers; the adopted signature is not copied.
    let next = desk.ceremony_renew(id, None).unwrap();
    assert_eq!(next.year, 2028);
    assert_eq!(next.title, "2028年度客服部安全目标责任书");
    assert_eq!(next.renewed_from, Some(id));
    let d = desk.ceremony(next.id).unwrap();
    assert_eq!(d.roster.len(), 3);
    assert!(d.roster.iter().all(|p| p.status == "pending"));
    assert!(
        d.not_ready.is_some(),
        "next year's organisation signature is signed anew"
    );

    desk.ceremony_close(id).unwrap();
    let err = desk
        .ceremony_sign(
            id,
            person(&desk, id, "李四"),
            &[sig("employee", true)],
            "测试",
        )
        .unwrap_err();
    assert_eq!(err.kind(), "ceremony_closed");
}

#[test]
fn people_are_corrected_by_hand_and_agreements_keep_what_was_signed() {
    let (_dir, mut desk, id) = setup("adopt");
    desk.ceremony_adopt_signature(id, &sig("director", true))
        .unwrap();
    let pid = person(&desk, id, "张三");
    let signed = desk
        .ceremony_sign(id, pid, &[sig("employee", true)], "测试")
        .unwrap()
        .outcome
        .unwrap();
    let mut p = desk
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.id == pid)
        .unwrap();
    p.name = "张叁".into();
    p.department = "安全科".into();
    let after = desk.update_person(pid, &p).unwrap();
    assert_eq!(
        (after.name.as_str(), after.initials.as_str()),
        ("张叁", "zs")
    );
    assert_eq!(
        desk.agreement(signed.id).unwrap().signer,
        "张三",
        "the archive is never rewritten"
    );

    p.employee_no = Some("E002".into());
    let dup = desk.update_person(pid, &p).unwrap_err();
    assert_eq!(dup.kind(), "duplicate_employee_no");
    p.employee_no = Some("E001".into());
    p.name = "张\u{202E}叁".into();
    assert_eq!(desk.update_person(pid, &p).unwrap_err().kind(), "bad_name");
    assert_eq!(
        desk.people()
            .unwrap()
            .iter()
            .find(|q| q.id == pid)
            .unwrap()
            .name,
        "张叁"
    );

    // The kiosk shows the adopted organisation signature in place.
    let lisi = person(&desk, id, "李四");
    let a = desk.ceremony_person_agreement(id, lisi).unwrap();
    assert_eq!(a.adopted.len(), 1);
    assert_eq!(a.adopted[0].signer_name, "周总监");
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
