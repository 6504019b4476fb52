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
//! When a text has no signature block at all, detection finds no role: none is
//! invented. The editor says so and offers the text's last lines to make roles from.

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
pub(crate) const SIGN_WORDS: [&str; 5] = ["签名", "签字", "签章", "盖章", "公章"];
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
pub(crate) fn bare_rep(rep: &str) -> bool {
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

pub(crate) fn has(label: &str, words: &[&str]) -> bool {
    words.iter().any(|w| label.contains(w))
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
