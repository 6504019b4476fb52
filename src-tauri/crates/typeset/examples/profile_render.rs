//! Where does a render spend its time? Times variants of the sample document.
//! `profile_render [N] [only]`: N renders per variant (default 20); with `only`, just
//! the variants whose label starts with it (e.g. under callgrind). Rendering the same
//! document again finds its images and font pieces remembered (`images.rs`,
//! `deflate.rs`); the "cold" variant renders with a new `Typesetter` each time, as the first
//! document of a ceremony.
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

fn time(label: &str, n: u32, mut f: impl FnMut()) {
    let only = std::env::args().nth(2);
    if only.is_some_and(|o| !label.starts_with(&o)) {
        return;
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{label:<40} {:8.2} ms",
        t.elapsed().as_secs_f64() * 1e3 / f64::from(n)
    );
}

fn main() {
    let fonts = signdesk_typeset::Typesetter::bundled().unwrap();
    let bare = signdesk_typeset::Typesetter::new(signdesk_typeset::Fonts::noto_only().unwrap());
    let doc = common::sample_document();
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    time("full render", n, || {
        signdesk_typeset::render(&doc, &fonts).unwrap();
    });
    // Signatures as the pad exports them when the signer fills it (600 × 240 CSS
    // pixels at scale 2): far more pixels than the 36 pt signing box can print.
    let mut pad = doc.clone();
    for (i, s) in pad.signatures.iter_mut().enumerate() {
        if s.signature_png.is_some() {
            s.signature_png = Some(common::signature_png(i as u32 + 1, 1200, 480));
        }
    }
    time("pad-sized signatures (1200×480)", n, || {
        signdesk_typeset::render(&pad, &fonts).unwrap();
    });
    time("layout only", n, || {
        signdesk_typeset::layout_dump(&doc, &fonts).unwrap();
    });
    let mut no_img = doc.clone();
    for s in &mut no_img.signatures {
        s.signature_png = None;
        s.seal_png = None;
    }
    time("no images", n, || {
        signdesk_typeset::render(&no_img, &fonts).unwrap();
    });
    let mut common_names = no_img.clone();
    common_names.signatures[0].name = Some("王小明".into());
    let rec = common_names.record.as_mut().unwrap();
    rec.signers[0].name = "王小明".into();
    rec.ceremony_by = "赵敏".into();
    common_names.meta.subject = "x".into();
    time("no images, no fallback font", n, || {
        signdesk_typeset::render(&common_names, &bare).unwrap();
    });
    time("cold: no fallback, nothing remembered", n, || {
        let fresh =
            signdesk_typeset::Typesetter::new(signdesk_typeset::Fonts::noto_only().unwrap());
        let mut d = common_names.clone();
        for (to, from) in d.signatures.iter_mut().zip(&doc.signatures) {
            to.signature_png.clone_from(&from.signature_png);
            to.seal_png.clone_from(&from.seal_png);
        }
        signdesk_typeset::render(&d, &fresh).unwrap();
    });
    let mut tiny = common_names.clone();
    tiny.blocks.truncate(1);
    tiny.record = None;
    time("one paragraph, no fallback", n, || {
        signdesk_typeset::render(&tiny, &bare).unwrap();
    });
}
