//! Character helpers shared by detection and import.
//!
//! Pasted agreements mix full-width (`１．`, `（一）`, `：`) and half-width (`1.`, `(一)`, `:`)
//! forms. Matching is done on a *normalised view* that maps every character 1:1 (so
//! indices into the original and the normalised text stay aligned); output text keeps
//! what was written except for one documented rule, [`cjk_punct`].

/// Maps full-width ASCII variants to ASCII and the ideographic space to a space.
/// One char in, one char out, so indices stay aligned with the original.
pub(crate) fn norm(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '×' => 'X',
        _ => c,
    }
}

/// CJK ideographs (the characters agreement text is made of), rare ones included:
/// the one definition, [`signdesk_base::text::is_han`].
pub(crate) fn is_cjk(c: char) -> bool {
    signdesk_base::text::is_han(c)
}

/// Full-width punctuation used in Chinese text (after normalisation these are the ones
/// that have no ASCII twin).
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '：'
            | '；'
            | '？'
            | '！'
            | '（'
            | '）'
            | '《'
            | '》'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
    )
}

/// Punctuation that ends or splits a sentence (on normalised chars).
pub(crate) fn is_sentence_punct(c: char) -> bool {
    matches!(c, ',' | '，' | '。' | ';' | '；' | '!' | '?' | '！' | '？')
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Trims ASCII and ideographic whitespace.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

pub(crate) fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Value of a Chinese numeral such as `三`, `十二`, `二十一`, `两` (1..=999).
pub(crate) fn cn_value(s: &[char]) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut seen = false;
    for &c in s {
        match c {
            '十' => {
                total += if cur == 0 { 10 } else { cur * 10 };
                cur = 0;
            }
            '百' => {
                total += if cur == 0 { 100 } else { cur * 100 };
                cur = 0;
            }
            _ => cur = digit(c)?,
        }
        seen = true;
    }
    if !seen {
        return None;
    }
    let v = total + cur;
    (v > 0).then_some(v)
}

pub(crate) fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
    )
}

/// Renders 1..=99 as a Chinese numeral (used for docx automatic numbering).
pub(crate) fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n % 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// The one output normalisation: ASCII `,` `:` `;` `?` `!` next to Chinese text become
/// `，` `：` `；` `？` `！`, and `( … )` pairs that touch or contain Chinese text become
/// `（ … ）`. Everything else (digits, spaces, `.`) is kept as written, so `8:30`,
/// `1,000` and `(IC)` in an English context survive.
pub(crate) fn cjk_punct(s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let chinese = |x: Option<&char>| x.is_some_and(|&x| is_cjk(x) || is_cjk_punct(x));
    let prev_ns = |c: &[char], i: usize| c[..i].iter().rev().find(|x| !is_space(**x)).copied();
    let next_ns = |c: &[char], i: usize| c[i + 1..].iter().find(|x| !is_space(**x)).copied();
    // Parentheses first (pairs), so `(一)` inside text is decided on its content.
    let mut open: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for (i, &ch) in c.iter().enumerate() {
        match ch {
            '(' | '（' => open.push(i),
            ')' | '）' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
    }
    for (o, cl) in pairs {
        if c[o] == '(' || c[cl] == ')' {
            let inside = c[o + 1..cl].iter().any(|&x| is_cjk(x));
            let outside = chinese(prev_ns(&c, o).as_ref()) || chinese(next_ns(&c, cl).as_ref());
            if cl - o <= 40 && (inside || outside) {
                c[o] = '（';
                c[cl] = '）';
            }
        }
    }
    let has_cjk = c.iter().any(|&x| is_cjk(x));
    for i in 0..c.len() {
        let to = match c[i] {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '?' => '？',
            '!' => '！',
            _ => continue,
        };
        let p = prev_ns(&c, i);
        let n = next_ns(&c, i);
        let digits_both =
            p.is_some_and(|x| x.is_ascii_digit()) && n.is_some_and(|x| x.is_ascii_digit());
        if !digits_both && (has_cjk || chinese(p.as_ref()) || chinese(n.as_ref())) {
            c[i] = to;
        }
    }
    c.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let v = |s: &str| cn_value(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("三"), Some(3));
        assert_eq!(v("十"), Some(10));
        assert_eq!(v("十二"), Some(12));
        assert_eq!(v("二十一"), Some(21));
        assert_eq!(v("x"), None);
        assert_eq!(cn_numeral(12), "十二");
        assert_eq!(cn_numeral(20), "二十");
    }

    #[test]
    fn punct() {
        assert_eq!(cjk_punct("目标任务:1、部门"), "目标任务：1、部门");
        assert_eq!(cjk_punct("(一)目标"), "（一）目标");
        assert_eq!(cjk_punct("8:30 and 1,000"), "8:30 and 1,000");
        assert_eq!(cjk_punct("上午8:30,合格率%;"), "上午8:30，合格率%；");
        assert_eq!(cjk_punct("办卡(IC卡)充值"), "办卡（IC卡）充值");
    }
}
