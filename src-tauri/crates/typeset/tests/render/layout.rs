//! The line layout: committed as a snapshot, headings kept with the following text,
//! 甲方 and 乙方 signing side by side.

use std::path::Path;

use signdesk_typeset::{render, Block};

use crate::{common, fonts, squeeze, tool};

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
