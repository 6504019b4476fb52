//! `signdesk-cli backup` and `restore` on a real archive made by `signdesk-cli sign`.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{cli, db, failed_json, ok_json, open_db, sign, PASSPHRASE};
use signdesk_archive::agreements::sha256_hex;
use signdesk_archive::Connection;

/// The CLI with another passphrase in its environment.
fn cli_as(data: &Path, passphrase: &str, args: &[&str]) -> std::process::Output {
    common::bin()
        .env("SIGNDESK_PASSPHRASE", passphrase)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// What is inside a backup file: restored by the CLI into a fresh folder.
fn unpacked(file: &Path) -> tempfile::TempDir {
    let fresh = tempfile::tempdir().unwrap();
    ok_json(&cli(
        fresh.path(),
        &["restore", file.to_str().unwrap(), "--json"],
    ));
    fresh
}

/// A data folder with 张三's agreement and a backup of it (`backup.sdb` beside it);
/// returns the folder holding both, the data folder, the backup and the signing.
fn signed_and_backed_up() -> (tempfile::TempDir, PathBuf, PathBuf, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let signed = sign(&data, "张三");
    let backup = dir.path().join("backup.sdb");
    ok_json(&cli(
        &data,
        &["backup", "--out", backup.to_str().unwrap(), "--json"],
    ));
    (dir, data, backup, signed)
}

/// The file names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `signdesk-cli passphrase` with `new` as the new passphrase.
fn change_passphrase(data: &Path, new: &str) -> std::process::Output {
    common::bin()
        .env("SIGNDESK_NEW_PASSPHRASE", new)
        .arg("--data")
        .arg(data)
        .args(["passphrase", "--json"])
        .output()
        .unwrap()
}

fn count(data: &Path, table: &str) -> i64 {
    open_db(data)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn numbers(data: &Path) -> Vec<String> {
    numbers_in(&open_db(data))
}

fn numbers_in(conn: &Connection) -> Vec<String> {
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

#[test]
fn restore_refuses_what_is_not_a_sound_archive_and_changes_nothing() {
    let (dir, data, backup, _) = signed_and_backed_up();
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
    let flipped = dir.path().join("flipped.sdb");
    let mut bytes = good.clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&flipped, &bytes).unwrap();
    let foreign = dir.path().join("other.sqlite");
    {
        let c = signdesk_archive::open_plain(&foreign).unwrap();
        c.execute_batch(
            "PRAGMA user_version = 3; CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes(body) VALUES ('hello');",
        )
        .unwrap();
    }
    let newer = dir.path().join("newer.sdb");
    {
        // A sound backup, with its key, of an archive a later SignDesk wrote.
        let later = dir.path().join("later");
        std::fs::create_dir(&later).unwrap();
        for f in ["signdesk.db", "signdesk.key"] {
            std::fs::copy(data.join(f), later.join(f)).unwrap();
        }
        let conn = open_db(&later);
        conn.execute_batch("PRAGMA user_version = 999; PRAGMA journal_mode = DELETE;")
            .unwrap();
        drop(conn);
        // SignDesk itself refuses to back up a newer archive, so the file is packed
        // here, by the documented layout: magic, envelope, database, SHA-256.
        let envelope = std::fs::read(later.join("signdesk.key")).unwrap();
        let database = std::fs::read(later.join("signdesk.db")).unwrap();
        let mut packed = b"SIGNDESK-BACKUP1".to_vec();
        packed.extend((envelope.len() as u64).to_le_bytes());
        packed.extend(&envelope);
        packed.extend((database.len() as u64).to_le_bytes());
        packed.extend(&database);
        let sum = signdesk_archive::agreements::sha256_hex(&packed);
        packed.extend((0..32).map(|i| u8::from_str_radix(&sum[2 * i..2 * i + 2], 16).unwrap()));
        std::fs::write(&newer, packed).unwrap();
    }
    let empty = dir.path().join("empty.sdb");
    std::fs::write(&empty, b"").unwrap();

    let live_before = std::fs::read(db(&data)).unwrap();
    let files_before = names_in(&data);
    for (file, passphrase, kind) in [
        (&random, PASSPHRASE, "not_a_backup"),
        (&truncated, PASSPHRASE, "not_a_backup"),
        (&truncated_page, PASSPHRASE, "not_a_backup"),
        (&flipped, PASSPHRASE, "not_a_backup"),
        (&foreign, PASSPHRASE, "not_a_backup"),
        (&newer, PASSPHRASE, "archive_too_new"),
        (&empty, PASSPHRASE, "not_a_backup"),
        (&backup, "不是这个口令 2027", "wrong_passphrase"),
    ] {
        let v = failed_json(&cli_as(
            &data,
            passphrase,
            &["restore", file.to_str().unwrap(), "--json"],
        ));
        assert_eq!(v["error"]["kind"], kind, "{}: {v}", file.display());
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            ["备份", "档案库", "口令"]
                .iter()
                .any(|w| message.contains(w)),
            "{}: a clear Chinese message: {message}",
            file.display()
        );
        assert!(
            std::fs::read(db(&data)).unwrap() == live_before,
            "{}: the live archive is byte-for-byte unchanged",
            file.display()
        );
        assert_eq!(names_in(&data), files_before, "{}", file.display());
    }
    ok_json(&cli(&data, &["verify", "--json"]));
}

#[test]
fn restore_brings_the_archive_back_to_the_backup() {
    let (_dir, data, backup, kept) = signed_and_backed_up();
    let later = sign(&data, "李四");
    assert_eq!(numbers(&data).len(), 2);

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
    // The replaced archive is kept, with the key file it needs.
    let kept_key = previous.replace("signdesk.db", "signdesk.key");
    assert!(Path::new(&kept_key).is_file(), "{kept_key}");
    let key = signdesk_core::keyfile::archive_key(&data, PASSPHRASE).unwrap();
    let old = signdesk_archive::open_connection(Path::new(previous), &key).unwrap();
    assert_eq!(numbers_in(&old).len(), 2, "the replaced archive is kept");
    drop(old);

    assert_eq!(
        numbers(&data),
        vec![kept["number"].as_str().unwrap().to_string()]
    );
    let shown = cli(&data, &["show", &later["id"].to_string(), "--json"]);
    assert_eq!(failed_json(&shown)["error"]["kind"], "not_found");
    let report = ok_json(&cli(&data, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checked"], 1);

    let conn = open_db(&data);
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
    let (_dir, data, backup, _) = signed_and_backed_up();
    sign(&data, "李四");
    // Like the desktop app: a connection open, idle, in WAL mode.
    let other = open_db(&data);
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
    assert_eq!(numbers(&data).len(), 2);
    let names = names_in(&data);
    assert!(
        names.iter().all(|n| !n.contains("restore")),
        "nothing left behind: {names:?}"
    );
}

#[test]
fn a_backup_restores_on_a_new_laptop_with_the_passphrase_alone() {
    let (dir, data, backup, _) = signed_and_backed_up();

    let laptop = dir.path().join("new-laptop");
    let v = failed_json(&cli_as(
        &laptop,
        "猜的口令猜的口令",
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "wrong_passphrase", "{v}");
    assert!(
        !laptop.exists() || std::fs::read_dir(&laptop).unwrap().next().is_none(),
        "nothing written for a wrong passphrase"
    );
    let r = ok_json(&cli(
        &laptop,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["agreements"], 1);
    assert!(r["previous"].is_null());
    assert_eq!(ok_json(&cli(&laptop, &["verify", "--json"]))["ok"], true);
    assert_eq!(numbers(&laptop), numbers(&data));
}

#[test]
fn changing_the_passphrase_keeps_the_archive_and_old_backups_keep_theirs() {
    let (dir, data, backup, _) = signed_and_backed_up();
    let db_before = std::fs::read(db(&data)).unwrap();

    let new = "新的口令 new 2028";
    let weak = change_passphrase(&data, "短");
    assert_eq!(failed_json(&weak)["error"]["kind"], "weak_passphrase");
    let changed = change_passphrase(&data, new);
    assert_eq!(ok_json(&changed)["changed"], true);

    let old = failed_json(&cli(&data, &["info", "--json"]));
    assert_eq!(old["error"]["kind"], "wrong_passphrase", "{old}");
    assert!(old["error"]["message"]
        .as_str()
        .unwrap()
        .contains("口令不正确"));
    let info = ok_json(&cli_as(&data, new, &["info", "--json"]));
    assert_eq!(info["counts"]["agreements"], 1);
    assert_eq!(
        std::fs::read(db(&data)).unwrap().len(),
        db_before.len(),
        "the archive is not re-encrypted, only its key re-sealed"
    );
    // The old backup still needs the passphrase it was made with.
    let laptop = dir.path().join("laptop");
    let v = failed_json(&cli_as(
        &laptop,
        new,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "wrong_passphrase");
    ok_json(&cli(
        &laptop,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    // Restoring over an archive with another passphrase is refused.
    let v = failed_json(&cli_as(
        &data,
        PASSPHRASE,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["error"]["kind"], "passphrase_differs", "{v}");
}

/// The archive a restore replaced (and its key file) still opens with the old
/// passphrase: `passphrase` names them, `passphrase --delete-old-copies` removes them.
#[test]
fn a_passphrase_change_names_and_can_delete_what_a_restore_left() {
    let (_dir, data, backup, _) = signed_and_backed_up();
    ok_json(&cli(
        &data,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    let left = || {
        names_in(&data)
            .into_iter()
            .filter(|n| n.contains(".before-restore"))
            .collect::<Vec<_>>()
    };
    assert_eq!(left().len(), 2, "{:?}", names_in(&data));
    let first = "第一个新口令 2028";
    let v = ok_json(&change_passphrase(&data, first));
    assert_eq!(v["old_copies"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["deleted"].as_array().unwrap().len(), 0);
    assert_eq!(left().len(), 2, "nothing deleted unasked");
    let v = ok_json(
        &common::bin()
            .env("SIGNDESK_PASSPHRASE", first)
            .env("SIGNDESK_NEW_PASSPHRASE", "第二个新口令 2029")
            .arg("--data")
            .arg(&data)
            .args(["passphrase", "--delete-old-copies", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["deleted"].as_array().unwrap().len(), 2, "{v}");
    assert!(left().is_empty(), "{:?}", names_in(&data));
}
