//! End-to-end checks of the rendered PDF with the real tools readers and printers
//! rely on: poppler (`pdffonts`, `pdftotext`, `pdfimages`, `pdfinfo`) and `qpdf`.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use signdesk_typeset::linebreak::is_line_start_forbidden;
use signdesk_typeset::{render, Block, Fonts, Rendered, Typesetter};

fn fonts() -> &'static Typesetter {
    static FONTS: OnceLock<Typesetter> = OnceLock::new();
    FONTS.get_or_init(|| Typesetter::bundled().unwrap())
}

fn rendered() -> &'static (Rendered, tempfile::TempDir, PathBuf) {
    static R: OnceLock<(Rendered, tempfile::TempDir, PathBuf)> = OnceLock::new();
    R.get_or_init(|| {
        let r = render(&common::sample_document(), fonts()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.pdf");
        std::fs::write(&path, &r.bytes).unwrap();
        if let Ok(keep) = std::env::var("TYPESET_KEEP_PDF") {
            std::fs::write(keep, &r.bytes).unwrap();
        }
        (r, dir, path)
    })
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} not runnable ({e}): apt-get install -y poppler-utils qpdf")
        });
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `Key:   value` lines of pdfinfo (the column width differs between versions).
fn pdfinfo_fields(out: &str) -> std::collections::HashMap<String, String> {
    out.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
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
fn signature_images_have_soft_masks() {
    let (_, _, path) = rendered();
    let out = tool("pdfimages", &["-list"], path);
    let images = out
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    let smasks = out
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("smask"))
        .count();
    assert_eq!(images, 3, "{out}");
    assert_eq!(smasks, 3, "{out}");
}

/// Signatures as the pad exports them (up to 1200 × 480 pixels for a 36 pt high box,
/// ~960 dpi) reach the PDF reduced to 300 dpi, cropped to the ink, and still sit in
/// their box: the page looks the same as with the image at full size.
#[test]
fn large_signatures_are_reduced_to_print_resolution() {
    let mut doc = common::sample_document();
    for (i, s) in doc.signatures.iter_mut().enumerate() {
        if s.signature_png.is_some() {
            s.signature_png = Some(common::signature_png(i as u32 + 1, 1200, 480));
        }
    }
    let r = render(&doc, fonts()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pad.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = tool("pdfimages", &["-list"], &path);
    let ppi: Vec<(u32, u32)> = out
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[3].parse().unwrap(), c[12].parse().unwrap())
        })
        .collect();
    assert_eq!(ppi.len(), 3, "{out}");
    // The two signatures: 1200 wide at 960 dpi before; now about 375 at 300 dpi.
    for &(width, dpi) in &ppi[..2] {
        assert!((299..=302).contains(&dpi), "{out}");
        assert!(width <= 380, "{out}");
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
fn same_input_same_bytes() {
    let doc = common::sample_document();
    let a = render(&doc, fonts()).unwrap();
    let b = render(&doc, fonts()).unwrap();
    assert!(a.bytes == b.bytes, "two renders differ");
    assert_eq!(a.bytes, rendered().0.bytes);
}

/// Compressed pieces of the font programs are remembered between renders
/// (`deflate.rs`): what other documents left in the memo changes no byte, and the
/// documents of a ceremony, each with its own name and signature, render as they would
/// alone.
#[test]
fn remembered_font_pieces_change_no_byte() {
    let doc = common::sample_document();
    let signer = |i: usize| {
        common::signed_by(
            &doc,
            &common::roster_name(i),
            common::signer_signature_png(i),
        )
    };
    let warm = Typesetter::bundled().unwrap();
    let mut alone = Vec::new();
    for i in 0..4 {
        let d = signer(i);
        alone.push(render(&d, &Typesetter::bundled().unwrap()).unwrap().bytes);
        assert!(render(&d, &warm).unwrap().bytes == alone[i], "document {i}");
    }
    assert!(render(&doc, &warm).unwrap().bytes == rendered().0.bytes);
    assert!(render(&signer(0), &warm).unwrap().bytes == alone[0]);
}

/// The line layout (every line's position, size, spacing and text) is committed in
/// `tests/snapshots/sample_layout.txt`. Layout changes must be deliberate: rerun with
/// `UPDATE_SNAPSHOTS=1` and review the diff.
#[test]
fn layout_snapshot() {
    let dump = signdesk_typeset::layout_dump(&common::sample_document(), fonts()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/sample_layout.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &dump).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    if want != dump {
        let first = want
            .lines()
            .zip(dump.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "layout changed (first difference at line {}):\n  was: {:?}\n  now: {:?}\nrerun with UPDATE_SNAPSHOTS=1 if intended",
            first + 1,
            want.lines().nth(first),
            dump.lines().nth(first)
        );
    }
}

#[test]
fn missing_glyph_is_an_error_naming_the_character() {
    let mut doc = common::sample_document();
    doc.signatures[0].name = Some("张\u{10FFFD}".into());
    let err = render(&doc, fonts()).unwrap_err();
    assert_eq!(err.kind(), "missing_glyph");
    assert!(err.to_string().contains("U+10FFFD"), "{err}");

    // Without a wide-coverage fallback, 𠀀 cannot be printed either: an error, not a box.
    let bare = Typesetter::new(Fonts::noto_only().unwrap());
    let err = render(&common::sample_document(), &bare).unwrap_err();
    assert_eq!(
        err.to_string(),
        "字符“𠀀”(U+20000) 在所有内置字体中都没有字形，无法打印"
    );
}

fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    v.extend_from_slice(b"\0\0\0\0IDAT\0\0\0\0\0\0\0\0IEND\xaeB`\x82");
    v
}

#[test]
fn bad_pngs_are_typed_errors_not_panics() {
    let good = common::signature_png(3, 300, 100);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "bad_image"),
        (
            "not a png",
            b"hello, world, this is not an image".to_vec(),
            "bad_image",
        ),
        ("truncated", good[..good.len() / 2].to_vec(), "bad_image"),
        (
            "corrupt data",
            {
                let mut g = good.clone();
                let n = g.len();
                for b in &mut g[60..n - 20] {
                    *b ^= 0x5a;
                }
                g
            },
            "bad_image",
        ),
        ("0x0", png_header(0, 0), "bad_image"),
        ("huge", png_header(5000, 5000), "image_too_large"),
        ("bomb", png_header(60000, 60000), "image_too_large"),
    ];
    for (what, png, kind) in cases {
        let mut doc = common::sample_document();
        doc.signatures[1].signature_png = Some(png);
        let err = render(&doc, fonts()).expect_err(what);
        assert_eq!(err.kind(), kind, "{what}: {err}");
        if kind == "bad_image" {
            assert!(err.to_string().starts_with("签名图片无法读取："), "{err}");
        }
        // Chinese only: the PNG decoder's own words are kept for the log.
        let foreign = signdesk_base::foreign_words(&err.to_string()).join(" ");
        assert!(foreign.is_empty(), "{what}: {err}");
        if what == "corrupt data" {
            assert!(
                err.detail().is_some(),
                "the decoder's words are kept: {err:?}"
            );
        }
    }
}

/// Headings are kept with the following text: whatever amount of text precedes a
/// heading, no page ends with it.
#[test]
fn headings_are_never_left_at_a_page_bottom() {
    for filler in 0..40 {
        let mut doc = common::sample_document();
        let mut blocks: Vec<Block> = (0..filler)
            .map(|i| Block::Paragraph {
                text: format!("第{i}段。").repeat(3 + i % 9),
            })
            .collect();
        blocks.append(&mut doc.blocks);
        doc.blocks = blocks;
        let dump = signdesk_typeset::layout_dump(&doc, fonts()).unwrap();
        for page in dump.split("== page ").skip(1) {
            // Body lines (footer lines are 9 pt, record lines 10.5 pt and smaller).
            let last = page
                .lines()
                .filter(|l| {
                    l.starts_with("T ") && (l.contains(" s=12.0 ") || l.contains(" s=13.0 "))
                })
                .max_by(|a, b| y_of(a).total_cmp(&y_of(b)));
            if let Some(last) = last {
                assert!(
                    !last.contains(" s=13.0 "),
                    "page ends with a heading (filler {filler}): {last}"
                );
            }
        }
    }
}

fn y_of(dump_line: &str) -> f32 {
    dump_line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("y="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// Degenerate but legal input: nothing but a number, or odd text, still renders.
#[test]
fn minimal_and_odd_documents_render() {
    let mut doc = common::sample_document();
    doc.title.clear();
    doc.blocks.clear();
    doc.signatures.clear();
    doc.record = None;
    let r = render(&doc, fonts()).unwrap();
    assert_eq!(r.pages, 1);

    let mut doc = common::sample_document();
    doc.blocks = vec![
        Block::Paragraph { text: "\t\u{FEFF}  \n\n".into() },
        Block::Clause { number: String::new(), level: 0, text: String::new() },
        Block::Clause { number: "（十二）".repeat(20), level: 9, text: "很长的编号".into() },
        Block::Paragraph { text: "https://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all/because/it/is/far/too/long/for/the/measure".into() },
        Block::Heading { number: "五、".into(), text: "（".repeat(100) },
    ];
    doc.signatures[0].date = None;
    doc.signatures[0].signature_png = None;
    let r = render(&doc, fonts()).unwrap();
    assert!(r.pages >= 2);
}

#[test]
fn sample_stays_under_150_kb() {
    let (r, _, _) = rendered();
    assert!(r.bytes.len() < 150 * 1024, "{} bytes", r.bytes.len());
}

/// The sample with ordinary names only: needs no fallback font.
fn common_names_document() -> signdesk_typeset::Document {
    let mut doc = common::sample_document();
    doc.number = "SD-2027-000124".into();
    doc.signatures[0].name = Some("王小明".into());
    let rec = doc.record.as_mut().unwrap();
    rec.signers[0].name = "王小明".into();
    rec.signers[1].name = "赵敏".into();
    rec.ceremony_by = "赵敏".into();
    doc.meta.subject = "2027 年度安全目标责任书 · 王小明".into();
    doc
}

/// Nothing carries over from one document to the next: render A, then B (whose rare
/// names make the fallback fonts load), then A again; B equals a render with fresh fonts.
#[test]
fn output_does_not_depend_on_earlier_renders() {
    let fonts = Typesetter::bundled().unwrap();
    let a = common_names_document();
    let b = common::sample_document();
    let a1 = render(&a, &fonts).unwrap();
    let b1 = render(&b, &fonts).unwrap();
    let a2 = render(&a, &fonts).unwrap();
    assert!(a1.bytes == a2.bytes, "A changed after rendering B");
    assert!(a1.bytes != b1.bytes);
    let fresh = render(&b, &Typesetter::bundled().unwrap()).unwrap();
    assert!(
        b1.bytes == fresh.bytes,
        "B depends on what was rendered before"
    );
    assert!(b1.bytes == rendered().0.bytes);
}

/// A `Typesetter` is shared between threads (the app renders from a worker pool).
#[test]
fn renders_from_several_threads_give_the_same_bytes() {
    let shared = Typesetter::bundled().unwrap();
    let docs = [common::sample_document(), common_names_document()];
    let outs: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (fonts, doc) = (&shared, &docs[i % 2]);
                s.spawn(move || render(doc, fonts).unwrap().bytes)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(outs[0] == outs[2] && outs[1] == outs[3]);
    assert!(outs[0] == rendered().0.bytes);
    assert!(outs[1] == render(&docs[1], fonts()).unwrap().bytes);
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

/// 甲方 and 乙方 sign side by side: 甲方 left, 乙方 right, on the same rows.
#[test]
fn two_parties_sign_side_by_side() {
    let mut doc = common::sample_document();
    doc.signatures[0].label = "乙方（签字）".into();
    doc.signatures[1].label = "甲方代表（签字）".into();
    doc.signatures[2].label = "甲方（盖章）".into();
    let dump = signdesk_typeset::layout_dump(&doc, fonts()).unwrap();
    let line = |label: &str| -> (f32, f32) {
        let l = dump
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} missing:\n{dump}"));
        let field = |k: &str| {
            l.split_whitespace()
                .find_map(|w| w.strip_prefix(k))
                .and_then(|v| v.parse::<f32>().ok())
                .unwrap()
        };
        (field("x="), field("y="))
    };
    let (ax, ay) = line("|甲方代表（签字）：|");
    let (sx, sy) = line("|甲方（盖章）：|");
    let (bx, by) = line("|乙方（签字）：|");
    assert!(
        ax < 100.0 && bx > 290.0,
        "columns: 甲方 x={ax}, 乙方 x={bx}"
    );
    assert_eq!(ay, by, "乙方 starts on 甲方's first row");
    assert!(sx == ax && sy > ay, "甲方's second role under its first");
    let r = render(&doc, fonts()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parties.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let text = squeeze(&tool("pdftotext", &[], &path));
    for want in [
        "甲方代表（签字）：",
        "乙方（签字）：",
        common::RARE_NAME,
        "李堃",
    ] {
        assert!(text.contains(want), "{want} missing");
    }
    let images = tool("pdfimages", &["-list"], &path);
    assert_eq!(images.matches(" smask ").count(), 3, "{images}");
    if let Ok(keep) = std::env::var("TYPESET_KEEP_PARTIES_PDF") {
        std::fs::write(keep, &r.bytes).unwrap();
    }
}
