//! `signdesk-cli backup` and `restore` on a real archive made by `signdesk-cli sign`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{cli, db, failed_json, ok_json, sign};
use signdesk_archive::agreements::sha256_hex;
use signdesk_archive::Connection;

fn count(file: &Path, table: &str) -> i64 {
    let conn =
        Connection::open_with_flags(file, signdesk_archive::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn numbers(file: &Path) -> Vec<String> {
    let conn =
        Connection::open_with_flags(file, signdesk_archive::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut st = conn
        .prepare("SELECT number FROM agreements ORDER BY number")
        .unwrap();
    let v = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    v
}

#[test]
fn backup_writes_a_verified_copy_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sign(&data, "张三");
    sign(&data, "李四");
    let out = dir.path().join("backup.sdb");
    let r = ok_json(&cli(
        &data,
        &["backup", "--out", out.to_str().unwrap(), "--json"],
    ));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(r["agreements"], 2);
    assert_eq!(r["bytes"].as_u64().unwrap(), bytes.len() as u64);
    assert_eq!(r["sha256"].as_str().unwrap(), sha256_hex(&bytes));
    assert_eq!(numbers(&out), numbers(&db(&data)));
    assert_eq!(count(&out, "signatures"), 4);
    // One self-contained file: no WAL beside it, nothing temporary left.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let again = failed_json(&cli(
        &data,
        &["backup", "--out", out.to_str().unwrap(), "--json"],
    ));
    assert_eq!(again["error"]["kind"], "file_exists");
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "not overwritten");
    ok_json(&cli(
        &data,
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--force",
            "--json",
        ],
    ));
    let conn = Connection::open(db(&data)).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE event = 'backed_up'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        n, 2,
        "each successful backup is audited, the refused one not"
    );
}

#[test]
fn backup_during_another_writers_transaction_waits_then_copies_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sign(&data, "张三");
    let before = numbers(&db(&data));

    // Another program holds the write lock, briefly: the backup waits (busy timeout)
    // and then completes with the committed agreements.
    let writer = Connection::open(db(&data)).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES ('x', 'y');")
        .unwrap();
    let out = dir.path().join("b1.sdb");
    let child = Command::new(env!("CARGO_BIN_EXE_signdesk-cli"))
        .arg("--data")
        .arg(&data)
        .args(["backup", "--out", out.to_str().unwrap(), "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    writer.execute_batch("COMMIT").unwrap();
    let r = ok_json(&child.wait_with_output().unwrap());
    assert_eq!(r["agreements"], 1);
    assert_eq!(numbers(&out), before);
    assert_eq!(count(&out, "signatures"), 2);

    // Held past the busy timeout: refused, nothing written.
    writer.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let out2 = dir.path().join("b2.sdb");
    let started = Instant::now();
    let res = cli(
        &data,
        &["backup", "--out", out2.to_str().unwrap(), "--json"],
    );
    writer.execute_batch("ROLLBACK").unwrap();
    let v = failed_json(&res);
    assert_eq!(v["error"]["kind"], "archive_busy", "{v}");
    assert!(started.elapsed() >= Duration::from_secs(4), "waited first");
    assert!(!out2.exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("tmp")),
        "no temporary file left: {names:?}"
    );
}

#[test]
fn restore_refuses_what_is_not_a_sound_archive_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sign(&data, "张三");
    let backup = dir.path().join("good.sdb");
    ok_json(&cli(
        &data,
        &["backup", "--out", backup.to_str().unwrap(), "--json"],
    ));
    let good = std::fs::read(&backup).unwrap();

    let random = dir.path().join("random.bin");
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..50_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&random, &noise).unwrap();
    let truncated = dir.path().join("truncated.sdb");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let truncated_page = dir.path().join("truncated-page.sdb");
    std::fs::write(&truncated_page, &good[..good.len() - 4096]).unwrap();
    let foreign = dir.path().join("other.sqlite");
    {
        let c = Connection::open(&foreign).unwrap();
        c.execute_batch(
            "PRAGMA user_version = 3; CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes(body) VALUES ('hello');",
        )
        .unwrap();
    }
    let newer = dir.path().join("newer.sdb");
    std::fs::write(&newer, &good).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    let empty = dir.path().join("empty.sdb");
    std::fs::write(&empty, b"").unwrap();

    let live_before = std::fs::read(db(&data)).unwrap();
    let listing = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let files_before = listing(&data);
    for (file, kind) in [
        (&random, "not_an_archive"),
        (&truncated, "not_an_archive"),
        (&truncated_page, "not_an_archive"),
        (&foreign, "not_an_archive"),
        (&newer, "archive_too_new"),
        (&empty, "not_an_archive"),
    ] {
        let v = failed_json(&cli(&data, &["restore", file.to_str().unwrap(), "--json"]));
        assert_eq!(v["error"]["kind"], kind, "{}: {v}", file.display());
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("档案库"),
            "{}: a clear Chinese message: {message}",
            file.display()
        );
        assert!(
            std::fs::read(db(&data)).unwrap() == live_before,
            "{}: the live archive is byte-for-byte unchanged",
            file.display()
        );
        assert_eq!(listing(&data), files_before, "{}", file.display());
    }
    ok_json(&cli(&data, &["verify", "--json"]));
}

#[test]
fn restore_brings_the_archive_back_to_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let kept = sign(&data, "张三");
    let backup = dir.path().join("backup.sdb");
    ok_json(&cli(
        &data,
        &["backup", "--out", backup.to_str().unwrap(), "--json"],
    ));
    let later = sign(&data, "李四");
    assert_eq!(numbers(&db(&data)).len(), 2);

    let r = ok_json(&cli(
        &data,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["agreements"], 1);
    let previous = r["previous"].as_str().unwrap();
    assert!(
        previous.contains("signdesk.db.before-restore-"),
        "{previous}"
    );
    assert_eq!(
        numbers(Path::new(previous)).len(),
        2,
        "the replaced archive is kept"
    );

    assert_eq!(
        numbers(&db(&data)),
        vec![kept["number"].as_str().unwrap().to_string()]
    );
    let shown = cli(&data, &["show", &later["id"].to_string(), "--json"]);
    assert_eq!(failed_json(&shown)["error"]["kind"], "not_found");
    let report = ok_json(&cli(&data, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checked"], 1);

    let conn = Connection::open(db(&data)).unwrap();
    let restored: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE event = 'restored'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(restored, 1);
    drop(conn);
    // Signing goes on after a restore, with the restored numbering.
    let next = sign(&data, "王五");
    assert_eq!(next["number"], later["number"]);
}

#[test]
fn restore_is_refused_while_another_program_has_the_archive_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sign(&data, "张三");
    let backup = dir.path().join("backup.sdb");
    ok_json(&cli(
        &data,
        &["backup", "--out", backup.to_str().unwrap(), "--json"],
    ));
    sign(&data, "李四");
    // Like the desktop app: a connection open, idle, in WAL mode.
    let other = Connection::open(db(&data)).unwrap();
    let n: i64 = other
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    let v = failed_json(&cli(
        &data,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "archive_in_use", "{v}");
    let n: i64 = other
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "the open archive is still the same");
    drop(other);
    assert_eq!(numbers(&db(&data)).len(), 2);
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("restore")),
        "nothing left behind: {names:?}"
    );
}
