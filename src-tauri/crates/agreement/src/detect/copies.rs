//! Number of printed copies (`一式两份`, `一式3份`) and the assessment period
//! (`考核期限为2018年1月1日至2018年12月31日`, `自XXXX年XX月XX日起生效，至XXXX年XX月XX日止`).
//!
//! The period is returned as written between the two dates, joined by `至`; when the
//! dates are blanks it is given with their markers (`{{period_start}}至{{period_end}}`)
//! so it can be filled like any other text.

use crate::text::{cn_value, is_cn_numeral, norm};

/// Financial numerals (`一式肆份`) as the everyday ones.
fn everyday(c: char) -> char {
    match c {
        '壹' => '一',
        '贰' | '贳' => '二',
        '叁' => '三',
        '肆' => '四',
        '伍' => '五',
        '陆' => '六',
        '柒' => '七',
        '捌' => '八',
        '玖' => '九',
        '拾' => '十',
        c => c,
    }
}

/// `双方各执一份` → 2, `三方各持一份` → 3: parties times each one's copies.
fn each_party(n: &[char]) -> Option<u32> {
    let s: String = n.iter().collect();
    for verb in ["各执", "各持", "各存", "各留"] {
        let Some(at) = s.find(verb) else { continue };
        let before: Vec<char> = s[..at].chars().collect();
        let parties = match before
            .iter()
            .rev()
            .take(2)
            .rev()
            .collect::<String>()
            .as_str()
        {
            "双方" => 2,
            "三方" => 3,
            "四方" => 4,
            _ => continue,
        };
        let after: Vec<char> = s[at + verb.len()..].chars().take(3).collect();
        let each = match after.as_slice() {
            [c, '份', ..] => cn_value(&[*c]).or_else(|| c.to_digit(10))?,
            _ => continue,
        };
        return Some(parties * each).filter(|v| (1..=20).contains(v));
    }
    None
}

/// `一式N份` anywhere in the text (or `双方各执一份`); 1 when absent or absurd.
pub(crate) fn copies(text: &str) -> u32 {
    let n: Vec<char> = text.chars().map(norm).map(everyday).collect();
    if let Some(v) = one_form(&n) {
        return v;
    }
    each_party(&n).unwrap_or(1)
}

fn one_form(n: &[char]) -> Option<u32> {
    let mut i = 0;
    while i + 3 < n.len() {
        if n[i] == '一' && n[i + 1] == '式' {
            let mut j = i + 2;
            while j < n.len() && n[j] == ' ' {
                j += 1;
            }
            let start = j;
            let v = if n.get(j).is_some_and(|c| c.is_ascii_digit()) {
                while j < n.len() && n[j].is_ascii_digit() && j - start < 3 {
                    j += 1;
                }
                n[start..j].iter().collect::<String>().parse::<u32>().ok()
            } else {
                while j < n.len() && is_cn_numeral(n[j]) && j - start < 3 {
                    j += 1;
                }
                cn_value(&n[start..j])
            };
            while j < n.len() && n[j] == ' ' {
                j += 1;
            }
            if let (Some(v), Some('份')) = (v, n.get(j)) {
                if (1..=20).contains(&v) {
                    return Some(v);
                }
            }
        }
        i += 1;
    }
    None
}

/// A date written out (`2018年1月1日`) or a date marker (`{{period_start}}`) at `i`.
fn date_end(n: &[char], i: usize, date_keys: &[String]) -> Option<usize> {
    if n.get(i) == Some(&'{') && n.get(i + 1) == Some(&'{') {
        let close = (i + 2..n.len().saturating_sub(1)).find(|&p| n[p] == '}' && n[p + 1] == '}')?;
        let key: String = n[i + 2..close].iter().collect();
        return date_keys.contains(&key).then_some(close + 2);
    }
    let mut j = i;
    for unit in ['年', '月', '日'] {
        let s = j;
        while j < n.len() && (n[j].is_ascii_digit() || n[j] == ' ') && j - s < 6 {
            j += 1;
        }
        if j == s || !n[s..j].iter().any(|c| c.is_ascii_digit()) || n.get(j) != Some(&unit) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

pub(crate) fn period(text: &str, date_keys: &[String]) -> Option<String> {
    let o: Vec<char> = text.chars().collect();
    let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
    let mut i = 0;
    while i < n.len() {
        if i > 0 && n[i - 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        if let Some(e1) = date_end(&n, i, date_keys) {
            // between: 至 / 到 / - / — / ~, optionally after 起 / 起生效，
            let mut j = e1;
            for skip in ["起生效", "起"] {
                let sc: Vec<char> = skip.chars().collect();
                if n[j..].starts_with(&sc) {
                    j += sc.len();
                    break;
                }
            }
            while j < n.len() && matches!(n[j], ' ' | ',' | '，') {
                j += 1;
            }
            if matches!(n.get(j), Some('至' | '到' | '-' | '—' | '~' | '～')) {
                let mut k = j + 1;
                while k < n.len() && n[k] == ' ' {
                    k += 1;
                }
                if let Some(e2) = date_end(&n, k, date_keys) {
                    let a: String = o[i..e1].iter().collect();
                    let b: String = o[k..e2].iter().collect();
                    return Some(format!("{a}至{b}"));
                }
            }
            i = e1;
            continue;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_period() {
        assert_eq!(copies("本责任书一式两份，公司和客服部各执一份。"), 2);
        assert_eq!(copies("一式三份"), 3);
        assert_eq!(copies("一式 3 份"), 3);
        assert_eq!(copies("没有"), 1);
        assert_eq!(
            period("1.考核期限为2018年1月1日至2018年12月31日。", &[]),
            Some("2018年1月1日至2018年12月31日".into())
        );
        let keys = vec!["period_start".to_string(), "period_end".to_string()];
        assert_eq!(
            period(
                "本责任书自{{period_start}}起生效，至{{period_end}}止。",
                &keys
            ),
            Some("{{period_start}}至{{period_end}}".into())
        );
    }
}
