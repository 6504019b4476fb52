//! `restore`: anything that is not a sound archive is refused with the live archive
//! untouched; a backup brings the archive back (the replaced one kept), not while
//! another program has it open, and onto a new laptop with the passphrase alone.

use std::path::Path;

use crate::common::{cli, db, failed_json, ok_json, open_db, sign, PASSPHRASE};
use crate::{cli_as, names_in, numbers, numbers_in, signed_and_backed_up};

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
