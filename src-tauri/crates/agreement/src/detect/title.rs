//! The title: the first line, cut after the first title word (`…责任书`, `…承诺书`,
//! `…协议书`, `…清单`) when pasted text runs the title into the body, with
//! document-site repetitions (`标题标题`, `标题-责任书`) removed.

use super::lines::Line;
use super::markers;
use crate::text::{char_len, is_sentence_punct, norm, trim};

const SUFFIXES: [&str; 11] = [
    "约定",
    "责任书",
    "承诺书",
    "协议书",
    "责任状",
    "保证书",
    "合同书",
    "目标书",
    "责任清单",
    "协议",
    "合同",
];

/// Max chars of a title.
const MAX_TITLE: usize = 40;

fn cut(line: &str) -> Option<usize> {
    // earliest end of a title word within the first MAX_TITLE chars
    let chars: Vec<char> = line.chars().collect();
    let mut best: Option<usize> = None;
    for s in SUFFIXES {
        let sc: Vec<char> = s.chars().collect();
        if let Some(pos) = chars.windows(sc.len()).position(|w| w == sc.as_slice()) {
            let end = pos + sc.len();
            if (4..=MAX_TITLE).contains(&end) && best.is_none_or(|b| end < b) {
                best = Some(end);
            }
        }
    }
    let mut end = best?;
    // `…责任书范本`, `…责任书（范本）`, `…约定（2024年度）`
    for tail in ["范本", "（范本）", "(范本)"] {
        let t: Vec<char> = tail.chars().collect();
        if chars[end..].starts_with(&t) {
            end += t.len();
        }
    }
    if matches!(chars.get(end), Some('（' | '(')) {
        if let Some(close) = chars[end..]
            .iter()
            .take(12)
            .position(|&c| c == '）' || c == ')')
        {
            if end + close + 1 == chars.len() {
                end += close + 1;
            }
        }
    }
    Some(end)
}

/// A title further down, after a letterhead, a document number (`X安〔2024〕12号`) or
/// `附件2`: a short line among the first few that is a title as a whole. It is moved
/// to the front; the lines above it stay, as the first lines of the text.
fn title_below(lines: &mut Vec<Line>) {
    if cut(&lines[0].text).is_some_and(|e| e + 2 >= char_len(&lines[0].text)) {
        return;
    }
    let found = (1..lines.len().min(6)).find(|&k| {
        let t = &lines[k].text;
        char_len(t) <= MAX_TITLE && cut(t).is_some_and(|e| e == char_len(t))
    });
    if let Some(k) = found {
        let title = lines.remove(k);
        lines.insert(0, title);
    }
}

/// Takes the title off the front of `lines`; `None` when the text has no title.
pub(crate) fn take(lines: &mut Vec<Line>) -> Option<String> {
    lines.first()?;
    title_below(lines);
    let first = lines.first()?.text.clone();
    let n: Vec<char> = first.chars().map(norm).collect();
    if markers::parse(&n, 0).is_some() {
        return None;
    }
    let chars: Vec<char> = first.chars().collect();
    let (title, mut rest): (String, String) = match cut(&first) {
        Some(end) => (chars[..end].iter().collect(), chars[end..].iter().collect()),
        None => {
            if char_len(&first) > 30 || n.iter().any(|&c| is_sentence_punct(c)) {
                return None;
            }
            (first.clone(), String::new())
        }
    };
    // `２０２４年…`: the title's digits as ASCII, so it reads like every other title
    let title: String = trim(&title)
        .chars()
        .map(|c| match c {
            '０'..='９' => norm(c),
            c => c,
        })
        .collect();
    // strip repetitions: `-责任书`, `责任书`, the title again
    loop {
        let r = trim(&rest).trim_start_matches(['-', '—', '－']);
        let r = trim(r);
        let before = rest.clone();
        rest = if let Some(x) = r.strip_prefix(&title) {
            x.to_string()
        } else if let Some(x) = SUFFIXES.iter().find_map(|s| r.strip_prefix(s)) {
            x.to_string()
        } else {
            r.to_string()
        };
        if rest == before {
            break;
        }
    }
    if rest.is_empty() {
        lines.remove(0);
    } else {
        lines[0].text = rest;
        lines[0].heading = false;
    }
    while lines.first().is_some_and(|l| trim(&l.text) == title) {
        lines.remove(0);
    }
    Some(title)
}
