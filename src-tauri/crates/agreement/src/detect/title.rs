//! The title: the first line, cut after the first title word (`…责任书`, `…承诺书`,
//! `…协议书`, `…清单`) when pasted text runs the title into the body, with
//! document-site repetitions (`标题标题`, `标题-责任书`) removed.

use super::lines::Line;
use super::markers;
use crate::text::{char_len, is_sentence_punct, norm, trim};

const SUFFIXES: [&str; 17] = [
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
    // 繁體
    "責任書",
    "承諾書",
    "協議書",
    "責任狀",
    "保證書",
    "協議",
];

/// Max chars of a title.
const MAX_TITLE: usize = 40;

fn cut(line: &str) -> Option<usize> {
    // earliest end of a title word within the first MAX_TITLE chars
    let chars: Vec<char> = line.chars().collect();
    // A short line that ends in a title word is a title as a whole, even where a
    // shorter title word ends inside it (`安全生产协议责任书`).
    let whole = chars.len();
    if (4..=MAX_TITLE).contains(&whole)
        && SUFFIXES.iter().any(|s| line.ends_with(s))
        && !chars.iter().any(|&c| is_sentence_punct(norm(c)))
    {
        return Some(whole);
    }
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
    // `协议` ends inside `协议书`, `合同` inside `合同书`: take the whole word.
    if chars.get(end) == Some(&'书') && matches!(chars[end - 1], '议' | '同') {
        end += 1;
    }
    if web_tail(&chars[end..]) == 0 && matches!(chars.get(end), Some('（' | '(')) {
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

/// What document sites append to a title — `范本`, `模板`, `（最新版）`, `【第一篇】`,
/// `范本2023 篇1`, `范文之三`, a page number `1` — measured in chars from `rest`, the
/// text right after the title word; the title itself never includes it.
fn web_tail(rest: &[char]) -> usize {
    let mut i = 0;
    loop {
        let at = &rest[i..];
        let word = ["范本", "模板", "范文", "样本", "大全", "精选"]
            .iter()
            .find(|w| starts(at, w))
            .map(|w| w.chars().count());
        let step = if let Some(n) = word {
            n
        } else if starts(at, "范文之") || starts(at, "篇") {
            let skip = if starts(at, "篇") { 1 } else { 3 };
            skip + at[skip..]
                .iter()
                .take_while(|c| is_number_char(**c))
                .count()
        } else if i == 0 && matches!(at.first(), Some('】' | ']')) {
            // the close of `【标题】`, whose `【` went with the lead
            1
        } else if matches!(at.first(), Some('【' | '[' | '（' | '(')) {
            bracketed_tail(at)
        } else if at.first().is_some_and(char::is_ascii_digit) {
            // a page or list number: `责任书1为切实…`, `范本2023 篇1`
            let digits = at.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 4 {
                digits
            } else {
                0
            }
        } else if i > 0 && at.first().is_some_and(|&c| c == ' ' || c == '\u{3000}') {
            1
        } else {
            0
        };
        if step == 0 {
            // Spaces eaten between two tails are not part of the title either.
            return i;
        }
        i += step;
    }
}

/// `【一】`, `【第一篇】`, `（最新版）`, `(精选)`: a short bracket that names a version or a
/// place in a collection, not a party or a year.
fn bracketed_tail(at: &[char]) -> usize {
    let Some(close) = at
        .iter()
        .take(10)
        .position(|&c| matches!(c, '】' | ']' | '）' | ')'))
    else {
        return 0;
    };
    let inner: String = at[1..close].iter().collect();
    let web = ["版", "篇", "精选", "范本", "模板", "通用", "推荐", "范文"];
    let numbered = !inner.is_empty() && inner.chars().all(is_number_char);
    if at[0] == '【' && numbered || web.iter().any(|w| inner.contains(w)) {
        close + 1
    } else {
        0
    }
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || crate::text::is_cn_numeral(c) || c == '第'
}

fn starts(at: &[char], word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    at.starts_with(&w)
}

/// What a site or a viewer puts before a title: a page marker `1、` or `1`, a year
/// written as digits run into it (`2024学校…`; a real year reads `2024年`), an
/// unmatched `【`, `关于`. Only taken off when a title word follows.
fn lead_junk(chars: &[char]) -> usize {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let after = chars.get(digits).copied();
    let mut i = match (digits, after) {
        (1..=2, Some('、' | '.' | '．')) => digits + 1,
        (1..=2, Some(c)) if crate::text::is_cjk(c) => digits,
        (4, Some(c)) if crate::text::is_cjk(c) && c != '年' => digits,
        _ => 0,
    };
    if chars.get(i) == Some(&'【') {
        i += 1;
    }
    if starts(&chars[i..], "关于") {
        i += 2;
    }
    i
}

/// `1、企业安全综合目标管理责任书为…`: a viewer's page marker glued to a title, not a
/// clause (a clause reads `1、本责任书自签订之日起生效`).
fn marker_then_title(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let lead = lead_junk(&chars);
    let rest: String = chars[lead..].iter().collect();
    lead > 0
        && !rest.starts_with(['本', '该', '此'])
        && cut(line).is_some_and(|end| end >= lead + 6)
}

/// A first line that is not a title: a sentence, a label waiting for its value
/// (`甲方：____`, `尊敬的家长：`), a blank, a numbered clause.
fn not_a_title(line: &str, n: &[char]) -> bool {
    let t = trim(line);
    char_len(t) > 30
        || n.iter().any(|&c| is_sentence_punct(c))
        || t.ends_with([':', '：'])
        || t.contains(['_', '＿'])
        || t.contains("{{")
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
/// With the title, what the line said before a site's or viewer's additions were taken
/// off (`供水公司目标责任书范本`), for the editor to show.
pub(crate) fn take(lines: &mut Vec<Line>) -> Option<(String, Option<String>)> {
    lines.first()?;
    title_below(lines);
    let first = lines.first()?.text.clone();
    let n: Vec<char> = first.chars().map(norm).collect();
    if markers::parse(&n, 0).is_some() && !marker_then_title(&first) {
        return None;
    }
    let chars: Vec<char> = first.chars().collect();
    let lead = lead_junk(&chars);
    let mut original = None;
    let (title, mut rest): (String, String) = match cut(&first) {
        Some(end) => {
            let from = if lead < end { lead } else { 0 };
            let rest_from = end + web_tail(&chars[end..]);
            if from > 0 || rest_from > end {
                original = Some(trim(&chars[..rest_from].iter().collect::<String>()).to_string());
            }
            (
                chars[from..end].iter().collect(),
                chars[rest_from..].iter().collect(),
            )
        }
        None => {
            if not_a_title(&first, &n) {
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
    Some((title, original))
}
