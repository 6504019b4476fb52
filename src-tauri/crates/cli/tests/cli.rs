//! The real `signdesk-cli` binary against a real on-disk archive.

mod common;

use common::bin as cli;

#[test]
fn info_json_creates_the_archive_and_reports_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("x");
    // A script without the organisation and passphrase (and no terminal to ask on)
    // gets a clear error and no archive.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_signdesk-cli"))
        .env_remove("SIGNDESK_PASSPHRASE")
        .env_remove("SIGNDESK_ORG")
        .args(["--data", data.to_str().unwrap(), "info", "--json"])
        .output()
        .unwrap();
    let v = common::failed_json(&out);
    assert_eq!(v["error"]["kind"], "passphrase_required", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("SIGNDESK_ORG"),
        "{v}"
    );
    assert!(!data.join("signdesk.db").exists() && !data.join("signdesk.key").exists());

    let out = cli()
        .args(["--data", data.to_str().unwrap(), "info", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["schema_version"].as_u64().unwrap() >= 1);
    assert_eq!(
        v["archive_path"].as_str().unwrap(),
        data.join("signdesk.db").to_str().unwrap()
    );
    assert!(v["counts"]["agreements"].is_number());
    assert!(data.join("signdesk.db").is_file());
    assert!(data.join("signdesk.key").is_file());

    // Afterwards the passphrase must be right.
    let out = cli()
        .env("SIGNDESK_PASSPHRASE", "另外一个口令另外一个口令")
        .args(["--data", data.to_str().unwrap(), "info", "--json"])
        .output()
        .unwrap();
    let v = common::failed_json(&out);
    assert_eq!(v["error"]["kind"], "wrong_passphrase", "{v}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("口令不正确"));
}

#[test]
fn data_folder_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli()
        .env("SIGNDESK_DATA", dir.path())
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("signdesk.db").is_file());
}

#[test]
fn unusable_data_folder_fails_with_a_chinese_message_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let out = cli()
        .args(["--data", file.to_str().unwrap(), "info", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "archive_open");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("无法"),
        "{:?}",
        out
    );
}

#[test]
fn help_is_bilingual_and_bad_usage_exits_2() {
    let out = cli().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("档案库") && text.contains("archive"),
        "{text}"
    );
    assert_eq!(
        cli().arg("no-such-command").output().unwrap().status.code(),
        Some(2)
    );
}
