//! From raw text to trimmed lines: control characters, doc-site header lines, and
//! lines broken mid-sentence (`应立` / `即上报`) rejoined.

use super::markers;
use crate::text::{char_len, is_cjk, norm, trim};

/// One input line; `heading` is a hint from .docx (bold or heading style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    pub heading: bool,
}

/// Removes BOM, zero-width and control characters (except newline and tab, which
/// becomes a space). Decision: control characters are *stripped*, not refused — a
/// pasted Word text often carries stray `\u{b}` or `\u{c}`; the importer refuses files
/// where they are frequent (binary).
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {}
            '\t' => out.push(' '),
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => {}
            '\u{2028}' | '\u{2029}' | '\u{0b}' | '\u{0c}' | '\u{85}' => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `- 格式:docx`, `- 大小:12.53 KB`, `- 文档页数:3`: document-site paste artefacts.
fn is_site_header(line: &str) -> bool {
    let s: String = line.chars().map(norm).collect();
    let s = s.trim_start_matches(['-', ' ', '•']);
    ["格式:", "大小:", "文档页数:", "页数:", "下载"]
        .iter()
        .any(|p| s.starts_with(p))
        && char_len(s) < 30
}

pub(crate) fn split(text: &str) -> Vec<Line> {
    clean(text)
        .lines()
        .map(trim)
        .filter(|l| !l.is_empty() && !is_site_header(l) && !is_page_number(l))
        .map(|l| Line {
            text: unpdf(l),
            heading: false,
        })
        .collect()
}

/// `— 1 —`, `- 2 -`, `第 3 页`, `第1页 共4页`: page furniture of a text copied out of a PDF.
fn is_page_number(line: &str) -> bool {
    let s: String = line.chars().map(norm).filter(|c| *c != ' ').collect();
    let inner = s.trim_matches(['-', '—', '–']);
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    (inner.len() < s.len() && digits(inner))
        || s.strip_prefix('第')
            .and_then(|r| r.split_once('页'))
            .is_some_and(|(n, rest)| {
                digits(n)
                    && (rest.is_empty()
                        || rest
                            .strip_prefix('共')
                            .and_then(|r| r.strip_suffix('页'))
                            .is_some_and(digits))
            })
}

/// Text copied out of a PDF, made readable for detection (what was written otherwise
/// stays): spaces between single characters (`安 全 目 标`) removed when the line is
/// spaced out that way, and a year typed with the letter O (`2O19年`) with the digit.
/// (Full-width digits stay as written, except in the title: `title.rs`.)
pub(crate) fn unpdf(line: &str) -> String {
    let c: Vec<char> = line.chars().collect();
    let word = |c: char| is_cjk(c) || norm(c).is_ascii_digit() || c == '〇';
    let gaps = (1..c.len().saturating_sub(1))
        .filter(|&i| c[i] == ' ' && word(c[i - 1]) && word(c[i + 1]))
        .count();
    let cjk = c.iter().filter(|&&x| is_cjk(x)).count();
    let spaced = gaps >= 3 && gaps * 3 >= cjk;
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    for i in 0..c.len() {
        let gap = c[i] == ' '
            && i > 0
            && i + 1 < c.len()
            && word(c[i - 1])
            && word(c[i + 1])
            && (spaced || (c[i - 1] == '第' || c[i + 1] == '条' || c[i + 1] == '年'));
        if !gap {
            out.push(c[i]);
        }
    }
    // `2O19年`, `2o23 年`: a year's letter O is a zero
    for i in 0..out.len() {
        if matches!(out[i], 'O' | 'o') {
            let from = i.saturating_sub(3);
            let window: String = out[from..(i + 5).min(out.len())].iter().collect();
            let digits = out[from..(i + 4).min(out.len())]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .count();
            if digits >= 2 && window.contains('年') && window.starts_with('2') {
                out[i] = '0';
            }
        }
    }
    out.into_iter().collect()
}

/// Joins a line that was broken mid-sentence with the next one. A broken line is a
/// long line (≥ 20 chars) of a sentence with commas that ends in an ideograph, followed
/// by a line that starts with an ideograph and no numbering marker. Headings are
/// short and end without commas, so they never match.
pub(crate) fn rejoin(lines: &mut Vec<Line>) {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines.drain(..) {
        if let Some(prev) = out.last_mut() {
            let p: Vec<char> = prev.text.chars().collect();
            let n: Vec<char> = line.text.chars().map(norm).collect();
            let broken = !prev.heading
                && !line.heading
                && p.len() >= 20
                && p.iter().any(|&c| matches!(norm(c), ',' | '，'))
                && p.last().is_some_and(|&c| is_cjk(c))
                && n.first().is_some_and(|&c| is_cjk(c))
                && markers::parse(&n, 0).is_none()
                && !super::roles::is_signature_text(&line.text);
            if broken {
                prev.text.push_str(&line.text);
                continue;
            }
        }
        out.push(line);
    }
    *lines = out;
}
