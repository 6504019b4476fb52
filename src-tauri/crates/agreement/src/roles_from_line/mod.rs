//! Roles from one line a person picked as the signature line, when detection found
//! no signature block (the editor offers the text's last lines; issue 24, "never
//! invent"). Every label is a piece of the line as written — trimmed of colons,
//! blanks and a wrapping pair of brackets, nothing added — so what is printed under
//! a signature is what the agreement's author wrote.
//!
//! A line is cut into pieces at spaces, underscores, blanks (`____`, `{{key}}`) and
//! colons. A piece is a label when a colon follows it (`承诺人：____`) or it carries a
//! signing word (`员工(签字)`, `学校盖章`); what follows a colon without being a label
//! itself is a value written in (`学校责任人:张三`) and dropped; a bare `（签字）` joins
//! the words before it (`员工 （签字）`). Dates, numbers and contact details are never
//! roles. A line with neither colons nor signing words gives the pieces that name a
//! party (`部门负责人 员工`).
//!
//! How each role signs is read from its label (签字/签名 by hand, 盖章/公章/印章 a
//! seal, 签章 or both words both); its side from the parties' words, and when no word
//! decides, by place: the last undecided role signs for the signer side unless the
//! line already names one, the others for the organisation.

use crate::model::{Role, Side, Signs};

/// Longest piece taken as a label (characters): a role's name, not a sentence.
const MAX_LABEL: usize = 20;

const HAND: [&str; 2] = ["签字", "签名"];
const SEAL: [&str; 3] = ["盖章", "公章", "印章"];

/// Words that put a role on the signer's side whatever else it says (`乙方单位`,
/// `承包单位`, `被考核人`).
const SIGNER_FIRST: [&str; 9] = [
    "被考核",
    "乙方",
    "承包",
    "承诺",
    "签约人",
    "立书人",
    "员工",
    "职工",
    "受聘",
];
/// The issuing party and the organisation's own units (`学校责任人` signs for the
/// school, `部门负责人` for the department).
const ORGANISATION: [&str; 12] = [
    "甲方", "发包", "发约", "考核", "公司", "学校", "单位", "部门", "经理", "总监", "领导", "见证",
];
/// Signer words that an organisation's word before them overrides.
const SIGNER_LATE: [&str; 2] = ["责任人", "本人"];

/// What is written beside a signature but is not a party: dates, numbers, contacts.
const NOT_ROLES: [&str; 14] = [
    "日期",
    "时间",
    "年月日",
    "电话",
    "手机",
    "工号",
    "编号",
    "号码",
    "身份证",
    "地址",
    "邮编",
    "姓名",
    "职务",
    "岗位",
];

/// Key stems by the words of a label, most specific first.
const KEYS: [(&str, &str); 16] = [
    ("被考核", "assessee"),
    ("承诺", "pledger"),
    ("乙方", "party_b"),
    ("甲方", "party_a"),
    ("员工", "employee"),
    ("职工", "employee"),
    ("承包", "contractor"),
    ("发包", "client"),
    ("考核", "assessor"),
    ("负责人", "head"),
    ("责任人", "responsible"),
    ("公司", "company"),
    ("学校", "school"),
    ("单位", "unit"),
    ("部门", "department"),
    ("见证", "witness"),
];

/// The roles named on `line`, in order, with keys not in `taken` (the template's
/// roles). Empty when the line names no one.
pub fn roles_from_line(line: &str, taken: &[String]) -> Vec<Role> {
    let labels = labels(line);
    let mut keys: Vec<String> = taken.to_vec();
    let sides: Vec<Option<Side>> = labels.iter().map(|l| side_by_words(&l.text)).collect();
    let named_signer = sides.contains(&Some(Side::Signer));
    let last_open = sides.iter().rposition(Option::is_none);
    labels
        .iter()
        .zip(&sides)
        .enumerate()
        .map(|(i, (label, side))| {
            let side = side.unwrap_or(if !named_signer && Some(i) == last_open {
                Side::Signer
            } else {
                Side::Organisation
            });
            let key = unique(&key_stem(&label.text, side, label.signs), &keys);
            keys.push(key.clone());
            Role {
                key,
                label: label.text.clone(),
                signs: label.signs,
                side,
                representative: None,
            }
        })
        .collect()
}

/// How the label says the role signs; by hand when it says nothing.
fn signs_of(label: &str) -> Signs {
    let hand = has(label, &HAND);
    let seal = has(label, &SEAL);
    if label.contains("签章") || (hand && seal) {
        Signs::Both
    } else if seal {
        Signs::Seal
    } else {
        Signs::Hand
    }
}

fn side_by_words(label: &str) -> Option<Side> {
    if has(label, &SIGNER_FIRST) {
        Some(Side::Signer)
    } else if has(label, &ORGANISATION) {
        Some(Side::Organisation)
    } else if has(label, &SIGNER_LATE) {
        Some(Side::Signer)
    } else {
        None
    }
}

fn key_stem(label: &str, side: Side, signs: Signs) -> String {
    let stem = KEYS
        .iter()
        .find(|(w, _)| label.contains(w))
        .map(|(_, k)| *k)
        .unwrap_or(match side {
            Side::Signer => "signer",
            Side::Organisation => "organisation",
        });
    if signs == Signs::Seal {
        format!("{stem}_seal")
    } else {
        stem.to_string()
    }
}

fn unique(stem: &str, taken: &[String]) -> String {
    let free = |k: &str| !taken.iter().any(|t| t == k);
    if free(stem) {
        return stem.to_string();
    }
    (2..)
        .map(|i| format!("{stem}_{i}"))
        .find(|k| free(k))
        .expect("some suffix is free")
}

fn has(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// One piece of the line: a byte range of it, and what surrounds it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    /// A colon follows it (before the next separator).
    colon_after: bool,
    /// It follows a colon in the same run of text: a value written in, unless it is a
    /// label itself.
    after_colon: bool,
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{3000}'
                | '_'
                | '＿'
                | '﹍'
                | '﹏'
                | '…'
                | '—'
                | '－'
                | '·'
                | '.'
                | '．'
                | '|'
                | '｜'
        )
}

fn is_colon(c: char) -> bool {
    matches!(c, ':' | '：' | '∶')
}

/// Cuts the line into pieces: separators are blanks (spaces, underscores, `{{key}}`
/// markers) and colons.
fn pieces(line: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut start: Option<usize> = None;
    let mut after_colon = false;
    let mut chars = line.char_indices().peekable();
    let close = |out: &mut Vec<Piece>, start: &mut Option<usize>, end: usize, after: bool| {
        if let Some(s) = start.take() {
            if !line[s..end].trim().is_empty() {
                out.push(Piece {
                    start: s,
                    end,
                    colon_after: false,
                    after_colon: after,
                });
            }
        }
    };
    while let Some((i, c)) = chars.next() {
        if c == '{' && line[i..].starts_with("{{") {
            if let Some(len) = line[i..].find("}}") {
                close(&mut out, &mut start, i, after_colon);
                after_colon = false;
                // Skip the marker: it is a blank to fill.
                while chars.peek().is_some_and(|&(j, _)| j < i + len + 2) {
                    chars.next();
                }
                continue;
            }
        }
        if is_colon(c) {
            let had = start.is_some();
            close(&mut out, &mut start, i, after_colon);
            if had {
                if let Some(p) = out.last_mut() {
                    p.colon_after = true;
                }
            }
            after_colon = true;
        } else if is_blank_char(c) {
            close(&mut out, &mut start, i, after_colon);
            after_colon = false;
        } else if start.is_none() {
            start = Some(i);
        }
    }
    close(&mut out, &mut start, line.len(), after_colon);
    out
}

/// A piece that is only a signing word, maybe in brackets: `（签字）`, `签名`.
fn only_marker(s: &str) -> bool {
    let inner = strip_brackets(s);
    !inner.is_empty() && (HAND.contains(&inner) || SEAL.contains(&inner) || inner == "签章")
}

fn strip_brackets(s: &str) -> &str {
    let t = s.trim();
    let open = t.starts_with(['(', '（', '[', '【', '〔']);
    let close = t.ends_with([')', '）', ']', '】', '〕']);
    if open && close {
        let a = t.chars().next().map_or(0, char::len_utf8);
        let b = t.chars().next_back().map_or(0, char::len_utf8);
        if t.len() >= a + b {
            return t[a..t.len() - b].trim();
        }
    }
    t
}

/// Whether a piece can name a party at all: short, no sentence, not a date or number.
fn can_name(s: &str) -> bool {
    let n = s.chars().count();
    n > 0
        && n <= MAX_LABEL
        && s.chars().any(signdesk_base::text::is_han)
        && !s
            .chars()
            .any(|c| matches!(c, '，' | '。' | '；' | '！' | '？' | ',' | ';' | '!' | '?'))
        && !has(s, &NOT_ROLES)
        && !s.chars().any(|c| c.is_ascii_digit())
        && !matches!(strip_brackets(s), "年" | "月" | "日")
}

/// A label as written, and the text its way of signing is read from (a bare
/// `（盖章）` after its colon counts, without joining the label).
struct Label {
    text: String,
    signs: Signs,
}

/// The labels of the line, as written.
fn labels(line: &str) -> Vec<Label> {
    let ps = pieces(line);
    let text = |p: &Piece| clean(&line[p.start..p.end]);
    let mut out: Vec<(Piece, Label)> = Vec::new();
    let mut plain: Vec<(Piece, Label)> = Vec::new();
    for p in ps {
        let s = text(&p);
        let marker = only_marker(&s);
        if marker {
            // A bare signing word belongs to the words before it: `员工 （签字）` is one
            // label; after a colon (`学校：（盖章）`) it only says how the label signs.
            let in_out = match (out.last(), plain.last()) {
                (Some((a, _)), Some((b, _))) => a.start > b.start,
                (a, _) => a.is_some(),
            };
            let prev = if in_out {
                out.last_mut()
            } else {
                plain.last_mut()
            };
            if let Some((q, l)) = prev {
                let between = &line[q.end..p.start];
                if !between.chars().any(is_colon) && !only_marker(&l.text) {
                    q.end = p.end;
                    q.colon_after = p.colon_after;
                    l.text = text(q);
                    l.signs = signs_of(&l.text);
                } else {
                    l.signs = signs_of(&format!("{}{s}", l.text));
                }
                if !in_out {
                    // Plain words with a signing word are a label.
                    out.extend(plain.pop());
                }
                continue;
            }
            if !p.colon_after {
                continue;
            }
        }
        if !can_name(&s) {
            continue;
        }
        let label = Label {
            signs: signs_of(&s),
            text: s,
        };
        let marked =
            has(&label.text, &HAND) || has(&label.text, &SEAL) || label.text.contains("签章");
        if marked || p.colon_after {
            out.push((p, label));
        } else if !p.after_colon {
            plain.push((p, label));
        }
    }
    if out.is_empty() {
        // No colon and no signing word: the pieces that name a party.
        return plain
            .into_iter()
            .map(|(_, l)| l)
            .filter(|l| side_by_words(&l.text).is_some())
            .collect();
    }
    out.sort_by_key(|(p, _)| p.start);
    out.into_iter().map(|(_, l)| l).collect()
}

/// A piece as a label: without the blanks and colons around it, or a bracket pair
/// wrapping it all (`（员工签名）`).
fn clean(s: &str) -> String {
    let t = s.trim_matches(|c: char| is_blank_char(c) || is_colon(c));
    let t = t.trim_matches(|c| matches!(c, '、' | '，' | '。' | '；' | ','));
    let inner = strip_brackets(t);
    if inner.len() != t.len() && !only_marker(t) && !inner.contains(['(', '（', ')', '）']) {
        return inner.to_string();
    }
    t.to_string()
}

#[cfg(test)]
mod tests;
