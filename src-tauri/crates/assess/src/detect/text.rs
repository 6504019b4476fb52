//! One spelling for the patterns, and the text cut into clauses.
//!
//! Full-width digits, letters and signs become ASCII (８９％ → 89%, （一） → (一)). A
//! line break inside a sentence is removed (a scheme's sentence is often broken across
//! lines: 「事故情\n况占40分」); a break that ends something is kept as `\n`: after a
//! blank line, after a sentence's or a heading's end (。；：), and before an enumerator
//! (「1.安全管理资料（15分）」, 「（2）库区消防安全 25分」), so list items and table rows
//! stay apart.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

pub(super) fn num(s: &str) -> Option<Decimal> {
    s.trim().parse().ok()
}

/// A compiled pattern (all patterns in this module are literals, known to be valid).
pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// An enumerator at the start of a line or clause: 一、 (一) 1. 1、 (1) 1) a. 第一条 ①.
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|\d{1,2}[.、)](?:[^\d]|$)|[A-Za-z][.、)]|第[一二三四五六七八九十百\d]{1,4}[条章节款]|[①-⑳])",
    )
});

/// Which kind of enumerator starts a clause: items of one kind are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enumerator {
    /// 一、
    Chinese,
    /// (一)
    ChineseParen,
    /// 1. 1、 1)
    Arabic,
    /// (1)
    ArabicParen,
    /// a. B、
    Letter,
    /// 第三条
    Article,
    /// ①
    Circled,
}

pub(super) fn enumerator(clause: &str) -> Option<(Enumerator, usize)> {
    let m = ENUMERATOR.find(clause)?;
    let s = m.as_str();
    let first = s.chars().next()?;
    let kind = match first {
        '(' if s.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) => Enumerator::ArabicParen,
        '(' => Enumerator::ChineseParen,
        '第' => Enumerator::Article,
        '①'..='⑳' => Enumerator::Circled,
        c if c.is_ascii_digit() => Enumerator::Arabic,
        c if c.is_ascii_alphabetic() => Enumerator::Letter,
        _ => Enumerator::Chinese,
    };
    // An Arabic enumerator's match takes the character after it too (to tell 1.5 from
    // 1.安全): give back that character.
    let len = match kind {
        Enumerator::Arabic => s
            .char_indices()
            .find(|(_, c)| ['.', '、', ')'].contains(c))
            .map_or(s.len(), |(i, c)| i + c.len_utf8()),
        _ => s.len(),
    };
    Some((kind, len))
}

/// The clause without its enumerator and the spaces around it.
pub(super) fn strip_enumerator(clause: &str) -> &str {
    let c = clause.trim();
    match enumerator(c) {
        Some((_, len)) => c[len..].trim_start(),
        None => c,
    }
}

pub(super) fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '％' => '%',
            '．' => '.',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            '≧' => '≥',
            '≦' => '≤',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '～' => '~',
            '－' => '-',
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(mapped.len());
    let mut blank = false;
    let mut previous = "";
    for line in mapped.split('\n') {
        let line = line.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\r');
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            let ends = previous
                .chars()
                .next_back()
                .is_some_and(|c| "。；;:!！?？".contains(c));
            // A table row ends with its points (「三、治安管理  30分」) unless the next line
            // goes on with the sentence (「，事故情况占40分」).
            let row = ROW_END.is_match(previous)
                && !line.starts_with(|c: char| "，,、。；;:)".contains(c));
            if blank || ends || row || heading(previous) || ENUMERATOR.is_match(line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        previous = line;
        blank = false;
    }
    ocr_zeros(&out)
}

/// A numbered heading on a line of its own (「第四条 考核内容」, 「三、考核办法」): short,
/// without figures or a sentence's punctuation.
fn heading(line: &str) -> bool {
    let Some((_, len)) = enumerator(line) else {
        return false;
    };
    let rest = &line[len..];
    rest.chars().count() <= 12
        && !rest
            .chars()
            .any(|c| c.is_ascii_digit() || "，,、。；;:(".contains(c))
}

static ROW_END: LazyLock<Regex> = LazyLock::new(|| re(r"\d\s*分\s*\)?$"));

/// A letter O between digits is a zero read wrong (「2O19年」 in a scanned text).
fn ocr_zeros(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between = i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1));
            if (c == 'O' || c == 'o') && between {
                '0'
            } else {
                c
            }
        })
        .collect()
}

/// An enumerator inside a line: 「…扣完为止；a.实际入户安检率…」, 「…加2分2.立管专项治理」
/// (not a decimal's point, not a date's).
static INLINE_ENUMERATOR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^0-9.])((?:\d{1,2}|[A-Za-z])[.、]|\(\d{1,2}\))\s*[\p{Han}“]"));

/// A clause that goes on with the rule of the one before it: 「……加分不超过3分；每降低1个
/// 百分点扣2分，扣完为止」.
static CONTINUATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:每|扣分|加分|最多|最高|至多|扣完|但|未达|达不到)"));

/// The text cut at line breaks, sentence ends and enumerators, each clause trimmed; a
/// clause after a semicolon that only goes on with the rule before it stays joined.
pub(super) fn clauses(t: &str) -> Vec<&str> {
    let mut cuts: Vec<(usize, bool)> = INLINE_ENUMERATOR
        .captures_iter(t)
        .filter_map(|c| c.get(1).map(|m| (m.start(), false)))
        .collect();
    cuts.extend(
        t.match_indices(['。', '；', ';', '\n'])
            .map(|(i, s)| (i + s.len(), s == "；" || s == ";")),
    );
    cuts.push((0, false));
    cuts.push((t.len(), false));
    cuts.sort_unstable();
    cuts.dedup_by_key(|c| c.0);
    let trim = |s: &str| -> (usize, usize) {
        let start = s.len() - s.trim_start_matches(|c: char| c.is_whitespace()).len();
        let body = s.trim_end_matches(|c: char| c.is_whitespace() || "。；;".contains(c));
        (start, body.len())
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    for w in cuts.windows(2) {
        let (from, after_semicolon) = w[0];
        let piece = &t[from..w[1].0];
        let (s, e) = trim(piece);
        if e <= s {
            continue;
        }
        let (start, end) = (from + s, from + e);
        if after_semicolon && CONTINUATION.is_match(&t[start..end]) {
            if let Some(last) = out.last_mut() {
                last.1 = end;
                continue;
            }
        }
        out.push((start, end));
    }
    out.into_iter().map(|(s, e)| &t[s..e]).collect()
}

/// The sentence that starts at `from`: up to 。, ；, a line break or the end.
pub(super) fn sentence(t: &str, from: usize) -> &str {
    let rest = &t[from..];
    let end = rest.find(['。', '；', ';', '\n']).unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_broken_lines_read_as_one_sentence() {
        assert_eq!(
            normalise("事故情\n  况占４０分，８９％"),
            "事故情况占40分，89%"
        );
    }

    #[test]
    fn list_items_and_sentence_ends_keep_their_line_breaks() {
        assert_eq!(
            normalise("考核总分为100分，其中：\n1.安全管理（15分）\n2.施工用电（15分）\n   \n签字"),
            "考核总分为100分，其中:\n1.安全管理(15分)\n2.施工用电(15分)\n签字"
        );
        assert_eq!(
            normalise("（1）叉车作业    35分\n（2）库区消防    25分"),
            "(1)叉车作业    35分\n(2)库区消防    25分"
        );
        assert_eq!(
            normalise("三、治安管理  30分\n年度考核在85分以上者为优秀\n，不满60分"),
            "三、治安管理  30分\n年度考核在85分以上者为优秀，不满60分"
        );
        assert_eq!(normalise("考核期限为2O19年"), "考核期限为2019年");
        assert_eq!(
            normalise("第四条 考核内容\n装卸作业安全"),
            "第四条 考核内容\n装卸作业安全"
        );
    }

    #[test]
    fn clauses_are_cut_at_enumerators_but_not_at_decimals() {
        let c = clauses(
            "1.安检率，占比30%；a.入户率、整改率各占比5%，系数0.9加2分2.立管专项治理，占比10%。",
        );
        assert_eq!(
            c,
            vec![
                "1.安检率，占比30%",
                "a.入户率、整改率各占比5%，系数0.9加2分",
                "2.立管专项治理，占比10%"
            ]
        );
    }

    #[test]
    fn a_rule_going_on_after_a_semicolon_stays_with_its_clause() {
        assert_eq!(
            clauses("合格率目标值为98%，每提高1个百分点加1分；每降低1个百分点扣2分。(四)另一项"),
            vec![
                "合格率目标值为98%，每提高1个百分点加1分；每降低1个百分点扣2分",
                "(四)另一项"
            ]
        );
    }

    #[test]
    fn enumerators_of_each_kind() {
        assert_eq!(enumerator("(一)指标"), Some((Enumerator::ChineseParen, 5)));
        assert_eq!(enumerator("1.5倍"), None);
        assert_eq!(
            enumerator("12、安全").map(|e| e.0),
            Some(Enumerator::Arabic)
        );
        assert_eq!(strip_enumerator("(2)安全教育(30分)"), "安全教育(30分)");
        assert_eq!(strip_enumerator("第三条 考核标准"), "考核标准");
    }
}
