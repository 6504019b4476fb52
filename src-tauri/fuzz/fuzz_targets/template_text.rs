//! Template import from text: a `.txt` file's bytes (UTF-8, UTF-16 with BOM, GBK /
//! GB18030, or garbage) through `import`, and the same bytes as pasted text through
//! `detect` when they are UTF-8. A template that comes out must be consistent.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use signdesk_agreement::{detect, import, Template};

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = import("协议.txt", data) {
        check(&t);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(t) = detect(text) {
            check(&t);
        }
    }
});

fn check(t: &Template) {
    assert!(!t.title.trim().is_empty());
    assert!(!t.roles.is_empty());
    let _ = t.validate();
    let _ = t.paragraphs();
    let _ = t.plain_text();
    // Every blank filled: no marker may be left in the text.
    let values: BTreeMap<String, String> = t
        .fields
        .iter()
        .map(|f| (f.key.clone(), "填写值".to_string()))
        .collect();
    if let Ok(filled) = t.filled(&values) {
        let text = filled.plain_text();
        for f in &filled.fields {
            assert!(!text.contains(&format!("{{{{{}}}}}", f.key)), "{}", f.key);
        }
    }
}
