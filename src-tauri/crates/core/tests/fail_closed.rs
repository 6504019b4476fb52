//! Damaged records fail closed (issue 26): an unreadable kiosk lock keeps the desk
//! locked and says so; a damaged ceremony row is named, never read as empty.

use signdesk_core::dto::SearchFilters;

mod common;

/// Changes the archive's raw rows behind the desk's back.
fn tamper(dir: &std::path::Path, sql: &str) {
    let key = signdesk_core::keyfile::archive_key(dir, common::PASSPHRASE).unwrap();
    let mut a = signdesk_archive::Archive::open_dir(dir, &key).unwrap();
    a.write(|tx| {
        let n = tx.execute(sql, [])?;
        assert_eq!(n, 1, "{sql}");
        Ok::<_, signdesk_archive::ArchiveError>(())
    })
    .unwrap();
}

fn ceremony(desk: &mut signdesk_core::Desk) -> i64 {
    let c = desk
        .ceremony_create(&common::ceremony_input("each"))
        .unwrap();
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        "姓名,工号\n张三,E001\n".as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
    c.id
}

#[test]
fn an_unreadable_kiosk_lock_keeps_the_desk_locked_until_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let id = ceremony(&mut desk);
    desk.kiosk_enter(id, "246813").unwrap();
    drop(desk);
    tamper(
        dir.path(),
        "UPDATE settings SET value = '{not json' WHERE key = 'kiosk.lock'",
    );

    let mut desk = common::desk(dir.path());
    assert!(desk.in_kiosk(), "a damaged lock still locks");
    let state = desk.kiosk_state().unwrap().expect("locked");
    assert!(state.damaged, "and says so: {state:?}");
    let err = desk.search(&SearchFilters::default()).unwrap_err();
    assert_eq!(err.kind(), "kiosk_locked");
    // No ceremony is open to signers, and the old PIN opens nothing (it is unknown).
    assert_eq!(
        desk.ceremony_find(id, "张").unwrap_err().kind(),
        "kiosk_locked"
    );
    assert_eq!(desk.kiosk_exit("246813").unwrap_err().kind(), "bad_pin");
    desk.kiosk_exit(common::PASSPHRASE).unwrap();
    assert!(!desk.in_kiosk());
    desk.search(&SearchFilters::default()).unwrap();
}

#[test]
fn a_damaged_ceremony_row_is_named_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let id = ceremony(&mut desk);
    drop(desk);
    tamper(
        dir.path(),
        &format!("UPDATE ceremonies SET org_signers_json = '{{\"director\":' WHERE id = {id}"),
    );
    let desk = common::desk(dir.path());
    let err = desk.ceremony(id).unwrap_err();
    assert_eq!(err.kind(), "archive_corrupt", "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("2027年度客服部安全目标责任书") && msg.contains("发约方签署人"),
        "names the ceremony and what is damaged: {msg}"
    );
}
