//! `signdesk-cli ceremony …` and `kiosk …` on a real archive: a ceremony made through
//! the core (as the app makes it), locked, then driven from the command line.

use std::collections::BTreeMap;

mod common;
use common::{cli, failed_json, ok_json};

fn locked_ceremony(data: &std::path::Path) -> i64 {
    let mut desk = signdesk_core::Desk::create(data, common::ORG, common::PASSPHRASE).unwrap();
    let c = desk
        .ceremony_create(&signdesk_core::ceremony::CeremonyInput {
            template_id: common::TEMPLATE.into(),
            version: None,
            year: 2027,
            title: None,
            values: BTreeMap::new(),
            bindings: BTreeMap::new(),
            org_signers: [("director".to_string(), "周总监".to_string())].into(),
            countersign: signdesk_core::Countersign::Each,
        })
        .unwrap();
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n";
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        roster.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
    desk.kiosk_enter(c.id, "246813").unwrap();
    c.id
}

#[test]
fn kiosk_lock_holds_for_the_cli_until_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let id = locked_ceremony(dir.path());
    let s = ok_json(&cli(dir.path(), &["kiosk", "status", "--json"]));
    assert_eq!(s["ceremony_id"], id);
    let refused = failed_json(&cli(dir.path(), &["ceremony", "list", "--json"]));
    assert_eq!(refused["error"]["kind"], "kiosk_locked");
    let refused = failed_json(&cli(dir.path(), &["search", "张三", "--json"]));
    assert_eq!(refused["error"]["kind"], "kiosk_locked");
    let wrong = failed_json(&cli(
        dir.path(),
        &["kiosk", "exit", "--pin", "111111", "--json"],
    ));
    assert_eq!(wrong["error"]["kind"], "bad_pin");
    ok_json(&cli(
        dir.path(),
        &["kiosk", "exit", "--pin", "246813", "--json"],
    ));
    assert!(ok_json(&cli(dir.path(), &["kiosk", "status", "--json"])).is_null());
}

#[test]
fn progress_renewal_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let id = locked_ceremony(dir.path());
    ok_json(&cli(
        dir.path(),
        &["kiosk", "exit", "--pin", "246813", "--json"],
    ));

    let list = ok_json(&cli(dir.path(), &["ceremony", "list", "--json"]));
    assert_eq!(list[0]["id"], id);
    assert_eq!(
        (list[0]["people"].as_i64(), list[0]["signed"].as_i64()),
        (Some(2), Some(0))
    );
    let show = ok_json(&cli(
        dir.path(),
        &["ceremony", "show", &id.to_string(), "--json"],
    ));
    let statuses: Vec<_> = show["roster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["pending", "pending"]);

    let next = ok_json(&cli(
        dir.path(),
        &["ceremony", "renew", &id.to_string(), "--json"],
    ));
    assert_eq!(next["year"], 2028);
    assert_eq!(next["people"], 2);
    let closed = ok_json(&cli(
        dir.path(),
        &["ceremony", "close", &id.to_string(), "--json"],
    ));
    assert_eq!(closed["closed"], true);
    let missing = failed_json(&cli(dir.path(), &["ceremony", "show", "999", "--json"]));
    assert_eq!(missing["error"]["kind"], "not_found");
}
