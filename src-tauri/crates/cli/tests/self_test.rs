//! `signdesk-cli self-test` (issue 27) on this machine: every check reported, the
//! report PDF sealed and verifying against the root written beside it, Chinese text
//! (rare name characters included) in it, the real archive byte for byte unchanged.

mod common;

use common::{cli, ok_json};
use serde_json::Value;

#[test]
fn the_self_test_checks_everything_in_a_temporary_archive_and_leaves_the_real_one_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::sign(&data, "张三");
    let before = std::fs::read(common::db(&data)).unwrap();
    let out = dir.path().join("报告");

    // Its own temporary folder, to see that nothing is left in it.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let r = ok_json(
        &common::bin()
            .env("TMPDIR", &tmp)
            .arg("--data")
            .arg(&data)
            .args(["self-test", "--out", out.to_str().unwrap(), "--json"])
            .output()
            .unwrap(),
    );
    every_check_is_reported(&r);
    the_report_is_sealed_and_says_what_it_checked(&r);

    // The real archive is untouched, and no temporary archive is left behind.
    assert_eq!(std::fs::read(common::db(&data)).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(
        left.is_empty(),
        "the temporary archive was removed: {left:?}"
    );
}

/// Every check in its order; those that can run here passed, the web view and the
/// screen do not apply.
fn every_check_is_reported(r: &Value) {
    assert_eq!(r["ok"], true, "{r:#}");
    let checks = r["checks"].as_array().unwrap();
    let keys: Vec<&str> = checks.iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "os",
            "webview",
            "data_folder",
            "archive_create",
            "passphrase_derivation",
            "rare_names",
            "sign_seal_verify",
            "search",
            "export",
            "backup_restore",
            "printers",
            "removable_drives",
            "os_kiosk",
            "screen",
            "clock"
        ]
    );
    let status = |k: &str| {
        checks.iter().find(|c| c["key"] == k).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for k in [
        "os",
        "data_folder",
        "archive_create",
        "passphrase_derivation",
        "rare_names",
        "sign_seal_verify",
        "search",
        "export",
        "backup_restore",
    ] {
        assert_eq!(status(k), "passed", "{k}: {r:#}");
    }
    // The CLI sees no web view or screen; the passphrase was at hand, so the clock was
    // compared with the real archive's last signing.
    assert_eq!(status("webview"), "not_applicable");
    assert_eq!(status("screen"), "not_applicable");
    assert_eq!(status("clock"), "passed", "{r:#}");
    assert!(r["millis"].as_u64().unwrap() < 30_000);
}

/// The sealed report verifies against the root beside it, and says what it checked.
fn the_report_is_sealed_and_says_what_it_checked(r: &Value) {
    let pdf = std::fs::read(r["report_pdf"].as_str().unwrap()).unwrap();
    let pem = std::fs::read_to_string(r["root_pem"].as_str().unwrap()).unwrap();
    let root = signdesk_seal::root_der_from_pem(&pem).unwrap();
    assert!(signdesk_seal::verify_pdf(&pdf, &root).is_ok());
    let text = std::process::Command::new("pdftotext")
        .args([r["report_pdf"].as_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        "签约台自检报告",
        "生僻字排版",
        "刘䶮𠀋",
        "备份与恢复【通过】",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from the report:\n{text}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(r["report_json"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(json["id"], r["id"]);
}

#[test]
fn a_clock_behind_the_last_signing_fails_the_clock_check_and_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::sign(&data, "李四");
    // The last signing lies in the future as far as this machine's clock goes: a row
    // written by a desk whose clock ran ahead (the trigger keeps rows unchanged, so the
    // test writes a second agreement through SQL as such a desk would have).
    let conn = common::open_db(&data);
    conn.execute_batch(
        "INSERT INTO agreements(number, template_version_id, person_id, signer_name, department,
            year, title, signed_at, signed_text, values_json, content_sha256, pdf, pdf_sha256,
            pages, copies, operator)
         SELECT 'SD-2099-000001', template_version_id, person_id, signer_name, department, year,
            title, '2099-01-01T09:00:00+08:00', signed_text, values_json, content_sha256, pdf,
            pdf_sha256, pages, copies, operator FROM agreements LIMIT 1",
    )
    .unwrap();
    drop(conn);
    let out = cli(
        &data,
        &[
            "self-test",
            "--out",
            dir.path().join("r").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "a failed check fails the run");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let clock = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "clock")
        .unwrap();
    assert_eq!(clock["status"], "failed", "{clock}");
    assert!(
        clock["detail"].as_str().unwrap().contains("早于"),
        "{clock}"
    );
}
