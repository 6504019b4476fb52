//! Rendering is pure: the same input gives the same bytes, whatever was rendered
//! before, whatever font pieces are remembered, from whichever thread.

use signdesk_typeset::{render, Typesetter};

use crate::{common, fonts, rendered};

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
