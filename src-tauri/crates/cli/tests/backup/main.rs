//! `signdesk-cli backup` and `restore` on a real archive made by `signdesk-cli sign`.
//!
//! One test binary (`cargo test -p signdesk-cli --test backup`): `writing` (a backup
//! is a verified, private copy, also while another program writes), `restoring` (what
//! is refused, what a restore brings back and keeps, a new laptop), `passphrase` (a
//! changed passphrase and the backups and copies made before).

#[path = "../common/mod.rs"]
mod common;

mod passphrase;
mod restoring;
mod writing;

use std::path::{Path, PathBuf};

use common::{cli, ok_json, open_db, sign};
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
