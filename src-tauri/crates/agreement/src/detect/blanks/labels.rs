//! What a blank is called: the words written before it (`客户满意度达到XX%`), the name
//! before its colon (`工号：____`), the words after it, and for a date what it starts
//! or ends (`自XXXX年XX月XX日起` → `期限开始日期`).

use super::Ctx;
use crate::model::FieldKind;
use crate::text::{is_cjk, is_sentence_punct};

/// The phrase before `i` back to punctuation, a marker `}}` or the start, trimmed of
/// verbs around the number (`确保…达到`).
pub(super) fn phrase_before(o: &[char], n: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && i - j < 16 {
        let c = n[j - 1];
        if is_sentence_punct(c)
            || matches!(c, ':' | '：' | '}' | '、' | ')' | '（' | '(' | '“' | '"')
            || c.is_ascii_digit()
        {
            break;
        }
        if !(is_cjk(c) || c.is_ascii_alphabetic()) {
            break;
        }
        j -= 1;
    }
    let mut s: String = o[j..i].iter().collect();
    for p in [
        "全年实现",
        "确保",
        "保证",
        "实现",
        "力争",
        "其中",
        "使",
        "并",
        "且",
    ] {
        if let Some(x) = s.strip_prefix(p) {
            if x.chars().count() >= 2 {
                s = x.to_string();
            }
        }
    }
    for p in [
        "达到",
        "不低于",
        "不少于",
        "达",
        "为",
        "是",
        "在",
        "控制在",
        "约",
    ] {
        if let Some(x) = s.strip_suffix(p) {
            if x.chars().count() >= 2 {
                s = x.to_string();
                break;
            }
        }
    }
    s
}

/// `工号：____` → `工号`: the name written right before a colon that precedes the
/// blank at `i` (spaces between allowed); empty when no colon is there.
pub(super) fn colon_label(o: &[char], n: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && n[j - 1] == ' ' {
        j -= 1;
    }
    if j == 0 || n[j - 1] != ':' {
        return String::new();
    }
    phrase_before(o, n, j - 1)
}

fn phrase_after(o: &[char], n: &[char], j: usize) -> String {
    let mut k = j;
    while k < n.len() && k - j < 12 && (is_cjk(n[k]) || n[k].is_ascii_alphabetic()) {
        k += 1;
    }
    o[j..k].iter().collect()
}

/// The label of a blank of `kind` from `i` to `end` that is not a date or a year: its
/// colon's name, else the words before it (or, for text, after it).
pub(super) fn counted_label(
    o: &[char],
    n: &[char],
    i: usize,
    end: usize,
    kind: FieldKind,
) -> String {
    let colon = colon_label(o, n, i);
    match kind {
        FieldKind::Text if !colon.is_empty() => colon,
        FieldKind::Text => {
            let after_txt = phrase_after(o, n, end);
            if after_txt.contains("公司") {
                "单位名称".to_string()
            } else {
                let b = phrase_before(o, n, i);
                if b.is_empty() {
                    if after_txt.is_empty() {
                        "内容".to_string()
                    } else {
                        after_txt
                    }
                } else {
                    b
                }
            }
        }
        _ => {
            let b = phrase_before(o, n, i);
            if b.is_empty() {
                "数额".to_string()
            } else {
                b
            }
        }
    }
}

pub(super) fn date_label(
    o: &[char],
    n: &[char],
    i: usize,
    end: usize,
    ctx: &Ctx,
) -> (String, &'static str) {
    // context word: `…期限` / `…期间` before the blank in the same sentence, else heading
    let window: String = o[i.saturating_sub(20)..i].iter().collect();
    let sentence = window.rsplit(['。', '；', ';']).next().unwrap_or("");
    let word = ["期限", "期间", "有效期"].iter().find_map(|w| {
        sentence.find(w).map(|p| {
            let before: Vec<char> = sentence[..p].chars().collect();
            let start = before.len().saturating_sub(2);
            let lead: String = before[start..].iter().filter(|c| is_cjk(**c)).collect();
            format!("{lead}{w}")
        })
    });
    let word = word.or_else(|| {
        ctx.heading
            .contains("期限")
            .then(|| ctx.heading.to_string())
    });
    let after: String = n[end..n.len().min(end + 6)].iter().collect();
    let before: String = n[i.saturating_sub(3)..i].iter().collect();
    let is_start =
        after.starts_with('起') || after.trim_start().starts_with('至') || after.starts_with("到");
    let is_end = before.contains('至') || before.contains('到') || after.starts_with('止');
    let base = word.unwrap_or_default();
    if base.is_empty() && after.starts_with("起生效") && !after.contains('至') {
        return ("生效日期".to_string(), "effective_date");
    }
    if is_start && !is_end {
        (
            format!("{}开始日期", if base.is_empty() { "期限" } else { &base }),
            "period_start",
        )
    } else if is_end {
        (
            format!("{}结束日期", if base.is_empty() { "期限" } else { &base }),
            "period_end",
        )
    } else {
        let p = phrase_before(o, n, i);
        (
            if p.is_empty() {
                "日期".to_string()
            } else {
                format!("{p}日期")
            },
            "date",
        )
    }
}
