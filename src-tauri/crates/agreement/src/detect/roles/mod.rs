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
//!
//! A segment is read by [`parse_sig`] (`parse.rs`); this module keeps the tokens and
//! the words they are recognised by that other steps share.

mod parse;

use crate::text::{is_cn_numeral, is_space};
pub(crate) use parse::parse_sig;

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

pub(crate) const SIGN_WORDS: [&str; 5] = ["签名", "签字", "签章", "盖章", "公章"];
pub(super) fn is_blank_char(c: char) -> bool {
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
