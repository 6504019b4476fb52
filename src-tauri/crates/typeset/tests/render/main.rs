//! End-to-end checks of the rendered PDF with the real tools readers and printers
//! rely on: poppler (`pdffonts`, `pdftotext`, `pdfimages`, `pdfinfo`) and `qpdf`.
//!
//! One test binary (`cargo test -p signdesk-typeset --test render`): `sample_pdf` (what
//! the tools read in the sample agreement), `images` (signatures and their masks),
//! `layout` (the committed line layout, headings, parties side by side), `same_bytes`
//! (rendering is pure), `odd_input` (missing glyphs, bad PNGs, degenerate documents).
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod images;
mod layout;
mod odd_input;
mod same_bytes;
mod sample_pdf;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use signdesk_typeset::{render, Rendered, Typesetter};

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

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
