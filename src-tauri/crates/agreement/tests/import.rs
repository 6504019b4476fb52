//! Import from files: encodings, real .docx files written by LibreOffice, and hostile
//! inputs, each giving its typed error kind.

use std::io::Write;

use signdesk_agreement::{detect, import, Block};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn kind(name: &str, bytes: &[u8]) -> &'static str {
    import(name, bytes)
        .err()
        .map(|e| e.kind().as_str())
        .unwrap_or("ok")
}

#[test]
fn gbk_text_file() {
    let bytes = fixture("gbk-party-blocks.txt");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture really is GBK"
    );
    let t = import("旧文件.TXT", &bytes).expect("imports");
    assert_eq!(t.title, "安全生产目标责任书");
    assert_eq!(t.clause_count(), 6);
    assert_eq!(t.copies, 3);
}

#[test]
fn utf8_bom_and_utf16_bom() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/custom/c-party-blocks.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let plain = detect(&text).expect("detects");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(import("a.txt", &bom).ok(), Some(plain.clone()));
    let mut le = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(import("a.txt", &le).ok(), Some(plain.clone()));
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    assert_eq!(import("a.txt", &be).ok(), Some(plain));
}

#[test]
fn docx_written_by_libreoffice() {
    // `soffice --headless --convert-to docx` of builtin/08-kefu-gongzuo-mubiao-liangfen.txt
    let t = import(
        "客服部.docx",
        &fixture("libreoffice-kefu-gongzuo-mubiao.docx"),
    )
    .expect("imports");
    let from_txt = detect(include_str!(
        "../builtin/08-kefu-gongzuo-mubiao-liangfen.txt"
    ))
    .expect("detects");
    assert_eq!(t, from_txt);
}

#[test]
fn docx_with_bold_headings_and_automatic_numbering() {
    // LibreOffice conversion of fixtures/libreoffice-bold-numbered.source.html:
    // <b> paragraphs and <ol> lists (numbering.xml, no numbers in the text).
    let t = import("仓库.docx", &fixture("libreoffice-bold-numbered.docx")).expect("imports");
    assert_eq!(t.title, "仓库安全责任书");
    let heads: Vec<&str> = t.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(heads, vec!["防火要求", "考核办法"]);
    let nums: Vec<String> = t.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Clause { number, .. } => Some(number.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(nums, vec!["1.", "2."]);
    assert_eq!(t.clause_count(), 4);
    assert_eq!(t.copies, 2);
    assert_eq!(t.roles[0].label, "仓库管理员（签字）");
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).expect("start");
            z.write_all(data).expect("write");
        }
        z.finish().expect("finish");
    }
    buf.into_inner()
}

#[test]
fn zip_bomb_is_refused() {
    // One entry of 1 GiB of zeros (about 1 MB compressed), named as the document part.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("word/document.xml", opts).expect("start");
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            z.write_all(&chunk).expect("write");
        }
        z.finish().expect("finish");
    }
    let bytes = buf.into_inner();
    assert!(
        bytes.len() < 5 * 1024 * 1024,
        "bomb fits the size limit: {}",
        bytes.len()
    );
    assert_eq!(kind("bomb.docx", &bytes), "zip_bomb");
}

#[test]
fn zip_bomb_with_lying_header_is_refused() {
    // The declared size is patched to something small; the capped reader still stops it.
    let data = vec![b'a'; 40 * 1024 * 1024];
    let mut bytes = zip_with(&[("word/document.xml", &data)]);
    // patch uncompressed size in local header (offset 22) and central directory
    let small = 1000u32.to_le_bytes();
    bytes[22..26].copy_from_slice(&small);
    if let Some(p) = bytes
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
    {
        bytes[p + 24..p + 28].copy_from_slice(&small);
    }
    let k = kind("lying.docx", &bytes);
    assert!(k == "zip_bomb" || k == "corrupt_docx", "{k}");
}

#[test]
fn path_traversal_entry_is_refused() {
    let bytes = zip_with(&[("../evil", b"x"), ("word/document.xml", b"<w:document/>")]);
    assert_eq!(kind("evil.docx", &bytes), "unsafe_entry");
    let bytes = zip_with(&[("/etc/passwd", b"x")]);
    assert_eq!(kind("evil.docx", &bytes), "unsafe_entry");
}

#[test]
fn too_many_entries() {
    let names: Vec<String> = (0..1100).map(|i| format!("f{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    assert_eq!(kind("many.docx", &zip_with(&entries)), "too_many_entries");
}

#[test]
fn simple_failures() {
    assert_eq!(kind("a.txt", b""), "empty");
    assert_eq!(kind("a.docx", b""), "empty");
    // A .pdf is read now (issue #16); a broken one says so.
    assert_eq!(kind("a.pdf", b"%PDF-1.4"), "corrupt_pdf");
    assert_eq!(kind("noext", b"abc"), "unsupported_type");
    let e = import("合同.rtf", b"x").expect_err("rtf");
    assert_eq!(
        e.to_string(),
        "不支持的文件类型“.rtf”：请使用 .txt、.docx 或 .pdf"
    );
    assert_eq!(
        import("a.txt", b"").expect_err("empty").to_string(),
        "文件为空"
    );
    let big = vec![b'a'; 6 * 1024 * 1024];
    assert_eq!(kind("big.txt", &big), "too_large");
    assert_eq!(kind("big.docx", &big), "too_large");
    assert_eq!(kind("a.docx", b"not a zip at all"), "corrupt_docx");
    assert_eq!(
        kind("a.docx", &zip_with(&[("x.txt", b"hi")])),
        "corrupt_docx"
    );
    assert_eq!(kind("a.txt", b"   \n  "), "empty");
    assert_eq!(kind("a.txt", b"\xff\xfe\x00"), "bad_encoding");
    assert_eq!(kind("a.txt", &[0x01u8; 100]), "binary");
    assert_eq!(kind("a.txt", "hello world".as_bytes()), "no_agreement");
    assert_eq!(
        kind(
            "a.docx",
            &zip_with(&[("word/document.xml", b"<w:document><oops")])
        ),
        "corrupt_docx"
    );
}

/// What a person reads is Chinese and says what to do; the zip or XML library's own
/// words stay in `detail`, for the log.
#[test]
fn a_broken_docx_or_a_wrong_encoding_is_told_in_chinese() {
    let cases: [(&str, &[u8]); 4] = [
        ("损坏.docx", b"not a zip at all"),
        (
            "损坏.docx",
            &b"PK\x03\x04\x14\x00\x00\x00\x08\x00broken"[..],
        ),
        ("乱码.txt", b"\xff\xfe\x00"),
        (
            "乱码.txt",
            &[0xC0u8, 0x80, 0xFF, 0xFE, 0x81, 0x30, 0x20, 0x41],
        ),
    ];
    for (name, bytes) in cases {
        let e = import(name, bytes).expect_err(name);
        let msg = e.to_string();
        assert!(
            signdesk_base::foreign_words(&msg).is_empty(),
            "{name}: {msg}"
        );
        assert!(msg.contains("请"), "says what to do: {msg}");
    }
    let e = import("损坏.docx", b"not a zip at all").unwrap_err();
    assert_eq!(
        e.to_string(),
        "无法读取 .docx 文件：文件已损坏，或者它不是 Word 文件。请在 Word 或 WPS 中打开它，重新“另存为” .docx 后再导入"
    );
    let detail = e.detail().expect("the library's words are kept");
    assert!(!signdesk_base::foreign_words(detail).is_empty(), "{detail}");
    let xml = zip_with(&[("word/document.xml", b"<w:document><w:t>&bogus;</w:t>")]);
    let e = import("a.docx", &xml).unwrap_err();
    assert_eq!(e.kind(), "corrupt_docx");
    assert!(
        signdesk_base::foreign_words(&e.to_string()).is_empty(),
        "{e}"
    );
}

#[test]
fn random_bytes_give_a_typed_error() {
    // xorshift, deterministic
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let k = kind("r.txt", &bytes);
    assert!(
        matches!(k, "bad_encoding" | "binary" | "no_agreement"),
        "{k}"
    );
    assert_eq!(kind("r.docx", &bytes), "corrupt_docx");
}

#[test]
fn nul_bytes_are_stripped() {
    let text = "安全承诺书\n本人承诺遵守公司的各项安全规章制度\u{0}。\n承诺人：";
    let t = import("a.txt", text.as_bytes()).expect("imports");
    assert!(!t.plain_text().contains('\u{0}'));
}
