//! Shared by the CLI tests: run the real binary on a temp archive and sign real
//! agreements with PNG signatures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TEMPLATE: &str = "kefu-anquan-mubiao-2018";
/// The organiser passphrase and organisation of every test archive.
pub const PASSPHRASE: &str = "测试口令 test 2027";
pub const ORG: &str = "宁德新奥燃气有限公司";

/// The real binary, with the passphrase (and, for a new archive, the organisation)
/// in its environment as a script would set them.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_signdesk-cli"));
    c.env("SIGNDESK_PASSPHRASE", PASSPHRASE)
        .env("SIGNDESK_ORG", ORG);
    c
}

/// The archive database of `data` opened directly (keyed with the test passphrase),
/// for tests that read or change rows like an attacker holding the passphrase would.
pub fn open_db(data: &Path) -> signdesk_archive::Connection {
    let key = signdesk_core::keyfile::archive_key(data, PASSPHRASE).unwrap();
    signdesk_archive::open_connection(&db(data), &key).unwrap()
}

pub fn cli(data: &Path, args: &[&str]) -> Output {
    bin().arg("--data").arg(data).args(args).output().unwrap()
}

pub fn ok_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The JSON an exit-1 command printed.
pub fn failed_json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout {} stderr {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A command that must succeed (its output need not be JSON).
pub fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A transparent PNG with no ink at all.
pub fn blank_png(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    image::RgbaImage::new(300, 100).save(&path).unwrap();
    path
}

/// A transparent PNG with an inked scribble.
pub fn signature_png(dir: &Path, name: &str) -> PathBuf {
    let mut img = image::RgbaImage::new(300, 100);
    for x in 20..280u32 {
        let y = 50.0 + 30.0 * ((x as f32) / 18.0).sin();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(99), image::Rgba([20, 24, 40, 255]));
        }
    }
    let path = dir.join(name);
    img.save(&path).unwrap();
    path
}

/// The arguments of one `sign --json` of the built-in template by `signer`.
pub fn sign_args(signer: &str, emp: &Path, dir_sig: &Path) -> Vec<String> {
    [
        "sign",
        "--template",
        TEMPLATE,
        "--signer",
        signer,
        "--department",
        "客服部",
        "--year",
        "2027",
        "--signature",
        &format!("employee={}", emp.display()),
        "--signature",
        &format!("director={}", dir_sig.display()),
        "--signed-by",
        "director=李堃",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Signs one agreement through the CLI and returns its `SignOutcome` JSON.
pub fn sign(data: &Path, signer: &str) -> serde_json::Value {
    let emp = data.join("emp.png");
    let dir_sig = data.join("dir.png");
    if !emp.exists() {
        std::fs::create_dir_all(data).unwrap();
        signature_png(data, "emp.png");
        signature_png(data, "dir.png");
    }
    let args = sign_args(signer, &emp, &dir_sig);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok_json(&cli(data, &args))
}

pub fn db(data: &Path) -> PathBuf {
    data.join("signdesk.db")
}

/// Kinds and ids of a verify report's problems.
pub fn problems(report: &serde_json::Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
