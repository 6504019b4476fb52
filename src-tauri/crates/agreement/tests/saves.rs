//! Every text the product ships or was measured on still makes a template that can be
//! saved as detected — the built-ins and the written corpus each name a signer — so
//! the rule that a template needs a signer-side role (issue 24) refuses only the
//! texts whose signature block was not found.

use std::path::Path;

use signdesk_agreement::{builtins, detect, Side};

#[test]
fn builtins_and_the_corpus_save_as_detected() {
    let mut checked = 0;
    for b in builtins() {
        assert_eq!(b.template.validate(), Ok(()), "built-in {}", b.id);
        checked += 1;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let t = detect(&text).unwrap();
        assert!(
            t.roles.iter().any(|r| r.side == Side::Signer),
            "{} names a signer",
            path.display()
        );
        assert_eq!(t.validate(), Ok(()), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 13 + 38, "{checked} texts");
}
