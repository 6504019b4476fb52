//! Section headings: a short run of text before a section's body, and where a heading
//! written into its text (`工作目标作为…`) ends.

use crate::text::{is_cjk, is_sentence_punct, norm, trim};

/// Words that end a section heading run into its text (`工作目标作为…`).
const HEADING_WORDS: [&str; 27] = [
    "目标", "职责", "责任", "措施", "奖惩", "奖罚", "奖励", "附则", "总结", "背景", "义务", "范围",
    "原则", "期限", "条款", "概述", "设定", "改进", "任务", "要求", "标准", "办法", "评价", "内容",
    "划分", "目的", "说明",
];
/// Two-character headings that may stand alone.
const SHORT_HEADINGS: [&str; 6] = ["总结", "背景", "附则", "目的", "原则", "总则"];

pub(super) fn heading_like(seg: &[char]) -> bool {
    let t: Vec<char> = seg.iter().copied().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.len() <= 16 && !t.iter().any(|&c| is_sentence_punct(c))
}

/// Splits the text after a section number into heading and body.
pub(super) fn split_heading(text: &str) -> (String, String) {
    let t = trim(text);
    let o: Vec<char> = t.chars().collect();
    let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
    if o.is_empty() {
        return (String::new(), String::new());
    }
    if let Some(p) = n.iter().take(17).position(|&c| c == ':') {
        if !n[..p].iter().any(|&c| is_sentence_punct(c)) && p > 0 {
            let h: String = o[..p].iter().collect();
            let r: String = o[p + 1..].iter().collect();
            return (trim(&h).to_string(), trim(&r).to_string());
        }
    }
    if o.len() <= 20 && !n.iter().any(|&c| is_sentence_punct(c)) {
        return (t.to_string(), String::new());
    }
    for end in 2..=o.len().min(12) {
        let p: String = o[..end].iter().collect();
        if n[..end].iter().any(|&c| !is_cjk(c)) {
            break;
        }
        let ok = if end == 2 {
            SHORT_HEADINGS.contains(&p.as_str())
        } else {
            HEADING_WORDS.iter().any(|w| p.ends_with(w))
        };
        let joins = o
            .get(end)
            .is_some_and(|c| "书人制状的和与及是为".contains(*c) || !is_cjk(norm(*c)));
        if ok && end < o.len() && !joins {
            return (p, o[end..].iter().collect());
        }
    }
    (String::new(), t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(split_heading("安全职责"), ("安全职责".into(), "".into()));
        assert_eq!(
            split_heading("基本原则:根据公司的实际情况,为充分调动"),
            ("基本原则".into(), "根据公司的实际情况,为充分调动".into())
        );
        assert_eq!(
            split_heading("工作目标作为物业公司客服部的一员,你的工作目标是:"),
            (
                "工作目标".into(),
                "作为物业公司客服部的一员,你的工作目标是:".into()
            )
        );
        assert_eq!(
            split_heading("总结客服部是物业公司与客户之间的桥梁和纽带，提供"),
            (
                "总结".into(),
                "客服部是物业公司与客户之间的桥梁和纽带，提供".into()
            )
        );
    }
}
