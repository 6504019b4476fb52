//! The installation seal through the CLI: a signed agreement's stored PDF passes
//! poppler's `pdfsig` ("Signature is Valid." — its text, it exits 0 on a mismatch too)
//! and the root exported by `seal export-root` verifies it.

use std::path::Path;
use std::process::Command;

mod common;
use common::{cli, ok, sign_args, signature_png};

fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig installed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn signed_agreement_pdf_carries_a_valid_seal() {
    let dir = tempfile::tempdir().unwrap();
    let emp = signature_png(dir.path(), "emp.png");
    let dir_sig = signature_png(dir.path(), "dir.png");
    let out_pdf = dir.path().join("out.pdf");
    let mut args = sign_args("王五", &emp, &dir_sig);
    args.extend(["--out".to_string(), out_pdf.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&cli(dir.path(), &args));
    let text = pdfsig(&out_pdf);
    assert!(text.contains("Signature is Valid."), "pdfsig said:\n{text}");
    assert!(
        text.contains("Total document signed"),
        "pdfsig said:\n{text}"
    );

    let root = dir.path().join("root.pem");
    ok(&cli(
        dir.path(),
        &["seal", "export-root", "--out", root.to_str().unwrap()],
    ));
    let pem = std::fs::read_to_string(&root).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");

    let mut bad = std::fs::read(&out_pdf).unwrap();
    let at = bad.len() / 4;
    bad[at] ^= 1;
    let bad_path = dir.path().join("bad.pdf");
    std::fs::write(&bad_path, &bad).unwrap();
    let text = pdfsig(&bad_path);
    assert!(text.contains("Digest Mismatch"), "pdfsig said:\n{text}");
}
