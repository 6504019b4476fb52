//! The closing: the paragraphs at the end of the last section that speak about the
//! agreement itself (`本责任书一式两份…`), set apart from the body.

use crate::model::{Block, Section};
use crate::text::char_len;

const CLOSING_STARTS: [&str; 11] = [
    "本责任书",
    "本协议",
    "本承诺书",
    "本合同",
    "本目标责任书",
    "此责任书",
    "本书",
    "如您",
    "请您",
    "以上",
    "本状",
];

pub(super) fn closing_like(t: &str, last: bool) -> bool {
    if CLOSING_STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    if t.contains("一式") && t.contains('份') {
        return true;
    }
    last && char_len(t) <= 20 && (t.contains('：') || t.contains(':'))
}

/// Takes the closing paragraphs off the end of the last section, in order.
pub(super) fn take_closing(sections: &mut [Section]) -> Vec<String> {
    let mut closing = Vec::new();
    if let Some(last) = sections.last_mut() {
        let mut first = true;
        while let Some(Block::Paragraph { text }) = last.blocks.last() {
            // a numbered section without heading keeps its only text (`第三条 本责任书…`)
            let only_text =
                last.blocks.len() == 1 && last.heading.is_empty() && !last.number.is_empty();
            if only_text || !closing_like(text, first) {
                break;
            }
            first = false;
            if let Some(Block::Paragraph { text }) = last.blocks.pop() {
                closing.insert(0, text);
            }
        }
    }
    closing
}
