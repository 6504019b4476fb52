//! Renders the sample 3-page agreement with two signatures (and a seal) once, then
//! 500 documents in a row as a signing ceremony makes them — each signed by another
//! person of a made-up roster, with other name characters and their own handwritten
//! signature; the countersignature (adopted for the ceremony) and the seal stay the
//! same — and prints ms/doc
//! and bytes/doc. Fonts are indexed once, as in the app. With `same`, the 500 are the
//! sample itself (the earlier form of this benchmark). Numbers for BENCHMARKS.md: run
//! with
//! `cargo run --release -p signdesk-typeset --example bench_render [-- out.pdf] [N]`.
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).filter(|a| a.ends_with(".pdf"));
    let n: u32 = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);

    let t = Instant::now();
    let fonts = signdesk_typeset::Typesetter::bundled().unwrap();
    println!(
        "fonts: {} faces indexed in {:.1} ms",
        fonts.fonts().face_count(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let doc = common::sample_document();

    let t = Instant::now();
    let first = signdesk_typeset::render(&doc, &fonts).unwrap();
    println!(
        "first render: {:.1} ms, {} pages, {} bytes ({:.1} KB)",
        t.elapsed().as_secs_f64() * 1e3,
        first.pages,
        first.bytes.len(),
        first.bytes.len() as f64 / 1024.0
    );
    if let Some(path) = out {
        std::fs::write(path, &first.bytes).unwrap();
        println!("written to {path}");
    }

    let same = args.iter().any(|a| a == "same");
    // Each document is made just before it is rendered, outside the clock, so the peak
    // memory is the renderer's and one document's, not 500 documents'.
    let mut busy = std::time::Duration::ZERO;
    let mut total = 0usize;
    for i in 0..n as usize {
        let d = if same {
            doc.clone()
        } else {
            common::signed_by(
                &doc,
                &common::roster_name(i),
                common::signer_signature_png(i),
            )
        };
        let t = Instant::now();
        let r = signdesk_typeset::render(&d, &fonts).unwrap();
        busy += t.elapsed();
        total += r.bytes.len();
    }
    let secs = busy.as_secs_f64();
    println!(
        "{n} renders ({}): {:.2} ms/doc, {:.0} bytes/doc ({:.1} KB/doc)",
        if same {
            "the same document"
        } else {
            "a roster, one name each"
        },
        secs * 1e3 / f64::from(n),
        total as f64 / f64::from(n),
        total as f64 / f64::from(n) / 1024.0
    );
}
