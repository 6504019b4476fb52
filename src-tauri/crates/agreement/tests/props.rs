//! Detection and import never panic, whatever the input; what they produce is a
//! consistent template; refusals are typed errors.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use proptest::prelude::*;
use signdesk_agreement::builtin::SOURCES;
use signdesk_agreement::{detect, import, markers, Block, DoubtItem, ImportError, Template};

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "第一条",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "１．",
    "1.1 ",
    "a) ",
    "B.",
    "- ",
    "安全",
    "责任书",
    "：",
    ":",
    "；",
    "XX%",
    "____万元",
    "20xx年",
    "XXXX年XX月XX日",
    "**县**",
    "%",
    "率",
    "负责人(签字):",
    "甲方（盖章）",
    "日期：",
    "年 月 日",
    "一式两份",
    "\n",
    "{{",
    "}}",
    "{{a}}",
    "至",
    "2018年1月1日",
    "0.9",
    "_",
    "(",
    ")",
    "签约人:",
    "员工签名",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

/// A real agreement (one of the company's texts) with lines dropped and pieces of
/// agreement text (numbers, blanks, signature lines) put in: detection mostly
/// succeeds, on texts it has never seen.
fn edited_agreement() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SOURCES.as_slice()),
        prop::collection::vec(
            (any::<prop::sample::Index>(), pieces(), any::<bool>()),
            0..8,
        ),
    )
        .prop_map(|((_, text), edits)| {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (at, piece, drop) in edits {
                let i = at.index(lines.len() + 1);
                if drop && i < lines.len() {
                    lines.remove(i);
                } else {
                    lines.insert(i, piece);
                }
            }
            lines.join("\n")
        })
}

/// The texts of a template in which blanks may stand, with the period.
fn texts(t: &Template) -> Vec<&str> {
    let mut v = vec![t.title.as_str()];
    v.extend(t.preamble.iter().map(String::as_str));
    for s in &t.sections {
        v.push(&s.heading);
        for b in &s.blocks {
            match b {
                Block::Paragraph { text } | Block::Clause { text, .. } => v.push(text),
            }
        }
    }
    v.extend(t.closing.iter().map(String::as_str));
    v.extend(t.period.as_deref());
    v
}

/// What every detected template must satisfy, whatever the text: a title, and a role
/// or a doubt saying none was found (none is invented);
/// blanks and fields that match one to one (a `{{key}}` already in the source text is
/// kept as written, so only then may a marker lack a field); and a template the
/// editor can save unless the text itself is too long.
fn assert_consistent(source: &str, t: &Template) -> Result<(), TestCaseError> {
    prop_assert!(
        !t.title.trim().is_empty() || t.doubts.iter().any(|d| d.item == DoubtItem::Title),
        "no title and no doubt saying so"
    );
    prop_assert!(
        !t.roles.is_empty() || t.doubts.iter().any(|d| d.item == DoubtItem::Role),
        "no role and no doubt saying so"
    );
    prop_assert!((1..=10).contains(&t.copies), "copies {}", t.copies);
    let used: Vec<String> = texts(t).into_iter().flat_map(markers).collect();
    for (i, f) in t.fields.iter().enumerate() {
        prop_assert!(
            !t.fields[..i].iter().any(|g| g.key == f.key),
            "{} twice",
            f.key
        );
        prop_assert!(
            !f.original.is_empty() && !f.label.trim().is_empty(),
            "{:?}",
            f
        );
        prop_assert!(
            used.contains(&f.key) || t.is_role_date(f),
            "{} unused",
            f.key
        );
    }
    if !source.contains("{{") {
        for k in &used {
            prop_assert!(
                t.fields.iter().any(|f| &f.key == k),
                "{{{{{}}}}} has no field",
                k
            );
        }
    }
    // What detection gives can be stored (who signs is asked in the editor when the
    // text's signature block names no signer: `require_signer`).
    if let Err(e) = t.validate_draft() {
        let allowed = ["too_long", "too_many_parts"];
        let marker = source.contains("{{") && e.kind() == "unknown_marker";
        // A text without a signature block saves only once someone has added roles.
        let roleless = t.roles.is_empty() && e.kind() == "no_roles";
        prop_assert!(
            allowed.contains(&e.kind().as_str()) || marker || roleless,
            "{}: {}",
            e.kind(),
            e
        );
    }
    // Every blank filled: no marker is left, and each value is where its blank was.
    let values: BTreeMap<String, String> = t
        .fields
        .iter()
        .map(|f| (f.key.clone(), format!("〔{}〕", f.key)))
        .collect();
    if !source.contains("{{") {
        let filled = t
            .filled(&values)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = filled.plain_text();
        for f in &t.fields {
            let marker = format!("{{{{{}}}}}", f.key);
            prop_assert!(!text.contains(&marker), "{} left", marker);
            prop_assert!(
                t.is_role_date(f) || text.contains(&values[&f.key]),
                "{}",
                f.key
            );
        }
    }
    Ok(())
}

/// Every import failure is one of the typed kinds, with a Chinese message.
fn assert_typed(e: &ImportError) -> Result<(), TestCaseError> {
    let kinds = [
        "empty",
        "too_large",
        "unsupported_type",
        "bad_encoding",
        "binary",
        "corrupt_docx",
        "zip_bomb",
        "too_many_entries",
        "unsafe_entry",
        "no_agreement",
    ];
    prop_assert!(kinds.contains(&e.kind().as_str()), "{}", e.kind());
    let msg = e.to_string();
    prop_assert!(
        msg.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "{}",
        msg
    );
    // No library words in what a person reads (an entry's own name may be anything).
    if e.kind() != "unsafe_entry" {
        let foreign = signdesk_base::foreign_words(&msg);
        prop_assert!(foreign.is_empty(), "{}: {:?}", msg, foreign);
    }
    Ok(())
}

/// A zip with the given entries (stored: what we put in is what is read).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("entry");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// `word/document.xml` with the given paragraphs, each optionally bold or numbered.
fn document_xml(paras: &[(String, u8)]) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for (text, style) in paras {
        x.push_str("<w:p>");
        match style % 3 {
            1 => x.push_str(
                r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>"#,
            ),
            2 => x.push_str(r#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>"#),
            _ => {}
        }
        let esc = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        x.push_str(&format!(
            r#"<w:r><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>"#
        ));
    }
    x.push_str("</w:body></w:document>");
    x
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn detect_never_panics(s in "\\PC{0,300}") {
        let _ = detect(&s);
    }

    #[test]
    fn detect_never_panics_on_agreement_like_text(s in pieces()) {
        if let Ok(t) = detect(&s) {
            let _ = t.validate();
            let _ = t.paragraphs();
        }
    }

    #[test]
    fn import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), docx in any::<bool>()) {
        let name = if docx { "x.docx" } else { "x.txt" };
        if let Err(e) = import(name, &bytes) {
            assert_typed(&e)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Pasted text: a template that comes out is consistent, its blanks and fields
    /// match, and filling them leaves no marker.
    #[test]
    fn detected_templates_are_consistent(s in prop_oneof![edited_agreement(), pieces()]) {
        match detect(&s) {
            Ok(t) => assert_consistent(&s, &t)?,
            Err(e) => assert_typed(&e)?,
        }
    }

    /// A .txt file gives the same template (or the same refusal) in every encoding
    /// Chinese Windows tools write: UTF-8 with and without BOM, UTF-16 with BOM, and
    /// GBK/GB18030, as pasting the text does.
    #[test]
    fn every_encoding_gives_the_same_template(s in edited_agreement(), crlf in any::<bool>()) {
        let s = if crlf { s.replace('\n', "\r\n") } else { s };
        let pasted = detect(&s);
        let gbk = encoding_rs::GB18030.encode(&s).0.into_owned();
        let mut variants = vec![
            s.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
            [0xFF, 0xFE].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        ];
        // A GBK file that happens to be valid UTF-8 is read as UTF-8, rightly.
        if std::str::from_utf8(&gbk).is_err() {
            variants.push(gbk);
        }
        for bytes in variants {
            let got = import("协议.txt", &bytes);
            match (&pasted, &got) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(_), Err(b)) => assert_typed(b)?,
                (a, b) => prop_assert!(false, "pasted {:?}, file {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }

    /// A .docx is refused with a typed error or read: arbitrary bytes, a real
    /// LibreOffice file damaged anywhere, and valid zips whose document holds any
    /// paragraphs (numbered, heading-styled or plain).
    #[test]
    fn docx_refusals_are_typed(
        bytes in prop::collection::vec(any::<u8>(), 0..1500),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
        paras in prop::collection::vec((prop_oneof![pieces(), "\\PC{0,40}"], any::<u8>()), 0..20),
        numbering in any::<bool>(),
    ) {
        if let Err(e) = import("x.docx", &bytes) {
            assert_typed(&e)?;
        }
        let mut real = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/libreoffice-bold-numbered.docx"
        ))
        .expect("fixture");
        let p = pos.index(real.len());
        real[p] = byte;
        real.truncate(1 + cut.index(real.len()));
        if let Err(e) = import("x.docx", &real) {
            assert_typed(&e)?;
        }
        let doc = document_xml(&paras);
        let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
        if numbering {
            entries.push(("word/numbering.xml", NUMBERING.as_bytes()));
        }
        match import("x.docx", &zip_of(&entries)) {
            Ok(t) => {
                let source: String = paras.iter().map(|(t, _)| t.as_str()).collect();
                assert_consistent(&source, &t)?;
            }
            Err(e) => assert_typed(&e)?,
        }
    }

    /// An entry whose name is absolute or climbs out of the archive is refused as
    /// unsafe, wherever it is and whatever else the file holds.
    #[test]
    fn docx_entries_that_climb_out_are_refused(
        name in prop_oneof![
            "(\\.\\./|[a-z]{1,5}/\\.\\./\\.\\./)[a-z]{1,8}(\\.xml)?",
            "/[a-z]{1,8}/[a-z]{1,8}",
            "[a-z]{1,5}\\\\\\.\\.\\\\[a-z]{1,8}",
            "[A-Z]:/[a-z]{1,8}",
        ],
        first in any::<bool>(),
    ) {
        let doc = document_xml(&[("安全生产目标责任书".into(), 0)]);
        let evil: (&str, &[u8]) = (name.as_str(), b"x");
        let ok: (&str, &[u8]) = ("word/document.xml", doc.as_bytes());
        let entries = if first { vec![evil, ok] } else { vec![ok, evil] };
        let e = import("x.docx", &zip_of(&entries)).unwrap_err();
        prop_assert_eq!(e.kind(), "unsafe_entry", "{}: {}", name, e);
    }
}
