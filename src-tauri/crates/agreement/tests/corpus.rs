//! Detection judged on agreements the code was not written from: `tests/corpus/`
//! holds texts in many real-world styles, each written for this project, with what a
//! careful reader expects beside it (`NN-name.json`, format in `corpus/README.md`).
//! Scored by `scoring/`: every item scores one point; the test prints the score per
//! text and in total, so a regression shows as a number, and fails below 95 %.

use std::path::Path;

mod scoring;

#[test]
fn the_corpus_is_detected_as_its_readers_expect() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let texts = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    assert!(texts >= 30, "the corpus has {texts} texts");
    let (got, of, report) = scoring::score_dir(&dir, true);
    let pct = 100.0 * got as f64 / of as f64;
    println!("{report}");
    assert!(
        pct >= 95.0,
        "{report}\ncorpus: {got}/{of} ({pct:.1} %) < 95 %"
    );
}

#[test]
fn no_role_label_is_missing_from_its_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let invented = scoring::invented_in_dir(&dir);
    assert!(
        invented.is_empty(),
        "labels not in their texts: {invented:?}"
    );
}
