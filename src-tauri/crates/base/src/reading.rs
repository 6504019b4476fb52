//! How a name reads in pinyin, so that search finds 张三 by `zhangsan` and `zs` — on
//! the desk's archive and in the group archive alike. Surnames read differently from
//! the character's common reading (单 shan, 曾 zeng, 解 xie …) are corrected; for
//! search, every reading of a polyphone is indexed (capped), so a user typing either
//! reading finds the person.

use pinyin::{ToPinyin, ToPinyinMulti};

/// Compound surnames and surnames whose reading differs from the character's
/// most common one. Checked against the start of the name, longest first.
const SURNAMES: &[(&str, &[&str])] = &[
    ("万俟", &["mo", "qi"]),
    ("尉迟", &["yu", "chi"]),
    ("长孙", &["zhang", "sun"]),
    ("单于", &["chan", "yu"]),
    ("单", &["shan"]),
    ("曾", &["zeng"]),
    ("解", &["xie"]),
    ("仇", &["qiu"]),
    ("区", &["ou"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("翟", &["zhai"]),
    ("乐", &["yue"]),
    ("覃", &["qin"]),
    ("繁", &["po"]),
    ("盖", &["ge"]),
    ("缪", &["miao"]),
    ("召", &["shao"]),
    ("折", &["she"]),
    ("黑", &["he"]),
    ("任", &["ren"]),
    ("员", &["yun"]),
    ("秘", &["bi"]),
    ("种", &["chong"]),
    ("过", &["guo"]),
    ("华", &["hua"]),
    ("纪", &["ji"]),
    ("柏", &["bai"]),
    ("卜", &["bu"]),
    ("沈", &["shen"]),
    ("石", &["shi"]),
    ("重", &["chong"]),
    ("贾", &["jia"]),
    ("薄", &["bo"]),
    ("应", &["ying"]),
    ("燕", &["yan"]),
    ("那", &["na"]),
    ("宁", &["ning"]),
    ("都", &["du"]),
    ("朝", &["chao"]),
];

/// At most this many reading combinations are indexed per name.
pub const MAX_READINGS: usize = 8;

/// One unit of a name: the readings of a Han character (preferred first), or a
/// lowercased Latin/digit word.
fn units(name: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut rest = name.trim();
    for (surname, readings) in SURNAMES {
        if let Some(tail) = rest.strip_prefix(surname) {
            for (ch, r) in surname.chars().zip(readings.iter()) {
                let mut all = vec![r.to_string()];
                if let Some(multi) = ch.to_pinyin_multi() {
                    for p in multi {
                        let p = plain(p);
                        if !all.contains(&p) {
                            all.push(p);
                        }
                    }
                }
                out.push(all);
            }
            rest = tail;
            break;
        }
    }
    let mut word = String::new();
    for ch in rest.chars() {
        if let Some(p) = ch.to_pinyin() {
            flush(&mut word, &mut out);
            let mut all = vec![plain(p)];
            if let Some(multi) = ch.to_pinyin_multi() {
                for p in multi {
                    let p = plain(p);
                    if !all.contains(&p) {
                        all.push(p);
                    }
                }
            }
            out.push(all);
        } else if ch.is_alphanumeric() {
            word.extend(ch.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn flush(word: &mut String, out: &mut Vec<Vec<String>>) {
    if !word.is_empty() {
        out.push(vec![std::mem::take(word)]);
    }
}

/// `ü` is typed as `v` on Chinese keyboards.
fn plain(p: pinyin::Pinyin) -> String {
    p.plain().replace('ü', "v")
}

fn initial(syllable: &str) -> String {
    // zh/ch/sh are typed as one letter in initials (张 zs, not zhs).
    syllable
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default()
}

/// The preferred `(full, initials)` pinyin of a name: 张三 → (`zhangsan`, `zs`).
pub fn pinyin_of(name: &str) -> (String, String) {
    let u = units(name);
    let full: String = u.iter().map(|r| r[0].as_str()).collect();
    let initials: String = u.iter().map(|r| initial(&r[0])).collect();
    (full, initials)
}

/// Every `(full, initials)` reading of a name, preferred first, at most
/// [`MAX_READINGS`] (polyphones multiply).
pub fn pinyin_readings(name: &str) -> Vec<(String, String)> {
    let u = units(name);
    let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
    for readings in &u {
        let mut next = Vec::new();
        for c in &combos {
            for r in readings {
                if next.len() >= MAX_READINGS {
                    break;
                }
                let mut c2 = c.clone();
                c2.push(r.as_str());
                next.push(c2);
            }
        }
        combos = next;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for c in combos {
        let full: String = c.concat();
        let initials: String = c.iter().map(|s| initial(s)).collect();
        if !full.is_empty() && !out.iter().any(|(f, _)| *f == full) {
            out.push((full, initials));
        }
    }
    out
}
