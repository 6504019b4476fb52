//! Anchors taken before a rewrite of the history — the head printed on a record page
//! (as text and as a QR code read off the page), an export's manifest, a backup, a
//! head written down — each catch it, though the chain alone cannot.

use signdesk_core::evidence::Anchor;
use signdesk_core::trust::VerifyOptions;

use crate::{common, pdftotext, rewrite_history};

#[test]
fn a_rewritten_history_fails_against_the_record_page_the_manifest_a_backup_and_a_written_head() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    let first = desk
        .sign(&common::request("张三", common::png(true)))
        .unwrap();
    desk.sign(&common::request("李四", common::png(true)))
        .unwrap();

    // The second agreement's record page carries the chain as it stood: the position
    // with its fingerprint, as someone would copy it off the paper.
    let text = pdftotext(&desk.agreement_pdf(first.id + 1).unwrap());
    let line = text
        .lines()
        .find(|l| l.starts_with("第 ") && l.contains("指纹"))
        .unwrap_or_else(|| panic!("no chain on the record page:\n{text}"));
    let (n, print) = line
        .trim_start_matches("第 ")
        .split_once(" 条 · 指纹 ")
        .unwrap();
    let printed = Anchor::parse(&format!("{n}:{print}"), "纸质协议").unwrap();
    assert!(printed.entries > 1);
    let whole = text
        .lines()
        .find(|l| l.len() == 64 && l.starts_with(&print.replace('-', "")[..16]))
        .unwrap_or_else(|| panic!("the whole hash is printed too:\n{text}"));
    assert!(whole.chars().all(|c| c.is_ascii_hexdigit()));

    let out = dir.path().join("export");
    let export = desk
        .export(&Default::default(), &out, &signdesk_core::Job::silent())
        .unwrap();
    let manifest = std::path::Path::new(&export.folder).join("manifest.csv");
    let from_manifest = Anchor::read(manifest.to_str().unwrap()).unwrap();
    let sdbak = dir.path().join("年底备份.sdbak");
    desk.backup(&sdbak, false, &signdesk_core::Job::silent())
        .unwrap();
    let from_backup = Anchor::read(sdbak.to_str().unwrap()).unwrap();
    assert_eq!(from_backup.source, "年底备份.sdbak");
    assert!(from_backup.entries > from_manifest.entries);
    let clean = desk.verify().unwrap();
    assert!(clean.ok, "{:?}", clean.problems);
    let written = Anchor::parse(
        &format!("{}:{}", clean.head.entries, clean.head.fingerprint),
        "抄下的指纹",
    )
    .unwrap();
    for anchor in [&printed, &from_manifest, &from_backup, &written] {
        let r = desk
            .verify_with(
                &VerifyOptions {
                    anchor: Some(anchor.clone()),
                    root_der: None,
                },
                &signdesk_core::Job::silent(),
            )
            .unwrap();
        assert!(r.ok, "{}: {:?}", anchor.source, r.problems);
    }
    drop(desk);

    // Entry 2 rewritten, and every hash after it recomputed.
    rewrite_history(&data, 2);
    let mut desk = common::desk(&data);
    let inside = desk.verify().unwrap();
    assert!(
        inside.ok,
        "the chain alone cannot see it: {:?}",
        inside.problems
    );
    for anchor in [&printed, &from_manifest, &from_backup, &written] {
        let r = desk
            .verify_with(
                &VerifyOptions {
                    anchor: Some(anchor.clone()),
                    root_der: None,
                },
                &signdesk_core::Job::silent(),
            )
            .unwrap();
        assert!(!r.ok, "{} did not catch the rewrite", anchor.source);
        let p = &r.problems[0];
        assert_eq!(p.kind, "anchor_mismatch", "{:?}", r.problems);
        assert_eq!(p.id, anchor.entries.to_string());
        assert!(p.detail.contains("改写"), "{}", p.detail);
    }
}

/// The last page of `pdf` as a PNG at `dpi`, then what zbarimg reads off it.
fn scan_record_page(pdf: &[u8], dpi: u32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let pages: u32 = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let ok = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", &dpi.to_string(), "-f", &pages.to_string()])
        .args(["-l", &pages.to_string(), "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("record"))
        .status()
        .unwrap();
    assert!(ok.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(dir.path().join("record.png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed");
    assert!(out.status.success(), "no QR code found on the record page");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The QR code on the record page reads back (with a real decoder, off the page as
/// printed) as the agreement's number, content hash and chain position; resolving it
/// finds the agreement, and names what no longer matches once the archive changed.
#[test]
fn the_record_page_qr_code_resolves_a_paper_copy_against_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let second = desk
        .sign(&common::request("李四", common::png(true)))
        .unwrap();
    let a = desk.agreement(second.id).unwrap();
    let pdf = desk.agreement_pdf(second.id).unwrap();

    // 150 dpi: an ordinary office scan.
    let text = scan_record_page(&pdf, 150);
    let code = signdesk_base::ScanCode::parse(&text).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(code.number, a.number);
    assert_eq!(code.content_sha256, a.content_sha256);
    let page = pdftotext(&pdf);
    let signdesk_base::ChainPosition { entries: n, hash } = code.chain.clone().unwrap();
    assert!(page.contains(&format!("第 {n} 条")), "{page}");
    assert!(
        page.contains(&hash),
        "the printed chain hash is the one in the code"
    );

    let r = desk.resolve_scan(&text).unwrap();
    assert!(r.ok, "{:?}", r.problems);
    assert_eq!(r.agreement.as_ref().unwrap().id, second.id);
    // A scanner that types lower case with a line end still resolves.
    assert!(
        desk.resolve_scan(&format!("{}\n", text.to_lowercase()))
            .unwrap()
            .ok
    );

    // Another content for the same number, and a number not in the archive.
    let other = text.replacen(&code.content_sha256.to_uppercase(), &"AB".repeat(32), 1);
    let r = desk.resolve_scan(&other).unwrap();
    assert_eq!(
        r.problems[0].kind, "content_hash_mismatch",
        "{:?}",
        r.problems
    );
    let unknown = text.replacen(&a.number, "SD-2019-000007", 1);
    let r = desk.resolve_scan(&unknown).unwrap();
    assert!(!r.ok && r.agreement.is_none());
    assert_eq!(r.problems[0].kind, "scan_unknown");
    let e = desk.resolve_scan("https://example.invalid/x").unwrap_err();
    assert_eq!(e.kind(), "bad_argument");
    drop(desk);

    // The history behind the paper copy rewritten: its chain position no longer holds.
    assert!(n >= 2);
    rewrite_history(&data, 2);
    let desk = common::desk(&data);
    let r = desk.resolve_scan(&text).unwrap();
    assert!(!r.ok);
    assert_eq!(r.problems[0].kind, "anchor_mismatch", "{:?}", r.problems);
    assert_eq!(r.problems[0].id, n.to_string());
}
