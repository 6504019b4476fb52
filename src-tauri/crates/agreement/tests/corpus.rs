//! Detection judged on agreements the code was not written from: `tests/corpus/`
//! holds texts in many real-world styles, each written for this project, with what a
//! careful reader expects beside it (`NN-name.json`, format in `corpus/README.md`).
//! Every item — title, each role (name, side, representative), section count, the
//! signing date, each blank, copies — scores one point; the test prints the score per
//! text and in total, so a regression shows as a number, and fails below 95 %.

use std::path::Path;

use serde::Deserialize;
use signdesk_agreement::{detect, FieldFill, Side, Template};

#[derive(Debug, Deserialize)]
struct Expect {
    style: String,
    title: String,
    roles: Vec<ExpectRole>,
    sections: usize,
    date: String,
    blanks: Vec<String>,
    copies: u32,
}

#[derive(Debug, Deserialize)]
struct ExpectRole {
    name: String,
    side: String,
    representative: Option<String>,
}

/// What one text scored: points, out of, and what was missed.
struct Score {
    got: usize,
    of: usize,
    missed: Vec<String>,
}

impl Score {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.of += 1;
        if ok {
            self.got += 1;
        } else {
            self.missed.push(what());
        }
    }
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Organisation => "organisation",
        Side::Signer => "signer",
    }
}

fn score(t: &Template, e: &Expect) -> Score {
    let mut s = Score {
        got: 0,
        of: 0,
        missed: Vec::new(),
    };
    s.check(t.title == e.title, || {
        format!("标题：应为「{}」，得到「{}」", e.title, t.title)
    });
    // Roles in order; a role is right when its label holds the name, its side is
    // right and its representative is the expected one. Extra roles cost a point each.
    for (i, want) in e.roles.iter().enumerate() {
        let got = t.roles.get(i);
        let ok = got.is_some_and(|r| {
            r.label.contains(&want.name)
                && side(r.side) == want.side
                && match (&want.representative, &r.representative) {
                    (None, None) => true,
                    (Some(w), Some(g)) => g.contains(w.as_str()),
                    _ => false,
                }
        });
        s.check(ok, || {
            format!(
                "角色 {}：应为 {} / {} / {:?}，得到 {:?}",
                i + 1,
                want.name,
                want.side,
                want.representative,
                got.map(|r| (&r.label, side(r.side), &r.representative))
            )
        });
    }
    for extra in t.roles.iter().skip(e.roles.len()) {
        s.check(false, || format!("多出的角色「{}」", extra.label));
    }
    s.check(t.sections.len() == e.sections, || {
        format!("章节数：应为 {}，得到 {}", e.sections, t.sections.len())
    });
    let dates: Vec<&str> = t
        .fields
        .iter()
        .filter(|f| f.fill == FieldFill::SigningDate)
        .map(|f| f.key.as_str())
        .collect();
    let date_ok = match e.date.as_str() {
        "none" => dates.is_empty(),
        "once" => dates.len() == 1,
        "per_party" => dates.len() >= 2 || (e.roles.len() == 1 && dates.len() == 1),
        other => panic!("unknown date expectation {other}"),
    };
    s.check(date_ok, || {
        format!("签署日期：应为 {}，得到 {:?}", e.date, dates)
    });
    for blank in &e.blanks {
        let found = t
            .fields
            .iter()
            .any(|f| f.fill == FieldFill::Typed && f.label.contains(blank.as_str()));
        s.check(found, || {
            format!(
                "空白「{blank}」没有找到（有：{:?}）",
                t.fields.iter().map(|f| &f.label).collect::<Vec<_>>()
            )
        });
    }
    s.check(t.copies == e.copies, || {
        format!("份数：应为 {}，得到 {}", e.copies, t.copies)
    });
    s
}

#[test]
fn the_corpus_is_detected_as_its_readers_expect() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus has {} texts", names.len());
    let (mut got, mut of) = (0, 0);
    let mut report = String::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let expect: Expect = serde_json::from_str(
            &std::fs::read_to_string(dir.join(name.replace(".txt", ".json"))).unwrap(),
        )
        .unwrap_or_else(|e| panic!("{name}: expectations: {e}"));
        let s = match detect(&text) {
            Ok(t) => score(&t, &expect),
            Err(e) => Score {
                got: 0,
                of: 1,
                missed: vec![format!("拒绝导入：{e}")],
            },
        };
        report.push_str(&format!(
            "{:>3}/{:<3} {name} ({})\n",
            s.got, s.of, expect.style
        ));
        for m in &s.missed {
            report.push_str(&format!("          ✗ {m}\n"));
        }
        got += s.got;
        of += s.of;
    }
    let pct = 100.0 * got as f64 / of as f64;
    println!("{report}\ncorpus: {got}/{of} items right ({pct:.1} %)");
    assert!(
        pct >= 95.0,
        "{report}\ncorpus: {got}/{of} ({pct:.1} %) < 95 %"
    );
}
