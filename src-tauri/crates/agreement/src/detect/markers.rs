//! Recognising a numbering marker (`一、`, `第三条`, `（一）`, `(1)`, `1.`, `1、`, `１．`,
//! `1.1`, `1)`, `a)`, `A、`, `B.`, `①`, `- `) at a position of a line.
//!
//! Parsing only says "a marker *could* start here". Whether it really starts a new
//! clause mid-line (pasted text runs clauses together) is decided by the structure
//! builder from the numbering state, because `分别为1、0.9` or `加2分` must stay text.

use crate::text::{cn_value, is_cjk, is_cn_numeral, is_space};

/// Numbering families: markers of one family continue each other even when the
/// separator changes (`1.` then `2、` happens in pasted text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// 第一条 / 第一章
    Article,
    /// 一、
    CnComma,
    /// （一）
    ParenCn,
    /// （1）
    ParenNum,
    /// 1. 1、 １．
    Num,
    /// 1) 1）
    NumParen,
    /// 1.1 (2 components), 1.1.1 (3) …
    Decimal(u8),
    /// a) a. A、 B.
    Letter,
    /// ① ②
    Circled,
    /// - • ●
    Bullet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub family: Family,
    /// Numeric value; Decimal keeps all components.
    pub value: Vec<u32>,
    /// Number of chars the marker spans in the line, including trailing spaces.
    pub len: usize,
}

impl Marker {
    pub fn last(&self) -> u32 {
        self.value.last().copied().unwrap_or(0)
    }
    /// Starts a list: `1.`, `一、`, `（一）`, `a)`, `2.1`, bullets.
    pub fn is_start(&self) -> bool {
        self.family == Family::Bullet || self.last() == 1
    }
    /// Whether `self` follows `prev` in the same list.
    pub fn follows(&self, prev: &Marker) -> bool {
        if self.family != prev.family {
            return false;
        }
        if self.family == Family::Bullet {
            return true;
        }
        let n = self.value.len();
        n == prev.value.len()
            && self.value[..n - 1] == prev.value[..n - 1]
            && self.last() == prev.last() + 1
    }
}

/// Characters that, right after a number, make it a quantity rather than a marker.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '%' | '万'
            | '元'
            | '个'
            | '倍'
            | '米'
            | '分'
            | '年'
            | '月'
            | '日'
            | '天'
            | '小'
            | '次'
            | '号'
            | '人'
            | '吨'
            | '台'
            | '户'
            | '张'
            | '起'
            | '度'
            | '岁'
            | '周'
            | '级'
            | '家'
            | '名'
            | '项'
            | '份'
            | '条'
            | '章'
            | '页'
            | '点'
            | '时'
            | '秒'
            | '层'
            | '千'
            | '百'
            | '亿'
    )
}

fn skip_spaces(n: &[char], mut j: usize) -> usize {
    while j < n.len() && is_space(n[j]) {
        j += 1;
    }
    j
}

fn digits(n: &[char], i: usize) -> (u32, usize) {
    let mut j = i;
    let mut v: u32 = 0;
    while j < n.len() && n[j].is_ascii_digit() && j - i < 4 {
        v = v * 10 + n[j].to_digit(10).unwrap_or(0);
        j += 1;
    }
    (v, j)
}

/// Tries to read a marker at `i` of the normalised line `n`.
pub(crate) fn parse(n: &[char], i: usize) -> Option<Marker> {
    let c = *n.get(i)?;
    let prev = if i > 0 { Some(n[i - 1]) } else { None };
    if prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.') {
        return None;
    }
    match c {
        '第' => article(n, i),
        c if is_cn_numeral(c) => cn_comma(n, i, prev),
        '(' => bracketed(n, i),
        c if c.is_ascii_digit() => numbered(n, i, prev),
        c if c.is_ascii_alphabetic() => lettered(n, i, c, prev),
        // ① … ⑳
        '①'..='⑳' => done(
            n,
            i,
            Family::Circled,
            vec![c as u32 - '①' as u32 + 1],
            i + 1,
        ),
        '-' | '•' | '●' | '·' | '▪' | '◆' | '■' => bullet(n, i, c, prev),
        _ => None,
    }
}

/// The marker of `family` that starts at `i` and ends at `end` (with its trailing
/// spaces).
fn done(n: &[char], i: usize, family: Family, value: Vec<u32>, end: usize) -> Option<Marker> {
    Some(Marker {
        family,
        value,
        len: skip_spaces(n, end) - i,
    })
}

/// After a marker: text (CJK, letters, quotes, brackets), a space or end of line —
/// never a digit or a unit.
fn next_ok(n: &[char], j: usize) -> bool {
    match n.get(j) {
        None => true,
        Some(&d) => !(d.is_ascii_digit() || d == '.' || d == '%'),
    }
}

/// 第X条
fn article(n: &[char], i: usize) -> Option<Marker> {
    let mut j = i + 1;
    while j < n.len() && is_cn_numeral(n[j]) {
        j += 1;
    }
    let v = if j > i + 1 {
        cn_value(&n[i + 1..j])
    } else {
        let (v, k) = digits(n, i + 1);
        j = k;
        (k > i + 1).then_some(v)
    };
    if let (Some(v), Some('条' | '章')) = (v, n.get(j)) {
        let mut end = j + 1;
        if matches!(n.get(end), Some('、' | ':' | '：' | ',' | '，')) {
            end += 1;
        }
        return done(n, i, Family::Article, vec![v], end);
    }
    None
}

/// 一、
fn cn_comma(n: &[char], i: usize, prev: Option<char>) -> Option<Marker> {
    if prev.is_some_and(|p| is_cn_numeral(p) || p == '第') {
        return None;
    }
    let mut j = i;
    while j < n.len() && is_cn_numeral(n[j]) && j - i < 4 {
        j += 1;
    }
    if n.get(j) == Some(&'、') {
        let v = cn_value(&n[i..j])?;
        return done(n, i, Family::CnComma, vec![v], j + 1);
    }
    None
}

/// (一) (1)
fn bracketed(n: &[char], i: usize) -> Option<Marker> {
    let j = i + 1;
    if n.get(j).is_some_and(|&d| is_cn_numeral(d)) {
        let mut k = j;
        while k < n.len() && is_cn_numeral(n[k]) && k - j < 4 {
            k += 1;
        }
        if n.get(k) == Some(&')') {
            return done(n, i, Family::ParenCn, vec![cn_value(&n[j..k])?], k + 1);
        }
    } else if n.get(j).is_some_and(|d| d.is_ascii_digit()) {
        let (v, k) = digits(n, j);
        if n.get(k) == Some(&')') && k - j <= 2 && v > 0 {
            return done(n, i, Family::ParenNum, vec![v], k + 1);
        }
    }
    None
}

/// 1.1  1.  1、  1)
fn numbered(n: &[char], i: usize, prev: Option<char>) -> Option<Marker> {
    let (v, mut j) = digits(n, i);
    if j - i > 2 || v == 0 {
        return None;
    }
    let mut comps = vec![v];
    while n.get(j) == Some(&'.') && n.get(j + 1).is_some_and(|d| d.is_ascii_digit()) {
        let (w, k) = digits(n, j + 1);
        if k - (j + 1) > 2 {
            return None;
        }
        comps.push(w);
        j = k;
    }
    if comps.len() > 1 {
        // 1.1 must be followed by a space or text, not a unit (`1.5万吨`).
        let ok = match n.get(j) {
            None => true,
            Some(&d) => is_space(d) || (is_cjk(d) && !is_unit(d)) || d == '、',
        };
        if !ok || comps.len() > 4 {
            return None;
        }
        let end = if n.get(j) == Some(&'、') { j + 1 } else { j };
        let depth = comps.len() as u8;
        return done(n, i, Family::Decimal(depth), comps, end);
    }
    match n.get(j) {
        Some('.') | Some('、') if next_ok(n, j + 1) => done(n, i, Family::Num, comps, j + 1),
        Some(')') if next_ok(n, j + 1) && prev != Some('(') => {
            done(n, i, Family::NumParen, comps, j + 1)
        }
        _ => None,
    }
}

/// a) A、 b.
fn lettered(n: &[char], i: usize, c: char, prev: Option<char>) -> Option<Marker> {
    if prev.is_some_and(|p| p.is_ascii_alphabetic()) {
        return None;
    }
    let sep = *n.get(i + 1)?;
    if !matches!(sep, ')' | '.' | '、') {
        return None;
    }
    let after = n.get(i + 2).copied();
    if !after.is_none_or(|d| is_space(d) || is_cjk(d) || d == '"' || d == '“') {
        return None;
    }
    let v = c.to_ascii_lowercase() as u32 - 'a' as u32 + 1;
    done(n, i, Family::Letter, vec![v], i + 2)
}

/// - • ● bullets: followed by a space (or, at line start, by text)
fn bullet(n: &[char], i: usize, c: char, prev: Option<char>) -> Option<Marker> {
    let after = n.get(i + 1).copied();
    let ok = match after {
        Some(d) if is_space(d) => true,
        Some(d) if i == 0 && is_cjk(d) && c != '-' => true,
        _ => false,
    };
    if ok && prev.is_none_or(|p| is_cjk(p) || !p.is_ascii() || matches!(p, ':' | ';')) {
        return done(n, i, Family::Bullet, vec![1], i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(Family, Vec<u32>)> {
        let n: Vec<char> = s.chars().map(crate::text::norm).collect();
        parse(&n, 0).map(|m| (m.family, m.value))
    }

    #[test]
    fn markers() {
        assert_eq!(p("一、安全"), Some((Family::CnComma, vec![1])));
        assert_eq!(p("十二、安全"), Some((Family::CnComma, vec![12])));
        assert_eq!(p("第三条 安全"), Some((Family::Article, vec![3])));
        assert_eq!(p("（二）目标"), Some((Family::ParenCn, vec![2])));
        assert_eq!(p("(3)熟知"), Some((Family::ParenNum, vec![3])));
        assert_eq!(p("1.全年"), Some((Family::Num, vec![1])));
        assert_eq!(p("１．全年"), Some((Family::Num, vec![1])));
        assert_eq!(p("2、建立"), Some((Family::Num, vec![2])));
        assert_eq!(p("1.1 保障"), Some((Family::Decimal(2), vec![1, 1])));
        assert_eq!(p("1) 遵守"), Some((Family::NumParen, vec![1])));
        assert_eq!(p("a) 维护"), Some((Family::Letter, vec![1])));
        assert_eq!(p("B.技术"), Some((Family::Letter, vec![2])));
        assert_eq!(p("1、0.9"), None);
        assert_eq!(p("1.5万吨"), None);
        assert_eq!(p("2分"), None);
        assert_eq!(p("一岗双责"), None);
    }
}
