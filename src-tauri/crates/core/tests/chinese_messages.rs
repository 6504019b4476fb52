//! What a person reads when a file is refused is Chinese — what is wrong and what to
//! do — with no library's words in it (zip's 「invalid Zip archive: Could not find
//! EOCD」, calamine's, the PNG decoder's); those are kept as the error's `detail`,
//! which the app logs. Checked through the core, as both front ends receive them.

use signdesk_core::base::foreign_words;
use signdesk_core::{CoreError, Job};

mod common;

/// The message has no run of five or more ASCII letters but the allowed names.
fn assert_chinese(what: &str, e: &CoreError) {
    let msg = e.to_string();
    let foreign = foreign_words(&msg);
    assert!(foreign.is_empty(), "{what}: {foreign:?} in {msg:?}");
    assert!(
        msg.chars().any(signdesk_core::base::text::is_han),
        "{what}: {msg}"
    );
    assert!(
        !serde_json::to_string(&e.to_ipc())
            .unwrap()
            .contains("detail"),
        "the detail never crosses to the window"
    );
}

#[test]
fn a_broken_docx_is_told_in_chinese_and_zips_words_are_the_detail() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let e = desk
        .import_template("安全责任书.docx", b"this is not a zip archive at all")
        .unwrap_err();
    assert_eq!(e.kind(), "corrupt_docx");
    assert_chinese("broken .docx", &e);
    assert!(e.to_string().contains("另存为"), "says what to do: {e}");
    let detail = e.detail().expect("zip's words kept for the log");
    assert!(!foreign_words(&detail).is_empty(), "{detail}");
}

#[test]
fn a_broken_xlsx_roster_is_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    for bytes in [
        b"PK\x03\x04 truncated workbook".to_vec(),
        b"not a workbook at all".to_vec(),
    ] {
        let e = desk
            .import_roster("名单.xlsx", &bytes, false, &Job::silent())
            .unwrap_err();
        assert_eq!(e.kind(), "roster_corrupt_xlsx");
        assert_chinese("broken .xlsx", &e);
        assert!(e.detail().is_some(), "calamine's or zip's words kept");
    }
}

#[test]
fn a_text_file_in_a_wrong_encoding_is_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    // A UTF-16 byte-order mark followed by an odd byte: neither UTF-16 nor GB18030.
    let e = desk
        .import_template("协议.txt", b"\xff\xfe\x00\xd8\x00")
        .unwrap_err();
    assert_eq!(e.kind(), "bad_encoding");
    assert_chinese("wrong encoding", &e);
    assert!(e.to_string().contains("另存为"), "{e}");
}

#[test]
fn a_png_that_is_not_a_png_is_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::desk(dir.path());
    let mut damaged = common::png(true);
    let n = damaged.len();
    for b in &mut damaged[60..n - 20] {
        *b ^= 0x5a;
    }
    for (what, png) in [
        ("not a PNG", b"GIF89a this is no PNG".to_vec()),
        ("damaged PNG", damaged),
    ] {
        let e = desk.check_sign(&common::request("张三", png)).unwrap_err();
        assert_eq!(e.kind(), "bad_signature", "{what}");
        assert_chinese(what, &e);
    }
}
