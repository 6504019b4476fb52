//! The organiser's side: a roster with a bad row, refused inputs, blanks filled by the
//! ceremony or each person's roster row, renewal, void and signing again, people
//! corrected by hand.

use std::collections::BTreeMap;

use signdesk_core::ceremony::CeremonyInput;

use crate::{common, input, person, setup, sig, ROSTER};

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
