//! The sample agreement as poppler and qpdf read it: pages, metadata, fonts embedded
//! as Unicode-mapped subsets, text extracted character for character (rare names and
//! characters sharing a glyph included), folio and number on every page, no errors.

use std::process::Command;

use signdesk_typeset::linebreak::is_line_start_forbidden;
use signdesk_typeset::{render, Block};

use crate::{common, fonts, rendered, squeeze, tool};

/// `Key:   value` lines of pdfinfo (the column width differs between versions).
fn pdfinfo_fields(out: &str) -> std::collections::HashMap<String, String> {
    out.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn sample_has_three_pages() {
    let (r, _, path) = rendered();
    assert_eq!(r.pages, 3);
    let out = tool("pdfinfo", &[], path);
    assert_eq!(
        pdfinfo_fields(&out).get("Pages").map(String::as_str),
        Some("3"),
        "{out}"
    );
}

#[test]
fn pdfinfo_shows_metadata_and_version() {
    let (_, _, path) = rendered();
    let out = tool("pdfinfo", &["-isodates"], path);
    let info = pdfinfo_fields(&out);
    let want = [
        ("Title", "客服部安全目标责任书"),
        ("Author", "签约台 SignDesk"),
        ("Subject", "2027 年度安全目标责任书 · 王𠀀䶮"),
        ("Keywords", "安全目标责任书, 2027, 客服部"),
        ("Creator", "SignDesk 签约台"),
        ("Producer", "signdesk-typeset (printpdf 0.12.8)"),
        // 09:41:55+08:00, written by printpdf as UTC.
        ("CreationDate", "2027-01-15T01:41:55Z"),
        ("ModDate", "2027-01-15T01:41:55Z"),
        ("PDF version", "1.4"),
        ("Page size", "595.276 x 841.89 pts (A4)"),
    ];
    for (k, v) in want {
        assert_eq!(info.get(k).map(String::as_str), Some(v), "{k} in\n{out}");
    }
    assert!(!info.contains_key("PDF subtype"), "claims PDF/X:\n{out}");
}

#[test]
fn every_font_is_embedded_subset_and_unicode_mapped() {
    let (_, _, path) = rendered();
    let out = tool("pdffonts", &[], path);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    // Serif body, sans headings, and the wide-coverage fallback for 𠀀.
    assert!(rows.len() >= 3, "{out}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type(2 words) encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert!(cols[0].contains('+'), "subset tag missing: {row}");
    }
    assert!(out.contains("NotoSerifSC-Regular"), "{out}");
    assert!(out.contains("NotoSansSC-Bold"), "{out}");
}

#[test]
fn text_extracts_exactly_including_rare_names() {
    let (_, _, path) = rendered();
    let text = tool("pdftotext", &[], path);
    let flat = squeeze(&text);
    assert!(flat.contains(common::RARE_NAME), "rare name missing");
    assert!(flat.contains("李堃"));
    assert!(flat.contains("2027年1月15日"));
    assert!(flat.contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
    // Every block's text comes back character for character.
    for block in common::sample_document().blocks {
        let (a, b) = match block {
            Block::Heading { number, text } | Block::Clause { number, text, .. } => (number, text),
            Block::Paragraph { text } => (String::new(), text),
            Block::Code { caption, .. } => (String::new(), caption),
        };
        let want = squeeze(&format!("{a}{b}"));
        assert!(flat.contains(&want), "missing from extracted text: {want}");
    }
    // Justification uses character spacing: no spaces may appear inside Chinese text.
    let is_cjk = signdesk_typeset::linebreak::is_cjk;
    for line in text.lines().filter(|l| !l.contains('页')) {
        let c: Vec<char> = line.chars().collect();
        for w in c.windows(3) {
            assert!(
                !(is_cjk(w[0]) && w[1] == ' ' && is_cjk(w[2])),
                "spurious space inside Chinese text: {line}"
            );
        }
    }
    for line in text.lines() {
        let l = line.trim();
        if let Some(first) = l.chars().next() {
            assert!(
                !is_line_start_forbidden(first),
                "line starts with {first}: {l}"
            );
        }
    }
}

#[test]
fn every_page_has_folio_and_document_number() {
    let (r, _, path) = rendered();
    for p in 1..=r.pages {
        let page = p.to_string();
        let text = tool("pdftotext", &["-f", &page, "-l", &page], path);
        assert!(
            text.contains(&format!("第 {p} 页 共 {} 页", r.pages)),
            "page {p}: {text}"
        );
        assert!(text.contains("SD-2027-000123"), "page {p}");
    }
    let last = r.pages.to_string();
    let record = tool("pdftotext", &["-f", &last, "-l", &last], path);
    for want in [
        "签署记录",
        "客服部安全目标责任书（第 3 版）",
        "KF-0042",
        "赵𡈼（安全主管）",
        "2027-01-15 09:30:12 +08:00",
    ] {
        assert!(record.contains(want), "record page lacks {want}: {record}");
    }
}

#[test]
fn qpdf_finds_no_errors() {
    let (_, _, path) = rendered();
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("No syntax or stream encoding errors found"),
        "{stdout}"
    );
}

#[test]
fn sample_stays_under_150_kb() {
    let (r, _, _) = rendered();
    assert!(r.bytes.len() < 150 * 1024, "{} bytes", r.bytes.len());
}

/// Noto draws …/⋯, ①/➀, ‒/– and U+2003/U+3000 with one glyph each; every character
/// still comes back as itself (each has its own code and ToUnicode entry).
#[test]
fn characters_sharing_a_glyph_extract_as_themselves() {
    let mut doc = common::sample_document();
    let text = "甲…乙⋯丙①丁➀戊‒己–庚";
    doc.blocks = vec![Block::Paragraph { text: text.into() }];
    let r = render(&doc, fonts()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = tool("pdftotext", &[], &path);
    assert!(squeeze(&out).contains(text), "{out}");
}
