//! The organiser passphrase and the encrypted archive through the core API: first
//! creation, wrong passphrases, a passphrase change, a forgotten PIN, an interrupted
//! creation, and no personal data readable on disk.

use signdesk_core::{Desk, FolderState};

mod common;
use common::{png, request, PASSPHRASE};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn folder_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            all.extend(std::fs::read(p).unwrap());
        }
    }
    all
}

#[test]
fn the_database_holds_no_readable_name_signature_or_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    desk.sign(&request("欧阳娜娜", png(true))).unwrap();
    // Open (pages in the WAL) and closed (checkpointed into the main file).
    for round in ["open", "closed"] {
        let bytes = folder_bytes(dir.path());
        for plain in [
            "欧阳娜娜",
            "周总监",
            "安全目标责任书",
            "客服部",
            "%PDF",
            "IHDR",
            "SQLite format 3",
        ] {
            assert!(
                !contains(&bytes, plain),
                "{round}: {plain:?} readable on disk"
            );
        }
        if round == "open" {
            drop(std::mem::replace(&mut desk, common::desk(dir.path())));
            drop(desk);
            desk = common::desk(dir.path());
        }
    }
    // …while the organisation's name, shown on the unlock screen, is in the key file.
    let key = std::fs::read_to_string(dir.path().join("signdesk.key")).unwrap();
    assert!(key.contains("宁德新奥燃气有限公司") && !key.contains(PASSPHRASE));
}

#[test]
fn a_wrong_passphrase_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::desk(dir.path()));
    assert_eq!(
        Desk::folder_state(dir.path()),
        FolderState::Locked {
            organisation: "宁德新奥燃气有限公司".into()
        }
    );
    for wrong in ["", "测试口令 core 2026", "测试口令 core 2027 "] {
        let err = Desk::open(dir.path(), wrong).err().unwrap();
        assert_eq!(err.kind(), "wrong_passphrase", "{wrong:?}: {err}");
        // …and says how many tries are left before waiting starts (issue 12).
        assert!(err.to_string().starts_with("口令不正确（还可再试"), "{err}");
    }
    Desk::open(dir.path(), PASSPHRASE).unwrap();
}

#[test]
fn creation_refuses_weak_passphrases_bad_names_and_existing_archives() {
    let dir = tempfile::tempdir().unwrap();
    for (org, pass, kind) in [
        ("宁德新奥", "短口令", "weak_passphrase"),
        ("宁德新奥", "11111111", "weak_passphrase"),
        ("  ", PASSPHRASE, "missing_name"),
        ("宁德\u{202e}新奥", PASSPHRASE, "bad_name"),
    ] {
        let err = Desk::create(dir.path(), org, pass).err().unwrap();
        assert_eq!(err.kind(), kind, "{org:?} {pass:?}: {err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing written for {org:?} {pass:?}"
        );
    }
    drop(common::desk(dir.path()));
    let err = Desk::create(dir.path(), "别的单位", "另一个口令另一个口令")
        .err()
        .unwrap();
    assert_eq!(err.kind(), "archive_exists");
    Desk::open(dir.path(), PASSPHRASE).unwrap();
}

#[test]
fn a_lost_key_file_or_database_is_named_not_recreated() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::desk(dir.path()));
    let key = dir.path().join("signdesk.key");
    let db = dir.path().join("signdesk.db");

    std::fs::rename(&db, dir.path().join("moved.db")).unwrap();
    let err = Desk::open(dir.path(), PASSPHRASE).err().unwrap();
    assert_eq!(err.kind(), "archive_missing", "{err}");
    assert!(!db.exists(), "no empty archive created in its place");
    std::fs::rename(dir.path().join("moved.db"), &db).unwrap();

    std::fs::rename(&key, dir.path().join("moved.key")).unwrap();
    assert_eq!(Desk::folder_state(dir.path()), FolderState::Empty);
    let err = Desk::create(dir.path(), "宁德新奥", PASSPHRASE)
        .err()
        .unwrap();
    assert_eq!(err.kind(), "key_file_missing", "{err}");
    let err = Desk::open(dir.path(), PASSPHRASE).err().unwrap();
    assert_eq!(err.kind(), "key_file_missing", "{err}");
    std::fs::rename(dir.path().join("moved.key"), &key).unwrap();

    std::fs::write(&key, b"{ not a key file").unwrap();
    let err = Desk::open(dir.path(), PASSPHRASE).err().unwrap();
    assert_eq!(err.kind(), "key_file_damaged", "{err}");
}

#[test]
fn an_interrupted_creation_is_finished_on_the_next_open() {
    // Creation writes signdesk.key.pending, creates the database, then renames the
    // key file; here the process "died" just before the rename.
    let dir = tempfile::tempdir().unwrap();
    drop(common::desk(dir.path()));
    let key = dir.path().join("signdesk.key");
    std::fs::rename(&key, dir.path().join("signdesk.key.pending")).unwrap();
    assert!(matches!(
        Desk::folder_state(dir.path()),
        FolderState::Locked { .. }
    ));
    // A wrong passphrase leaves the pending file alone…
    assert_eq!(
        Desk::open(dir.path(), "不是这个口令不是")
            .err()
            .unwrap()
            .kind(),
        "wrong_passphrase"
    );
    assert!(dir.path().join("signdesk.key.pending").exists());
    // …the right one finishes the creation.
    let desk = Desk::open(dir.path(), PASSPHRASE).unwrap();
    assert!(key.exists() && !dir.path().join("signdesk.key.pending").exists());
    assert!(desk.info().unwrap().counts.templates > 0);

    // Died even earlier, before the database existed: the folder is still empty and a
    // new archive can be made, whatever passphrase the lost attempt had.
    let early = tempfile::tempdir().unwrap();
    std::fs::copy(&key, early.path().join("signdesk.key.pending")).unwrap();
    assert_eq!(Desk::folder_state(early.path()), FolderState::Empty);
    Desk::create(early.path(), "宁德新奥", "完全不同的新口令").unwrap();
}

#[test]
fn changing_the_passphrase_changes_the_key_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    desk.sign(&request("张三", png(true))).unwrap();
    let new = "新的口令新的口令 2028";
    assert_eq!(
        desk.change_passphrase("不对的旧口令不对", new)
            .unwrap_err()
            .kind(),
        "wrong_passphrase"
    );
    assert_eq!(
        desk.change_passphrase(PASSPHRASE, "短").unwrap_err().kind(),
        "weak_passphrase"
    );
    desk.change_passphrase(PASSPHRASE, new).unwrap();
    drop(desk);
    assert_eq!(
        Desk::open(dir.path(), PASSPHRASE).err().unwrap().kind(),
        "wrong_passphrase"
    );
    let desk = Desk::open(dir.path(), new).unwrap();
    assert_eq!(desk.info().unwrap().counts.agreements, 1);
    drop(desk);
    let key = signdesk_core::keyfile::archive_key(dir.path(), new).unwrap();
    let conn = signdesk_archive::open_connection(&dir.path().join("signdesk.db"), &key).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE event = 'passphrase_changed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1, "the change is in the audit log");
    drop(conn);
    // Signing still seals (the seal key followed the new archive key), and verify holds.
    let mut desk = Desk::open(dir.path(), new).unwrap();
    desk.sign(&request("李四", png(true))).unwrap();
    let report = desk.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

/// A backup taken before the change carries the old key file: with the old passphrase
/// it opens that backup's copy, never today's archive, whose key changed too.
#[test]
fn an_old_backups_key_and_passphrase_do_not_open_the_archive_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&request("张三", png(true))).unwrap();
    let old_key_file = std::fs::read(data.join("signdesk.key")).unwrap();
    let old_key = signdesk_core::keyfile::archive_key(&data, PASSPHRASE).unwrap();
    let db = data.join("signdesk.db");
    assert!(signdesk_archive::open_connection(&db, &old_key).is_ok());
    desk.change_passphrase(PASSPHRASE, "新的口令新的口令 2028")
        .unwrap();
    drop(desk);

    // The old key file, put back beside the live database, with the old passphrase.
    let elsewhere = dir.path().join("旧密钥");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("signdesk.key"), &old_key_file).unwrap();
    let again = signdesk_core::keyfile::archive_key(&elsewhere, PASSPHRASE).unwrap();
    let err = signdesk_archive::open_connection(&db, &again).unwrap_err();
    assert_eq!(err.kind(), "archive_undecryptable", "{err}");
    assert!(signdesk_archive::open_connection(&db, &old_key).is_err());
}

#[test]
fn a_forgotten_pin_gives_way_to_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let c = desk
        .ceremony_create(&common::ceremony_input("each"))
        .unwrap();
    desk.kiosk_enter(c.id, "246813").unwrap();
    assert_eq!(desk.kiosk_exit("1357").unwrap_err().kind(), "bad_pin");
    assert_eq!(desk.info().unwrap_err().kind(), "kiosk_locked");
    desk.kiosk_exit(PASSPHRASE).unwrap();
    assert!(desk.kiosk_state().unwrap().is_none());
    desk.info().unwrap();
}

/// Wrong passphrases are counted in a file beside the key (so a restart does not reset
/// them); after five, every try waits — the right passphrase too; the next unlock
/// records the failures in the audit log and clears the count.
#[test]
fn wrong_passphrases_back_off_across_restarts_and_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::desk(dir.path()));
    for i in 1..=5u32 {
        let err = Desk::open(dir.path(), "猜的口令猜的口令").err().unwrap();
        assert_eq!(err.kind(), "wrong_passphrase", "try {i}");
        if i < 5 {
            assert!(
                err.to_string().contains(&format!("还可再试 {} 次", 5 - i)),
                "{err}"
            );
        } else {
            assert!(err.to_string().contains("秒后再试"), "{err}");
        }
    }
    // Waiting now, even with the right passphrase (a new process sees the same file).
    let err = Desk::open(dir.path(), PASSPHRASE).err().unwrap();
    assert_eq!(err.kind(), "unlock_wait", "{err}");
    assert!(err.to_string().contains("连续输错 5 次"), "{err}");

    // Time passes (the wait moved into the past), and the right passphrase opens.
    let file = dir.path().join("signdesk.unlock");
    let mut record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    record["retry_after"] = "2000-01-01T00:00:00+00:00".into();
    std::fs::write(&file, record.to_string()).unwrap();
    let desk = Desk::open(dir.path(), PASSPHRASE).unwrap();
    assert!(!file.exists(), "the count is cleared by a good unlock");
    drop(desk);
    let key = signdesk_core::keyfile::archive_key(dir.path(), PASSPHRASE).unwrap();
    let conn = signdesk_archive::open_connection(&dir.path().join("signdesk.db"), &key).unwrap();
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE event = 'unlock_failures'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("\"count\":5"), "{detail}");
}

/// A key file sealed at the old Argon2id cost (19 MiB, 2 passes) opens, and is
/// re-sealed at today's cost on that unlock — same key, same passphrase.
#[test]
fn a_key_file_at_the_old_cost_is_upgraded_on_unlock() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::desk(dir.path()));
    let path = dir.path().join("signdesk.key");
    let key = signdesk_core::keyfile::archive_key(dir.path(), PASSPHRASE).unwrap();
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let old = signdesk_seal::seal_key_at(key.as_bytes(), PASSPHRASE.as_bytes(), (19 * 1024, 2, 1));
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    file["wrapped_key"] = hex(&old).into();
    std::fs::write(&path, file.to_string()).unwrap();
    let cost = |p: &std::path::Path| {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        let h = v["wrapped_key"].as_str().unwrap().to_string();
        let bytes: Vec<u8> = (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect();
        signdesk_seal::sealed_cost(&bytes).unwrap()
    };
    assert_eq!(cost(&path), (19 * 1024, 2, 1));
    let desk = Desk::open(dir.path(), PASSPHRASE).unwrap();
    drop(desk);
    assert_eq!(cost(&path), signdesk_seal::COST);
    assert_eq!(signdesk_seal::COST, (64 * 1024, 3, 1));
    let again = signdesk_core::keyfile::archive_key(dir.path(), PASSPHRASE).unwrap();
    assert_eq!(again.as_bytes(), key.as_bytes(), "the same archive key");
}

/// A restore keeps the archive it replaced and that archive's key file beside the live
/// one; both still open with the old passphrase. After a change they are listed, and
/// deleted on request (audited).
#[test]
fn after_a_change_the_copies_a_restore_left_are_offered_for_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&request("张三", png(true))).unwrap();
    let backup = dir.path().join("b.sdbak");
    desk.backup(&backup, false, &signdesk_core::Job::silent())
        .unwrap();
    assert!(desk.old_copies().unwrap().is_empty());
    drop(desk);
    signdesk_core::trust::restore(&data, &backup, PASSPHRASE, &signdesk_core::Job::silent())
        .unwrap();
    let left = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".before-restore"))
            .collect();
        v.sort();
        v
    };
    let before = left(&data);
    assert_eq!(before.len(), 2, "{before:?}");

    let mut desk = Desk::open(&data, PASSPHRASE).unwrap();
    let new = "新的口令新的口令 2028";
    desk.change_passphrase(PASSPHRASE, new).unwrap();
    let offered: Vec<String> = desk
        .old_copies()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(offered, before);
    let deleted = desk.delete_old_copies().unwrap();
    assert_eq!(deleted.len(), 2);
    assert!(left(&data).is_empty());
    assert!(desk.old_copies().unwrap().is_empty());
    assert!(
        desk.delete_old_copies().unwrap().is_empty(),
        "nothing twice"
    );
    let history = desk.verify().unwrap();
    assert!(history.ok, "{:?}", history.problems);
    drop(desk);
    let key = signdesk_core::keyfile::archive_key(&data, new).unwrap();
    let conn = signdesk_archive::open_connection(&data.join("signdesk.db"), &key).unwrap();
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE event = 'old_copies_deleted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        before.iter().all(|n| detail.contains(n.as_str())),
        "{detail}"
    );
}
