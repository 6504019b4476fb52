//! Template import from .docx: inputs starting with `PK` are the whole file (zip
//! bombs, `../` entries, broken central directories); any other input is XML put into
//! a real .docx written by LibreOffice — `word/document.xml`, then after a NUL byte
//! `word/numbering.xml` — so the XML readers are reached past the zip's CRC checks.
#![no_main]

mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use signdesk_agreement::import;

static BASE: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        let _ = import("协议.docx", data);
        return;
    }
    let base = BASE.get_or_init(|| {
        common::entries(include_bytes!(
            "../../crates/agreement/tests/fixtures/libreoffice-bold-numbered.docx"
        ))
    });
    let (document, numbering) = common::split_nul(data);
    let docx = common::rezip(
        base,
        &[
            ("word/document.xml", Some(document)),
            ("word/numbering.xml", numbering),
        ],
    );
    if let Ok(t) = import("协议.docx", &docx) {
        let _ = t.validate();
        let _ = t.paragraphs();
    }
});
