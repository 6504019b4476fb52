//! Signature block: who signs (roles), how (hand / seal / both), on which side, and
//! the date lines next to them.
//!
//! A line (or a run-together segment such as `签约人:发约人:日期:`) belongs to the
//! signature block when it consists *only* of role labels, underscores, colons and
//! date labels. Labels in one line are columns (`公司（盖章）：客服部（盖章）：`), left
//! column first.
//!
//! **Dates** are represented as ordinary [`Field`]s of kind `date` that do not appear
//! as `{{key}}` markers in the body: `<role_key>_date` when a date line belongs to one
//! role (`(员工签名)___(日期)`, or `日期：日期：` under two columns), `signing_date` when
//! one date line serves the whole block (`年 月 日` under two names). They are filled at
//! signing time. A date already written (`签订时间2012年1月22日`) is *not* a blank and is
//! dropped with the rest of the block.
//!
//! When a text has no signature block at all, detection adds one signer role
//! (`signer`, `责任人（签字）`): every agreement needs someone to sign it.

use crate::model::{Field, FieldFill, FieldKind, Role, Side, Signs};
use crate::text::{cjk_punct, is_cjk, is_cn_numeral, is_space, norm};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SigTok {
    Role {
        label: String,
        col: usize,
        /// 「甲方（法人代表）」 → 法人代表.
        representative: Option<String>,
    },
    Date {
        original: String,
        filled: bool,
    },
    /// `名称：____` — a name before a blank: a party (「工业区：____」, when a line of
    /// representatives follows) or a blank to fill (「工号：____」). `text` is as written.
    Label {
        name: String,
        text: String,
        col: usize,
    },
}

const ROLE_WORDS: [&str; 32] = [
    "签字人",
    "考核人",
    "班组长",
    "组长",
    "主任",
    "经理",
    "厂长",
    "校长",
    "院长",
    "科长",
    "队长",
    "站长",
    "矿长",
    "总监",
    "签名",
    "签字",
    "签章",
    "盖章",
    "签约人",
    "发约人",
    "承诺人",
    "责任人",
    "负责人",
    "甲方",
    "乙方",
    "代表人",
    "代表",
    "立书人",
    "见证人",
    "经办人",
    "员工",
    "公章",
];
const SIGN_WORDS: [&str; 5] = ["签名", "签字", "签章", "盖章", "公章"];
const DATE_WORDS: [&str; 6] = [
    "签订日期",
    "签署日期",
    "签订时间",
    "签字日期",
    "日期",
    "时间",
];

fn is_blank_char(c: char) -> bool {
    matches!(c, '_' | 'X' | 'x' | '*')
}

/// `2012年1 月22 日`, `____年__月__日`, `年 月 日`, `XXXX年XX月XX日` starting at `i`.
/// Returns (end, filled).
pub(crate) fn date_at(n: &[char], i: usize) -> Option<(usize, bool)> {
    let mut j = i;
    let mut filled_parts = 0;
    for unit in ['年', '月', '日'] {
        let start = j;
        let mut digits = false;
        // `二〇二四年  月  日`: a year printed in Chinese numerals, the rest blank
        let numeral = |c: char| c.is_ascii_digit() || (unit == '年' && is_cn_numeral(c));
        while j < n.len() && (numeral(n[j]) || is_blank_char(n[j]) || is_space(n[j])) {
            digits |= numeral(n[j]);
            j += 1;
            if j - start > 8 {
                return None;
            }
        }
        if n.get(j) != Some(&unit) {
            return None;
        }
        if digits {
            filled_parts += 1;
        }
        j += 1;
    }
    Some((j, filled_parts == 3))
}

fn ends_with(r: &[char], w: &str) -> bool {
    let wc: Vec<char> = w.chars().collect();
    r.ends_with(&wc)
}

fn starts_with(r: &[char], w: &str) -> bool {
    let wc: Vec<char> = w.chars().collect();
    r.starts_with(&wc)
}

/// Who signs for a party: `法定代表人`, `法人代表`, `部门负责人`, `签字人` …
const REP_WORDS: [&str; 14] = [
    "代表人",
    "代表",
    "负责人",
    "签字人",
    "代理人",
    "经理",
    "厂长",
    "校长",
    "院长",
    "主任",
    "科长",
    "队长",
    "站长",
    "矿长",
];
/// Words that make a role a party of its own, never someone's representative.
const PARTY_ROLE_WORDS: [&str; 8] = [
    "甲方",
    "乙方",
    "丙方",
    "发约",
    "签约",
    "承诺",
    "员工",
    "责任人",
];

/// `法人代表签字` → `法人代表`: the representative a label names, if it names one.
pub(crate) fn representative_of(label: &str) -> Option<String> {
    let mut base = label
        .trim_end_matches([':', '：', ' '])
        .replace(['(', ')', '（', '）'], "");
    for w in SIGN_WORDS {
        base = base.replace(w, "");
    }
    let base = base.trim().to_string();
    (!base.is_empty()
        && base.chars().count() <= 8
        && REP_WORDS.iter().any(|w| base.ends_with(w))
        && !PARTY_ROLE_WORDS.iter().any(|w| base.contains(w)))
    .then_some(base)
}

/// A representative named by office alone (`法定代表人`, `主要负责人`, `总经理`), not
/// as the head of a named unit (`研发中心负责人`).
fn bare_rep(rep: &str) -> bool {
    let rest = ["法定", "法人", "主要", "授权", "委托", "总", "副"]
        .iter()
        .fold(rep.to_string(), |r, p| r.replacen(p, "", 1));
    REP_WORDS.contains(&rest.as_str())
}

/// `（签字）`, `(盖章)`, `（法人代表）` … right after a label at `i`: its end and, for a
/// representative, who.
fn paren_after(n: &[char], i: usize) -> Option<(usize, Option<String>)> {
    if n.get(i) != Some(&'(') {
        return None;
    }
    let close = n[i..].iter().take(14).position(|&x| x == ')')? + i;
    let inner: String = n[i + 1..close].iter().collect();
    if let Some(rep) = representative_of(&inner) {
        return Some((close + 1, Some(rep)));
    }
    SIGN_WORDS
        .iter()
        .any(|w| inner.contains(w))
        .then_some((close + 1, None))
}

/// Parses a segment as signature-block tokens; `None` if anything else is in it.
pub(crate) fn parse_sig(text: &str) -> Option<Vec<SigTok>> {
    let orig: Vec<char> = text.chars().collect();
    let n: Vec<char> = orig.iter().map(|&c| norm(c)).collect();
    let mut toks = Vec::new();
    let mut col = 0;
    // Just after a role and its colon/blank: a bracket there says how it signs.
    let mut colon_since = false;
    let mut i = 0;
    let s =
        |a: usize, b: usize| -> String { orig[a..b].iter().collect::<String>().trim().to_string() };
    while i < n.len() {
        let c = n[i];
        let tail_of_role = colon_since
            && matches!(toks.last(), Some(SigTok::Role { label, .. }) if !has(label, &SIGN_WORDS));
        if let Some((end, filled)) = date_at(&n, i) {
            if n[i..end].iter().any(|c| !is_space(*c)) {
                toks.push(SigTok::Date {
                    original: s(i, end),
                    filled,
                });
                i = end;
                continue;
            }
        }
        if is_space(c)
            || matches!(
                c,
                '_' | ':' | '。' | '.' | ',' | '，' | '、' | ';' | '；' | '/' | '-' | '—'
            )
        {
            colon_since |= matches!(c, ':' | '_');
            i += 1;
            continue;
        }
        colon_since = false;
        if c == '(' && tail_of_role {
            // `乙方：____（签字）`: how the role before signs, not a role of its own
            if let Some((end, None)) = paren_after(&n, i) {
                if let Some(SigTok::Role { label, .. }) = toks.last_mut() {
                    label.push_str(&cjk_punct(&s(i, end)));
                }
                i = end;
                continue;
            }
        }
        if c == '(' {
            let close = n[i..]
                .iter()
                .take(14)
                .position(|&x| x == ')')
                .map(|p| p + i)?;
            let inner: Vec<char> = n[i + 1..close].to_vec();
            if DATE_WORDS
                .iter()
                .any(|w| inner.iter().collect::<String>() == *w)
            {
                toks.push(SigTok::Date {
                    original: s(i + 1, close),
                    filled: false,
                });
            } else if ROLE_WORDS.iter().any(|w| ends_with(&inner, w)) {
                toks.push(SigTok::Role {
                    label: s(i + 1, close),
                    col,
                    representative: None,
                });
                col += 1;
            } else {
                // `（企业）签字人`: the party in brackets before the role word.
                let start = close + 1;
                let mut j = start;
                while j < n.len() && is_cjk(n[j]) && j - start < 8 {
                    j += 1;
                }
                let run: Vec<char> = n[start..j].to_vec();
                if inner.is_empty()
                    || run.is_empty()
                    || !ROLE_WORDS.iter().any(|w| ends_with(&run, w))
                {
                    return None;
                }
                toks.push(SigTok::Role {
                    label: cjk_punct(&s(i, j)),
                    col,
                    representative: None,
                });
                col += 1;
                i = j;
                continue;
            }
            i = close + 1;
            continue;
        }
        if is_cjk(c) {
            let start = i;
            while i < n.len() && is_cjk(n[i]) && i - start < 14 {
                i += 1;
            }
            let run: Vec<char> = n[start..i].to_vec();
            if let Some(w) = DATE_WORDS.iter().find(|w| starts_with(&run, w)) {
                let wl = w.chars().count();
                if wl == run.len() {
                    // optional value after `日期:`
                    let mut j = i;
                    while j < n.len() && (is_space(n[j]) || n[j] == ':') {
                        j += 1;
                    }
                    if let Some((end, filled)) = date_at(&n, j) {
                        toks.push(SigTok::Date {
                            original: s(j, end),
                            filled,
                        });
                        i = end;
                    } else {
                        toks.push(SigTok::Date {
                            original: s(start, i),
                            filled: false,
                        });
                    }
                    continue;
                }
                // `签订时间2012年…` with the date run into the word
                if let Some((end, filled)) = date_at(&n, start + wl) {
                    toks.push(SigTok::Date {
                        original: s(start + wl, end),
                        filled,
                    });
                    i = end;
                    continue;
                }
                return None;
            }
            // label followed by (签字)/(盖章), or by its representative (法人代表)
            let (end, paren, representative) = match paren_after(&n, i) {
                Some((end, rep)) => (end, true, rep),
                None => (i, false, None),
            };
            // `甲方：某某有限公司（盖章）`: the party's name filled in, and how it signs
            if tail_of_role
                && paren
                && representative.is_none()
                && !ROLE_WORDS.iter().any(|w| ends_with(&run, w))
            {
                if let Some(SigTok::Role { label, .. }) = toks.last_mut() {
                    label.push_str(&cjk_punct(&s(i, end)));
                }
                i = end;
                continue;
            }
            let role_word = ROLE_WORDS.iter().any(|w| ends_with(&run, w));
            // `签字人（矿方）`: the party in brackets after the role word
            let (end, paren) = match (paren, role_word, n.get(i)) {
                (false, true, Some('(')) => n[i..]
                    .iter()
                    .take(10)
                    .position(|&x| x == ')')
                    .map(|p| p + i)
                    .filter(|&close| close > i + 1 && n[i + 1..close].iter().all(|&c| is_cjk(c)))
                    .map_or((end, paren), |close| (close + 1, true)),
                _ => (end, paren),
            };
            if paren || role_word {
                toks.push(SigTok::Role {
                    label: cjk_punct(&s(start, end)),
                    col,
                    representative,
                });
                col += 1;
                i = end;
                continue;
            }
            // `名称：____`: a name and its blank (a blank, or a party; the caller decides)
            let mut j = i;
            while j < n.len() && is_space(n[j]) {
                j += 1;
            }
            if n.get(j) == Some(&':') && run.len() <= 12 {
                let mut k = j + 1;
                while k < n.len() && (is_space(n[k]) || is_blank_char(n[k])) {
                    k += 1;
                }
                let blank = n[j + 1..k].iter().filter(|&&c| is_blank_char(c)).count();
                let spaces = k - (j + 1) - blank;
                if blank >= 2 || spaces >= 3 || k == n.len() {
                    toks.push(SigTok::Label {
                        name: s(start, i),
                        text: s(start, k),
                        col,
                    });
                    col += 1;
                    i = k;
                    continue;
                }
            }
            return None;
        }
        return None;
    }
    (!toks.is_empty()).then_some(toks)
}

/// A line that is part of a signature block (has at least one role).
pub(crate) fn is_signature_text(text: &str) -> bool {
    parse_sig(text).is_some_and(|t| t.iter().any(|x| matches!(x, SigTok::Role { .. })))
}

fn has(label: &str, words: &[&str]) -> bool {
    words.iter().any(|w| label.contains(w))
}

fn signs_of(label: &str) -> Signs {
    let hand = has(label, &["签字", "签名"]);
    let seal = has(label, &["盖章", "公章", "印章"]);
    if label.contains("签章") || (hand && seal) {
        Signs::Both
    } else if seal {
        Signs::Seal
    } else {
        Signs::Hand
    }
}

/// Side and key base for a label in column `col` of a block with `has_company` role.
fn classify(label: &str, col: usize, has_company: bool) -> (Side, &'static str) {
    use Side::*;
    if label.contains("甲方") {
        return (Organisation, "party_a");
    }
    if label.contains("乙方") {
        return (Signer, "party_b");
    }
    if label.contains("发约人") {
        return (Organisation, "issuer");
    }
    if label.contains("签约人") {
        return (Signer, "signer");
    }
    if label.contains("承诺人") || label.contains("立书人") {
        return (Signer, "pledger");
    }
    if label.contains("员工") {
        return (Signer, "employee");
    }
    if label.contains("总监") {
        return (Organisation, "director");
    }
    if label.contains("经理") {
        return (Organisation, "manager");
    }
    if label.contains("见证人") {
        return (Organisation, "witness");
    }
    if signs_of(label) == Signs::Seal || label.contains("签章") {
        if label.contains("公司") {
            return (Organisation, "company_seal");
        }
        let side = if has_company { Signer } else { Organisation };
        return (side, "dept_seal");
    }
    if label.contains("负责人") {
        return if col == 0 {
            (Organisation, "org_head")
        } else {
            (Signer, "dept_head")
        };
    }
    if label.contains("责任人") {
        return (Signer, "responsible");
    }
    if label.contains("代表") {
        return (Organisation, "representative");
    }
    (Signer, "signer")
}

fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|k| k == base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}_{i}"))
        .find(|k| !taken.iter().any(|t| t == k))
        .unwrap_or_else(|| base.to_string())
}

/// The label without `（签字）`-style suffixes and colons, for date labels.
fn base_label(label: &str) -> String {
    let mut s = label.to_string();
    for p in [
        "（签字）",
        "（盖章）",
        "（签名）",
        "（签章）",
        "（签字盖章）",
    ] {
        s = s.replace(p, "");
    }
    s.trim_end_matches([':', '：']).to_string()
}

/// Builds roles and their date fields from the signature lines, in order.
pub(crate) fn build(lines: &[Vec<SigTok>]) -> (Vec<Role>, Vec<Field>) {
    let has_company = lines
        .iter()
        .flatten()
        .any(|t| matches!(t, SigTok::Role { label, .. } if label.contains("公司")));
    let mut roles: Vec<Role> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut dates: Vec<Field> = Vec::new();
    let mut role_lines: Vec<Vec<usize>> = Vec::new();
    let mut date_keys: Vec<String> = Vec::new();
    let mut add_date = |key: String, label: String, original: &str, dates: &mut Vec<Field>| {
        if !date_keys.contains(&key) {
            date_keys.push(key.clone());
            dates.push(Field {
                key,
                label,
                kind: FieldKind::Date,
                original: original.to_string(),
                // Resolved with the roles once detection is done (Template::resolve_fills).
                fill: FieldFill::Typed,
            });
        }
    };
    // Parties named on a line of their own (`工业区：____ 企业：____`), waiting for the
    // line of their representatives below; the roles of the previous line, for a
    // representative written under its party (`甲方：` / `法定代表人：`).
    let mut waiting: Vec<(String, usize)> = Vec::new();
    let mut previous: Vec<usize> = Vec::new();
    let mut previous_dated = false;
    for line in lines {
        let mut line_roles = Vec::new();
        let toks: Vec<(&String, usize, &Option<String>)> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Role {
                    label,
                    col,
                    representative,
                } => Some((label, *col, representative)),
                _ => None,
            })
            .collect();
        let parties: Vec<(String, usize)> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Label { name, col, .. } => Some((name.clone(), *col)),
                _ => None,
            })
            .collect();
        // This line only names representatives: whose?
        let reps: Option<Vec<String>> = (!toks.is_empty())
            .then(|| {
                toks.iter()
                    .map(|(l, _, r)| (*r).clone().or_else(|| representative_of(l)))
                    .collect()
            })
            .flatten();
        let new_role = |roles: &mut Vec<Role>, keys: &mut Vec<String>, r: Role| {
            let key = unique(&r.key, keys);
            keys.push(key.clone());
            roles.push(Role { key, ..r });
            roles.len() - 1
        };
        let pending = std::mem::take(&mut waiting);
        let mut merged = false;
        if !pending.is_empty() {
            match &reps {
                Some(reps) if reps.len() == pending.len() => {
                    for ((party, col), ((label, _, _), rep)) in
                        pending.iter().zip(toks.iter().zip(reps))
                    {
                        let label = cjk_punct(label);
                        line_roles.push(new_role(
                            &mut roles,
                            &mut keys,
                            Role {
                                key: party_key(party).into(),
                                label: format!("{party}（{}）", in_paren(&label)),
                                signs: signs_of(&label),
                                side: party_side(party, *col),
                                representative: Some(rep.clone()),
                            },
                        ));
                    }
                    merged = true;
                }
                _ => {
                    let mut own = Vec::new();
                    for (party, col) in &pending {
                        own.push(new_role(
                            &mut roles,
                            &mut keys,
                            Role {
                                key: party_key(party).into(),
                                label: party.clone(),
                                signs: Signs::Hand,
                                side: party_side(party, *col),
                                representative: None,
                            },
                        ));
                    }
                    role_lines.push(own);
                }
            }
        } else if let Some(reps) = &reps {
            // `甲方：____` then `法定代表人：____` under it: one role, with its representative.
            // `公司（盖章）` then `总经理（签字）` under it: the company, sealed, and its
            // manager's hand.
            let bare = |i: &usize| {
                let r: &Role = &roles[*i];
                r.representative.is_none() && representative_of(&r.label).is_none()
            };
            // Not when the line above had its own date (a chain of signers, each
            // dated), nor a lone `研发中心负责人` under a lone party: a unit's head
            // standing alone signs for that unit.
            let dated_above = previous_dated;
            let lone_unit_head = reps.len() == 1 && !bare_rep(&reps[0]);
            if !previous.is_empty()
                && previous.len() == reps.len()
                && previous.iter().all(bare)
                && !dated_above
                && !lone_unit_head
            {
                for (&ri, ((label, _, _), rep)) in previous.iter().zip(toks.iter().zip(reps)) {
                    let label = cjk_punct(label);
                    let r = &mut roles[ri];
                    let party_signs = has(&r.label, &SIGN_WORDS).then_some(r.signs);
                    r.signs = match (party_signs, signs_of(&label)) {
                        (None, own) => own,
                        (Some(a), b) if a == b => a,
                        _ => Signs::Both,
                    };
                    if party_signs.is_none() {
                        r.label = format!("{}（{}）", base_label(&r.label), in_paren(&label));
                    }
                    r.representative = Some(rep.clone());
                }
                line_roles = previous.clone();
                merged = true;
            }
        }
        if !parties.is_empty() && toks.is_empty() {
            waiting = parties;
        } else {
            // Names beside roles on one line are parties of their own.
            for (party, col) in &parties {
                line_roles.push(new_role(
                    &mut roles,
                    &mut keys,
                    Role {
                        key: party_key(party).into(),
                        label: party.clone(),
                        signs: Signs::Hand,
                        side: party_side(party, *col),
                        representative: None,
                    },
                ));
            }
        }
        if !merged {
            for (label, col, representative) in &toks {
                let label = cjk_punct(label);
                let (side, base) = classify(&label, *col, has_company);
                line_roles.push(new_role(
                    &mut roles,
                    &mut keys,
                    Role {
                        key: base.into(),
                        signs: signs_of(&label),
                        label,
                        side,
                        representative: (*representative).clone(),
                    },
                ));
            }
        }
        let line_dates: Vec<&String> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Date {
                    original,
                    filled: false,
                } => Some(original),
                _ => None,
            })
            .collect();
        if !line_dates.is_empty() {
            let total = roles.len();
            // Whose dates: the roles on the same line; else the nearest earlier role
            // line with as many columns as there are dates.
            let owners: Option<&Vec<usize>> = if !line_roles.is_empty() {
                (line_roles.len() == line_dates.len()).then_some(&line_roles)
            } else if line_dates.len() > 1 {
                role_lines
                    .iter()
                    .rev()
                    .find(|l| l.len() == line_dates.len())
            } else {
                role_lines.last().filter(|l| l.len() == 1 && total == 1)
            };
            match owners {
                Some(owners) => {
                    for (&ri, orig) in owners.iter().zip(&line_dates) {
                        let r = &roles[ri];
                        let col = owners.iter().position(|&x| x == ri).unwrap_or(0);
                        // a generic label (`负责人`) gets its column's header (`公司`)
                        let header = role_lines
                            .iter()
                            .filter(|l| l.len() == owners.len() && *l != owners)
                            .find_map(|l| l.get(col))
                            .map(|&h| base_label(&roles[h].label).replace("盖章", ""))
                            .filter(|_| r.label.starts_with("负责人"))
                            .unwrap_or_default();
                        let rep = r
                            .representative
                            .as_deref()
                            .filter(|rep| !r.label.contains(rep))
                            .unwrap_or("");
                        let label = format!("{header}{}{rep}日期", base_label(&r.label));
                        add_date(format!("{}_date", r.key), label, orig, &mut dates);
                    }
                }
                None => add_date(
                    "signing_date".into(),
                    "签订日期".into(),
                    line_dates[0],
                    &mut dates,
                ),
            }
        }
        previous = if merged {
            Vec::new()
        } else {
            line_roles.clone()
        };
        previous_dated = line.iter().any(|t| matches!(t, SigTok::Date { .. }));
        let known = merged && role_lines.last() == Some(&line_roles);
        if !line_roles.is_empty() && !known {
            role_lines.push(line_roles);
        }
    }
    for (party, col) in waiting {
        let key = unique(party_key(&party), &keys);
        keys.push(key.clone());
        roles.push(Role {
            key,
            side: party_side(&party, col),
            label: party,
            signs: Signs::Hand,
            representative: None,
        });
    }
    balance_sides(&mut roles);
    (roles, dates)
}

/// Words that say which side a party is on, with weights: the issuer's (positive) and
/// the responsible party's (negative). 公司 is weak: a park's agreement is signed by
/// companies.
const SIDE_WORDS: [(&str, i32); 27] = [
    ("甲方", 3),
    ("发约", 3),
    ("管委会", 2),
    ("委员会", 2),
    ("政府", 2),
    ("园区", 2),
    ("工业区", 2),
    ("开发区", 2),
    ("集团", 2),
    ("总公司", 2),
    ("局", 1),
    ("公司", 1),
    ("上级", 1),
    ("考核人", 2),
    ("被考核人", -4),
    ("乙方", -3),
    ("签约", -3),
    ("承诺", -3),
    ("员工", -2),
    ("职工", -2),
    ("企业", -2),
    ("责任人", -2),
    ("班组", -1),
    ("车间", -1),
    ("分公司", -2),
    ("项目部", -1),
    ("个人", -2),
];

fn side_score(label: &str) -> i32 {
    SIDE_WORDS
        .iter()
        .filter(|(w, _)| label.contains(w))
        .map(|(_, s)| s)
        .sum()
}

/// A party named only by its name: by its words, else the first column issues.
fn party_side(name: &str, col: usize) -> Side {
    match side_score(name) {
        s if s > 0 => Side::Organisation,
        s if s < 0 => Side::Signer,
        _ if col == 0 => Side::Organisation,
        _ => Side::Signer,
    }
}

fn party_key(name: &str) -> &'static str {
    match name {
        n if n.contains("甲方") => "party_a",
        n if n.contains("乙方") => "party_b",
        n if side_score(n) > 0 => "issuer",
        n if side_score(n) < 0 => "signer",
        _ => "party",
    }
}

/// An agreement binds two sides: when every role came out on one side, the one whose
/// words lean most to the other side moves there (ties: the first issues, the last
/// signs).
fn balance_sides(roles: &mut [Role]) {
    if roles.len() < 2 || roles.iter().any(|r| r.side != roles[0].side) {
        return;
    }
    let scores: Vec<i32> = roles.iter().map(|r| side_score(&r.label)).collect();
    if roles[0].side == Side::Signer {
        let best = (0..roles.len()).max_by_key(|&i| (scores[i], -(i as i32)));
        if let Some(i) = best {
            roles[i].side = Side::Organisation;
        }
    } else {
        let worst = (0..roles.len()).min_by_key(|&i| (scores[i], -(i as i32)));
        if let Some(i) = worst {
            roles[i].side = Side::Signer;
        }
    }
}

/// A role label as it reads inside brackets: `法定代表人（盖章）：` → `法定代表人盖章`.
fn in_paren(label: &str) -> String {
    label
        .trim_end_matches([':', '：', ' '])
        .replace(['(', ')', '（', '）'], "")
}

/// The role added when a text has no signature block.
pub(crate) fn default_role() -> Role {
    Role {
        key: "signer".into(),
        label: "责任人（签字）".into(),
        signs: Signs::Hand,
        side: Side::Signer,
        representative: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_lines() {
        assert!(is_signature_text("负责人(签字):负责人(签字)"));
        assert!(is_signature_text("公司(盖章):客服部(盖章):"));
        assert!(is_signature_text(
            "_______________(员工签名)_______________(日期)。"
        ));
        assert!(is_signature_text("签约人:发约人:日期:"));
        assert!(is_signature_text("客服总监签字:"));
        assert!(!is_signature_text("A、负责人是客服部安全第一责任人"));
        assert!(!is_signature_text("庆元国大超市:客服部门"));
        assert_eq!(
            parse_sig("签订时间2012年1 月22 日签订时间2012年1月22 日。"),
            Some(vec![
                SigTok::Date {
                    original: "2012年1 月22 日".into(),
                    filled: true
                },
                SigTok::Date {
                    original: "2012年1月22 日".into(),
                    filled: true
                },
            ])
        );
        assert_eq!(
            parse_sig("年月日。"),
            Some(vec![SigTok::Date {
                original: "年月日".into(),
                filled: false
            }])
        );
    }
}
