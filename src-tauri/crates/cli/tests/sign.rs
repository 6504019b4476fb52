//! `signdesk-cli sign` end to end: real PNG signatures in, a real PDF in the archive
//! out, checked with poppler.

use std::path::Path;
use std::process::Command;

mod common;
use common::{blank_png, cli, ok_json, signature_png};

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const TEMPLATE: &str = "kefu-anquan-mubiao-2018";

#[test]
fn signs_a_built_in_agreement_into_a_real_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let emp = signature_png(dir.path(), "emp.png");
    let dir_sig = signature_png(dir.path(), "dir.png");
    let out_pdf = dir.path().join("out.pdf");
    let v = ok_json(&cli(
        dir.path(),
        &[
            "sign",
            "--template",
            TEMPLATE,
            "--signer",
            "王𠀀䶮",
            "--employee-no",
            "E1001",
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
            "--out",
            out_pdf.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(v["number"], "SD-2027-000001");
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert!(v["pages"].as_u64().unwrap() >= 2);
    let bytes = std::fs::read(&out_pdf).unwrap();
    assert_eq!(v["bytes"].as_u64().unwrap(), bytes.len() as u64);
    assert!(bytes.len() < 300_000, "size {}", bytes.len());

    let pdf = out_pdf.to_str().unwrap();
    let text = poppler("pdftotext", &["-layout", pdf, "-"]);
    for want in [
        "客服部安全目标责任书",
        "王𠀀䶮",
        "李堃",
        "SD-2027-000001",
        "签署记录",
        v["sha256"].as_str().unwrap(),
    ] {
        assert!(text.contains(want), "PDF text has {want}");
    }
    let fonts = poppler("pdffonts", &[pdf]);
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains(" yes yes yes "),
            "every font embedded, subset, with ToUnicode: {line}"
        );
    }
    let images = poppler("pdfimages", &["-list", pdf]);
    assert!(
        images.lines().filter(|l| l.contains(" smask ")).count() >= 2,
        "signatures with soft masks:\n{images}"
    );

    let shown = ok_json(&cli(dir.path(), &["show", &v["id"].to_string(), "--json"]));
    assert_eq!(shown["number"], "SD-2027-000001");
    let found = ok_json(&cli(dir.path(), &["search", "王𠀀䶮", "--json"]));
    assert_eq!(found["total"], 1);
}

#[test]
fn a_missing_blank_or_bad_signature_archives_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = signature_png(dir.path(), "good.png");
    let blank = blank_png(dir.path(), "blank.png");
    let empty = dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    let corrupt = dir.path().join("corrupt.png");
    std::fs::write(&corrupt, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let sig = |p: &Path, role: &str| format!("{role}={}", p.display());

    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![sig(&good, "employee")], "missing_signature"),
        (
            vec![sig(&good, "employee"), sig(&blank, "director")],
            "bad_signature",
        ),
        (
            vec![sig(&good, "employee"), sig(&empty, "director")],
            "bad_signature",
        ),
        (
            vec![sig(&good, "employee"), sig(&corrupt, "director")],
            "bad_signature",
        ),
        (
            vec![sig(&good, "employee"), sig(&good, "nobody")],
            "unknown_role",
        ),
    ];
    for (sigs, kind) in cases {
        let mut args = vec!["sign", "--template", TEMPLATE, "--signer", "张三", "--json"];
        for s in &sigs {
            args.extend(["--signature", s.as_str()]);
        }
        let out = cli(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{sigs:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], kind, "{sigs:?}: {v}");
    }
    // A template with money/number blanks: leaving one out is refused, naming it.
    let out = cli(
        dir.path(),
        &[
            "sign",
            "--template",
            "gongshui-mubiao",
            "--signer",
            "张三",
            "--signature",
            &sig(&good, "signer"),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("请填写"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A name with a right-to-left override is refused.
    let out = cli(
        dir.path(),
        &[
            "sign",
            "--template",
            TEMPLATE,
            "--signer",
            "张\u{202E}三",
            "--signature",
            &sig(&good, "employee"),
            "--signature",
            &sig(&good, "director"),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));

    let info = ok_json(&cli(dir.path(), &["info", "--json"]));
    assert_eq!(info["counts"]["agreements"], 0, "nothing archived");
    assert_eq!(info["counts"]["people"], 0, "nobody half-added");
}
