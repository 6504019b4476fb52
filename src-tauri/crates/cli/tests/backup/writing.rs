//! `backup`: a verified, encrypted, self-contained copy that is never overwritten
//! unasked, audited; while another program writes, it waits, then copies or refuses.

use std::time::{Duration, Instant};

use signdesk_archive::agreements::sha256_hex;

use crate::common::{self, cli, failed_json, ok_json, open_db, sign};
use crate::{count, names_in, numbers, unpacked};

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
    for plain in ["张三", "李四", "客服部"] {
        assert!(
            !bytes.windows(plain.len()).any(|w| w == plain.as_bytes()),
            "{plain} readable in the backup"
        );
    }
    let inside = unpacked(&out);
    assert_eq!(numbers(inside.path()), numbers(&data));
    assert_eq!(count(inside.path(), "signatures"), 4);
    // One self-contained file: no WAL beside it, nothing temporary left.
    let names = names_in(dir.path());
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
    let conn = open_db(&data);
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
    let before = numbers(&data);

    // Another program holds the write lock, briefly: the backup waits (busy timeout)
    // and then completes with the committed agreements.
    let writer = open_db(&data);
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES ('x', 'y');")
        .unwrap();
    let out = dir.path().join("b1.sdb");
    let child = common::bin()
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
    let inside = unpacked(&out);
    assert_eq!(numbers(inside.path()), before);
    assert_eq!(count(inside.path(), "signatures"), 2);

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
    let names = names_in(dir.path());
    assert!(
        names.iter().all(|n| !n.contains("tmp")),
        "no temporary file left: {names:?}"
    );
}
