//! Signature images in the PDF: each with its soft mask, and large ones as the pad
//! exports them reduced to print resolution.

use signdesk_typeset::render;

use crate::{common, fonts, rendered, tool};

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
