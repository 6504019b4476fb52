//! The archive is encrypted at rest, and its backups are one checked file.

mod common;

use common::{fresh, sign, template, test_key, Spec};
use signdesk_archive::backup::{self, RestoreFrom};
use signdesk_archive::{settings, Archive, ArchiveError, DbKey, DB_FILE};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every file SQLite wrote for the archive (main file, WAL), concatenated.
fn on_disk(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        all.extend(std::fs::read(e.unwrap().path()).unwrap());
    }
    all
}

#[test]
fn nothing_readable_on_disk() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    sign(
        &mut a,
        v,
        &Spec {
            name: "欧阳娜娜",
            ..Spec::default()
        },
    );
    a.write(|tx| settings::set(tx, "org.name", "宁德新奥燃气有限公司"))
        .unwrap();
    let data = dir.path().join("data");
    // Both while open (pages in the WAL) and after a checkpoint on close.
    for round in 0..2 {
        let bytes = on_disk(&data);
        assert!(bytes.len() > 4096, "round {round}: the archive was written");
        for plain in [
            "欧阳娜娜",
            "客服部",
            "宁德新奥",
            "SQLite format 3",
            "CREATE TABLE",
        ] {
            assert!(
                !contains(&bytes, plain),
                "round {round}: {plain:?} readable on disk"
            );
        }
        if round == 0 {
            drop(std::mem::replace(
                &mut a,
                Archive::open_dir(&data, &test_key()).unwrap(),
            ));
        }
    }
}

#[test]
fn a_wrong_key_is_refused_and_changes_nothing() {
    let (dir, a) = fresh();
    drop(a);
    let file = dir.path().join("data").join(DB_FILE);
    let before = std::fs::read(&file).unwrap();
    let err = Archive::open(&file, &DbKey::from_bytes([8; 32]))
        .err()
        .unwrap();
    assert!(matches!(err, ArchiveError::Undecryptable { .. }), "{err:?}");
    assert_eq!(err.kind(), "archive_undecryptable");
    assert!(err.to_string().contains("无法解密档案库"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    Archive::open(&file, &test_key()).expect("the right key still opens it");
}

fn backup_of(a: &Archive, out_dir: &std::path::Path) -> std::path::PathBuf {
    let out = out_dir.join("backup.sdb");
    backup::write_backup(
        a.read(),
        &test_key(),
        b"{\"envelope\":1}",
        &out,
        &signdesk_base::Job::silent(),
    )
    .unwrap();
    out
}

#[test]
fn backup_round_trip_carries_the_envelope_and_restores_elsewhere() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    for name in ["张三", "李四", "王五"] {
        sign(
            &mut a,
            v,
            &Spec {
                name,
                ..Spec::default()
            },
        );
    }
    let out_dir = tempfile::tempdir().unwrap();
    let file = backup_of(&a, out_dir.path());
    let bytes = std::fs::read(&file).unwrap();
    assert!(!contains(&bytes, "张三"), "the backup is encrypted too");
    let (envelope, location) = backup::read_envelope(&file).unwrap();
    assert_eq!(envelope, b"{\"envelope\":1}");

    let target = tempfile::tempdir().unwrap();
    let restored = backup::restore(
        target.path(),
        RestoreFrom {
            file: &file,
            location,
            key: &test_key(),
            live_key: None,
            job: &signdesk_base::Job::silent(),
        },
        "t",
        |_| Ok(()),
    )
    .unwrap();
    assert_eq!(restored.copy.count("agreements"), 3);
    assert!(restored.previous.is_none());
    let back = Archive::open_dir(target.path(), &test_key()).unwrap();
    let n: i64 = back
        .read()
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}

#[test]
fn damaged_backups_are_refused_before_anything_is_opened() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    sign(&mut a, v, &Spec::default());
    let out_dir = tempfile::tempdir().unwrap();
    let file = backup_of(&a, out_dir.path());
    let good = std::fs::read(&file).unwrap();

    let damaged = out_dir.path().join("damaged.sdb");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() - 5000].to_vec()),
        ("flipped byte", {
            let mut b = good.clone();
            let i = b.len() / 2;
            b[i] ^= 1;
            b
        }),
        ("empty", Vec::new()),
        (
            "not ours",
            b"SQLite format 3\0 and then some bytes that go on and on".repeat(3),
        ),
    ];
    for (what, bytes) in cases {
        std::fs::write(&damaged, &bytes).unwrap();
        let err = backup::read_envelope(&damaged).err().unwrap();
        assert_eq!(err.kind(), "not_a_backup", "{what}: {err}");
        assert!(
            err.to_string().contains("不是可用的签约台备份"),
            "{what}: {err}"
        );
    }
}

#[test]
fn a_backup_with_the_wrong_key_restores_nothing() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "客服部安全目标责任书");
    sign(&mut a, v, &Spec::default());
    let out_dir = tempfile::tempdir().unwrap();
    let file = backup_of(&a, out_dir.path());
    let (_, location) = backup::read_envelope(&file).unwrap();
    let target = tempfile::tempdir().unwrap();
    let err = backup::restore(
        target.path(),
        RestoreFrom {
            file: &file,
            location,
            key: &DbKey::from_bytes([9; 32]),
            live_key: None,
            job: &signdesk_base::Job::silent(),
        },
        "t",
        |_| Ok(()),
    )
    .err()
    .unwrap();
    assert_eq!(err.kind(), "archive_undecryptable", "{err}");
    assert_eq!(
        std::fs::read_dir(target.path()).unwrap().count(),
        0,
        "nothing left behind"
    );
}
