//! What the bundled fallback font costs: indexing, the first rare character (inflating
//! its chunk), memory — side by side with the alternative it replaced, a whole
//! wide-coverage face read from a file (pass its path, e.g. Debian's HanaMinB.ttf).
//!
//!   cargo run --release -p signdesk-typeset --example bench_fallback [FONT.ttf]

use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let rare = "王𠀀䶮";
    let before = rss_kb();
    let t = Instant::now();
    let fonts = signdesk_typeset::Fonts::bundled().unwrap();
    println!(
        "bundled: {} faces indexed in {:.2} ms",
        fonts.face_count(),
        ms(t)
    );
    let t = Instant::now();
    assert_eq!(fonts.first_missing(rare), None);
    println!(
        "bundled: first rare character (inflate one chunk + index): {:.2} ms, RSS +{} KB",
        ms(t),
        rss_kb().saturating_sub(before)
    );
    let t = Instant::now();
    assert_eq!(fonts.first_missing("张𪚥𬺰𫠠"), None);
    println!("bundled: three more chunks: {:.2} ms", ms(t));

    if let Some(path) = std::env::args().nth(1) {
        let before = rss_kb();
        let t = Instant::now();
        let len = std::fs::metadata(&path).unwrap().len();
        let whole = signdesk_typeset::Fonts::noto_only()
            .unwrap()
            .with_files([std::path::PathBuf::from(&path)]);
        assert_eq!(whole.first_missing(rare), None);
        println!(
            "file {path} ({:.1} MB): read + index + first rare character {:.2} ms, RSS +{} KB",
            len as f64 / 1e6,
            ms(t),
            rss_kb().saturating_sub(before)
        );
    }
}
