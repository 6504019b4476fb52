//! `signdesk-cli print --merged-pdf` and `printers`.
#![allow(clippy::unwrap_used)]

mod seed;

use seed::*;

#[test]
fn merged_pdf_has_every_copy() {
    let dir = tempfile::tempdir().unwrap();
    seed(
        dir.path(),
        &[
            ("张三", "E1", "客服部", 2027, 2, 2),
            ("李四", "E2", "客服部", 2027, 1, 3),
        ],
    );
    let file = dir.path().join("打印.pdf");
    let (code, v) = json(
        dir.path(),
        &[
            "print",
            "--year",
            "2027",
            "--merged-pdf",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        (v["agreements"].as_u64(), v["pages"].as_u64()),
        (Some(2), Some(7))
    );
    assert_eq!(pdfinfo_pages(&file), 7);
    // Neither target: usage error (exit 2).
    let out = cli()
        .args(["--data", dir.path().to_str().unwrap(), "print"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn printers_lists_or_explains() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v) = json(dir.path(), &["printers"]);
    // With CUPS present: a list; without: a clear error — never a crash.
    match code {
        Some(0) => assert!(v.is_array(), "{v}"),
        Some(1) => assert!(
            v["error"]["message"].as_str().unwrap().contains("打印"),
            "{v}"
        ),
        other => panic!("exit {other:?}: {v}"),
    }
}
