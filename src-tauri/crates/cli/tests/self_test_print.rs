//! 「打印测试页」 (issue 27) through a real CUPS queue (`scripts/cups-test-printer.sh`,
//! as the print tests use): `self-test --print-test-page SignDeskPDF` sends one page,
//! the report's JSON names its QR code, and the code read off the printed page with a
//! real decoder is that text. Nothing is printed without the option.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{cli, ok_json};

/// The folder cups-pdf writes into, once the queue is set up; None (skipped, said
/// loudly) where CUPS cannot be set up (not root).
fn queue(out: &Path) -> Option<PathBuf> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    if !root {
        eprintln!("\n!!!!! SKIPPED the test page: not root, no CUPS queue !!!!!\n");
        return None;
    }
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/cups-test-printer.sh");
    let setup = Command::new("sh").arg(script).arg(out).output().unwrap();
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    Some(PathBuf::from(
        String::from_utf8_lossy(&setup.stdout).trim().to_string(),
    ))
}

/// cups-pdf's file for job `n`, once complete.
fn job_file(dir: &Path, n: &str) -> PathBuf {
    let suffix = format!("job_{n}.pdf");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let done = Command::new("pdfinfo")
                .arg(&p)
                .output()
                .is_ok_and(|o| o.status.success());
            if p.to_string_lossy().ends_with(&suffix) && done {
                return p;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("no cups-pdf output for job {n} in {}", dir.display());
}

/// What zbarimg reads off page 1 of `pdf`.
fn scan(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .unwrap();
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(dir.path().join("p.png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed");
    assert!(out.status.success(), "no QR code on the test page");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_test_page_comes_out_of_the_printer_with_the_code_the_report_names() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(printed) = queue(&tmp.path().join("cups")) else {
        return;
    };
    let data = tmp.path().join("data");
    let out = tmp.path().join("报告");
    let r = ok_json(&cli(
        &data,
        &[
            "self-test",
            "--out",
            out.to_str().unwrap(),
            "--print-test-page",
            "SignDeskPDF",
            "--json",
        ],
    ));
    let page = &r["test_page"];
    let id = r["id"].as_str().unwrap();
    assert_eq!(page["code"], format!("签约台测试页 {id}"), "{r}");
    // The JSON file sent back names the same page.
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(r["report_json"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(file["test_page"]["code"], page["code"]);
    let job = page["job"].as_str().expect("a CUPS job id");
    let pdf = job_file(&printed, job.rsplit('-').next().unwrap());
    assert_eq!(scan(&pdf), page["code"].as_str().unwrap());
    // (cups-pdf rewrites the PDF through Ghostscript, which drops the text's
    // characters: the page as SignDesk sends it is read instead.)
    let sent = tmp.path().join("sent.pdf");
    std::fs::write(
        &sent,
        signdesk_core::selftest::testpage::render(id, "SignDeskPDF").unwrap(),
    )
    .unwrap();
    let text = Command::new("pdftotext")
        .arg(&sent)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("签约台打印测试页") && text.contains("䶮") && text.contains(id),
        "{text}"
    );
    let _ = std::fs::copy(&pdf, std::env::temp_dir().join("signdesk-test-page.pdf"));

    // Without the option, nothing is printed.
    let before = std::fs::read_dir(&printed).unwrap().count();
    let quiet = ok_json(&cli(
        &data,
        &["self-test", "--out", out.to_str().unwrap(), "--json"],
    ));
    assert!(quiet["test_page"].is_null(), "{quiet}");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(std::fs::read_dir(&printed).unwrap().count(), before);
}
