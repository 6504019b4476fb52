//! Input the renderer refuses with a typed error (a character no font has, signature
//! images that are no PNG or too large) and degenerate input it still renders.

use signdesk_typeset::{render, Block, Fonts, Typesetter};

use crate::{common, fonts};

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
