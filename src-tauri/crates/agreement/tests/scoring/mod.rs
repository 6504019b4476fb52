//! Scoring detection against what a careful reader expects (`NN-name.json` beside
//! each `NN-name.txt`; the format is in `tests/corpus/README.md`). Every item — title,
//! each role (name, side, representative, seal-only), section count, the signing
//! date, each blank, copies, the scheme's lines where one is stated — scores one
//! point, and every role the text does not contain costs one.

use std::path::Path;

use serde::Deserialize;
use signdesk_agreement::{detect, FieldFill, Side, Signs, Template};

#[derive(Debug, Deserialize)]
pub struct Expect {
    pub style: String,
    pub title: String,
    pub roles: Vec<ExpectRole>,
    pub sections: usize,
    pub date: String,
    pub blanks: Vec<String>,
    pub copies: u32,
    /// Public texts: whether the source cut the copy off (judged on what is visible).
    #[serde(default)]
    pub cut_off: bool,
    #[serde(default)]
    pub scheme: Option<ExpectScheme>,
}

#[derive(Debug, Deserialize)]
pub struct ExpectRole {
    pub name: String,
    pub side: String,
    pub representative: Option<String>,
    /// Only a seal goes here (「学校盖章：」); absent in the written corpus.
    #[serde(default)]
    pub seal_only: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct ExpectScheme {
    pub total: Option<u32>,
    pub pass: Option<u32>,
    pub reward: Option<u32>,
}

/// What one text scored: points, out of, and what was missed.
pub struct Score {
    pub got: usize,
    pub of: usize,
    pub missed: Vec<String>,
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

pub fn score(t: &Template, e: &Expect) -> Score {
    let mut s = Score {
        got: 0,
        of: 0,
        missed: Vec::new(),
    };
    s.check(t.title == e.title, || {
        format!("标题：应为「{}」，得到「{}」", e.title, t.title)
    });
    roles(&mut s, t, e);
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
    if let Some(want) = &e.scheme {
        scheme(&mut s, t, want);
    }
    s
}

/// Roles in order; a role is right when its label holds the name, its side is right,
/// its representative is the expected one and (where said) it is seal-only or not.
/// Extra roles cost a point each.
fn roles(s: &mut Score, t: &Template, e: &Expect) {
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
                && want
                    .seal_only
                    .is_none_or(|seal| seal == (r.signs == Signs::Seal))
        });
        s.check(ok, || {
            format!(
                "角色 {}：应为 {} / {} / {:?}{}，得到 {:?}",
                i + 1,
                want.name,
                want.side,
                want.representative,
                if want.seal_only == Some(true) {
                    " / 盖章"
                } else {
                    ""
                },
                got.map(|r| (&r.label, side(r.side), &r.representative, r.signs))
            )
        });
    }
    for extra in t.roles.iter().skip(e.roles.len()) {
        s.check(false, || format!("多出的角色「{}」", extra.label));
    }
}

/// The scheme's stated lines: full marks, pass line, reward line.
fn scheme(s: &mut Score, t: &Template, want: &ExpectScheme) {
    let got = t.scheme.as_ref();
    let total = got.and_then(|g| whole(g.total));
    let pass = got.and_then(|g| whole(Some(g.pass_line)));
    let reward = got.and_then(|g| whole(g.reward_line));
    s.check(got.is_some() && total == want.total, || {
        format!("考核总分：应为 {:?}，得到 {:?}", want.total, total)
    });
    if want.pass.is_some() {
        s.check(pass == want.pass, || {
            format!("合格线：应为 {:?}，得到 {:?}", want.pass, pass)
        });
    }
    if want.reward.is_some() {
        s.check(reward == want.reward, || {
            format!("奖励线：应为 {:?}，得到 {:?}", want.reward, reward)
        });
    }
}

/// A score as a whole number (`90`, `90.0` → 90).
fn whole<D: ToString>(d: Option<D>) -> Option<u32> {
    d?.to_string().split('.').next()?.parse().ok()
}

/// Every `.txt` in `dir` with its expectations, scored; `(got, of, report)`. With
/// `detail` false the report has only the totals (a held-out set is not looked at).
pub fn score_dir(dir: &Path, detail: bool) -> (usize, usize, String) {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
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
        if detail {
            let cut = if expect.cut_off {
                "，原文不全"
            } else {
                ""
            };
            report.push_str(&format!(
                "{:>3}/{:<3} {name} ({}{cut})\n",
                s.got, s.of, expect.style
            ));
            for m in &s.missed {
                report.push_str(&format!("          ✗ {m}\n"));
            }
        }
        got += s.got;
        of += s.of;
    }
    report.push_str(&format!(
        "{}: {} texts, {got}/{of} items right ({:.1} %)\n",
        dir.display(),
        names.len(),
        100.0 * got as f64 / of.max(1) as f64
    ));
    (got, of, report)
}

/// Role labels of `t` that `text` does not contain — none may exist: a label comes
/// from the text or is absent. Compared with spaces removed, widths folded and the
/// signing marks (`（签字）`, `（盖章）` …) taken off, as detection writes them.
pub fn invented_labels(t: &Template, text: &str) -> Vec<String> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                ':' => '：',
                c @ '\u{FF01}'..='\u{FF5E}' if !matches!(c, '（' | '）' | '：') => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                c => c,
            })
            .collect()
    };
    let text = fold(text);
    t.roles
        .iter()
        .filter(|r| {
            // `园区管委会（法定代表人盖章）`: the party and, in brackets, who signs for
            // it (from the line below) and how — each piece must be in the text.
            let label = fold(&r.label);
            let mut pieces = vec![String::new()];
            for c in label.chars() {
                match c {
                    '（' => pieces.push(String::new()),
                    '）' => pieces.push(String::new()),
                    c => pieces.last_mut().unwrap().push(c),
                }
            }
            pieces.iter().any(|p| {
                let mut p = p.trim_end_matches('：').to_string();
                for mark in ["签字盖章", "签字", "签名", "盖章", "签章"] {
                    p = p.replace(mark, "");
                }
                !p.is_empty() && !text.contains(&p)
            })
        })
        .map(|r| r.label.clone())
        .collect()
}

/// [`invented_labels`] over every `.txt` in `dir`: `(file, label)` pairs.
pub fn invented_in_dir(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(t) = detect(&text) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(
                invented_labels(&t, &text)
                    .into_iter()
                    .map(|l| (name.clone(), l)),
            );
        }
    }
    out
}
