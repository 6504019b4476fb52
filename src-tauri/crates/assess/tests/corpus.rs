//! A held-out corpus: agreement excerpts in styles the detection code was not written
//! from (a coal mine, a building site, a hospital, a school, a chemical plant, …), each
//! with what a careful reader expects beside it (`NN-name.expect.json`, worked out from
//! the text alone). Detection is scored item by item — the period, full marks, the
//! reward and pass lines, each part, grade and penalty, each field of each target;
//! an item missed or an item detected that the text does not have is a miss — and
//! the whole corpus must reach 90%. `cargo test -p signdesk-assess --test corpus --
//! --nocapture` prints the score per file and what was missed.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use signdesk_assess::{detect, Decimal};

const THRESHOLD: f64 = 0.90;

fn corpus() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".txt")?
                .to_string();
            Some((name, path))
        })
        .collect();
    files.sort();
    files
}

/// Labels compared without quotation marks and spaces: 「“两票”合格率」 is 「两票合格率」.
fn label(v: &Json) -> String {
    v.as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && !"“”\"'‘’「」『』".contains(*c))
        .collect()
}

/// A decimal field (a string in the serde form) or null; `1.0` is `1`.
fn dec(v: Option<&Json>) -> Option<Decimal> {
    match v? {
        Json::String(s) => s.parse().ok(),
        Json::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// A field's value in a comparable form: decimals by value, the rest as JSON (a
/// field the detected scheme does not have is null, a missing `each` false).
fn same(key: &str, expected: Option<&Json>, detected: Option<&Json>) -> bool {
    let absent = |v: Option<&Json>| v.is_none_or(Json::is_null);
    match key {
        "floor_zero" | "each" => {
            expected.and_then(Json::as_bool).unwrap_or(false)
                == detected.and_then(Json::as_bool).unwrap_or(false)
        }
        "direction" | "from_count" | "period" => {
            (absent(expected) && absent(detected)) || expected == detected
        }
        _ => dec(expected) == dec(detected) && absent(expected) == absent(detected),
    }
}

#[derive(Default)]
struct Tally {
    hits: usize,
    items: usize,
    misses: Vec<String>,
}

impl Tally {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.items += 1;
        if ok {
            self.hits += 1;
        } else {
            self.misses.push(what());
        }
    }
}

fn show(v: Option<&Json>) -> String {
    v.map_or("—".into(), |v| v.to_string())
}

/// Lists matched by label: each expected entry is one item (or, for targets, one item
/// per field) and each detected entry with no expected one beside it is a miss.
fn compare_list(tally: &mut Tally, kind: &str, fields: &[&str], expected: &Json, detected: &Json) {
    let empty = Vec::new();
    let expected = expected.as_array().unwrap_or(&empty);
    let detected = detected.as_array().unwrap_or(&empty);
    let mut used = vec![false; detected.len()];
    let per_field = kind == "target";
    for e in expected {
        let name = label(&e["label"]);
        let found = detected
            .iter()
            .enumerate()
            .find(|(i, d)| !used[*i] && label(&d["label"]) == name);
        let Some((i, d)) = found else {
            let n = if per_field { fields.len() + 1 } else { 1 };
            for _ in 0..n {
                tally.check(false, || format!("{kind} “{name}” not detected"));
            }
            continue;
        };
        used[i] = true;
        if per_field {
            tally.check(true, String::new);
            for f in fields {
                tally.check(same(f, e.get(*f), d.get(*f)), || {
                    format!(
                        "{kind} “{name}”.{f}: expected {}, detected {}",
                        show(e.get(*f)),
                        show(d.get(*f))
                    )
                });
            }
        } else {
            let bad: Vec<String> = fields
                .iter()
                .filter(|f| !same(f, e.get(**f), d.get(**f)))
                .map(|f| {
                    format!(
                        "{f} expected {} detected {}",
                        show(e.get(*f)),
                        show(d.get(*f))
                    )
                })
                .collect();
            tally.check(bad.is_empty(), || {
                format!("{kind} “{name}”: {}", bad.join(", "))
            });
        }
    }
    for (d, _) in detected.iter().zip(&used).filter(|(_, u)| !**u) {
        tally.check(false, || {
            format!("extra {kind} “{}”", d["label"].as_str().unwrap_or_default())
        });
    }
}

fn compare(expected: &Json, detected: &Json) -> Tally {
    let mut tally = Tally::default();
    for key in ["period", "total", "reward_line", "pass_line"] {
        tally.check(same(key, expected.get(key), detected.get(key)), || {
            format!(
                "{key}: expected {}, detected {}",
                show(expected.get(key)),
                show(detected.get(key))
            )
        });
    }
    compare_list(
        &mut tally,
        "part",
        &["points"],
        &expected["parts"],
        &detected["parts"],
    );
    compare_list(
        &mut tally,
        "grade",
        &["coefficient"],
        &expected["grades"],
        &detected["grades"],
    );
    compare_list(
        &mut tally,
        "target",
        &[
            "weight",
            "baseline",
            "direction",
            "per_point",
            "bonus_per_point",
            "bonus_cap",
            "deduct_cap",
            "floor_zero",
        ],
        &expected["targets"],
        &detected["targets"],
    );
    compare_list(
        &mut tally,
        "penalty",
        &["from_count", "points", "each"],
        &expected["penalties"],
        &detected["penalties"],
    );
    tally
}

#[test]
fn the_held_out_corpus_is_read_as_a_careful_reader_reads_it() {
    let files = corpus();
    assert_eq!(files.len(), 12, "the corpus has twelve texts");
    let (mut hits, mut items) = (0, 0);
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).expect("UTF-8 text");
        let expected: Json = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expect.json")).expect("expect.json"),
        )
        .expect("valid JSON");
        let scheme = detect(&text);
        let detected = serde_json::to_value(&scheme).expect("a scheme serialises");
        let t = compare(&expected, &detected);
        println!("{name}: {}/{} items", t.hits, t.items);
        for m in &t.misses {
            println!("    miss: {m}");
        }
        for d in &scheme.doubts {
            println!("    doubt: {d}");
        }
        hits += t.hits;
        items += t.items;
    }
    let share = hits as f64 / items as f64;
    println!("corpus: {hits}/{items} items ({:.1}%)", share * 100.0);
    assert!(
        share >= THRESHOLD,
        "corpus: {hits}/{items} items ({:.1}%), below {:.0}%",
        share * 100.0,
        THRESHOLD * 100.0
    );
}

#[test]
fn the_text_without_an_assessment_gives_an_empty_scheme() {
    let (_, path) = corpus()
        .into_iter()
        .find(|(name, _)| name.starts_with("12-"))
        .expect("the no-assessment text");
    let s = detect(&std::fs::read_to_string(path).unwrap());
    assert!(
        s.parts.is_empty() && s.targets.is_empty() && s.total.is_none(),
        "{s:#?}"
    );
    assert!(s.penalties.is_empty() && s.grades.is_empty() && s.period.is_none());
    assert!(!s.is_stated());
}
