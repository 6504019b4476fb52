//! Sections and clauses: one pass over the lines with a numbering state.
//!
//! Pasted agreements run headings and clauses together on one line
//! (`二、共性目标:(一)公司…____万元1.全年…;2.安装队…`). A marker found in the
//! middle of a line starts a new block only when the numbering state expects it:
//! it continues an open list (`2.` after `1.`, `(三)` after `(二)`, `三、` after `二、`),
//! or it starts a new list (`1.`, `(一)`, `a)`) right after a colon/semicolon or after
//! a short heading-like run (`责任1.`, `一、安全目标1.1`). Anything else — `分别为1、0.9`,
//! `加2分` — stays text. The section numbering style of the document is the first of
//! `第X条` / `一、` that starts a line; without one, clauses live in a single unnumbered
//! section, and short headings that run into a `1.` (`责任1. 您有责任…`) open
//! unnumbered sections.
//!
//! The steps, each in its own module: [`headings`] (where a heading ends), [`builder`]
//! (the numbering state, line by line), [`signature`] (signature lines met on the way),
//! [`closing`] (the closing paragraphs after the last section).

mod builder;
mod closing;
mod headings;
mod signature;

use super::lines::Line;
use super::markers::{self, Family};
use super::roles::{self, SigTok};
use crate::model::{Block, Section};
use crate::text::norm;
use builder::Builder;
use headings::heading_like;

pub(crate) struct Body {
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    pub closing: Vec<String>,
    pub sig: Vec<Vec<SigTok>>,
}

/// Numbered short headings (`1、控制指标`, `2.安全职责：`) with bracketed clauses under
/// them: two levels, the upper one the sections. A flat list of numbered sentences
/// stays clauses.
fn two_level(lines: &[Line], starts: &[Option<Family>]) -> bool {
    let headings = lines
        .iter()
        .zip(starts)
        .filter(|(l, f)| {
            **f == Some(Family::Num) && {
                let n: Vec<char> = l.text.chars().map(norm).collect();
                let len = markers::parse(&n, 0).map_or(0, |m| m.len);
                let rest: Vec<char> = n[len..]
                    .iter()
                    .copied()
                    .filter(|&c| c != ':' && c != ' ')
                    .collect();
                !rest.is_empty() && heading_like(&rest)
            }
        })
        .count();
    let bracketed = starts
        .iter()
        .any(|f| matches!(f, Some(Family::ParenNum | Family::ParenCn)));
    headings >= 2 && bracketed
}

/// The section numbering style: `第X条` (at a line's start or anywhere), else `一、`,
/// else numbered short headings over bracketed clauses; `None` when there is none.
fn section_style(lines: &[Line], starts: &[Option<Family>]) -> Option<Family> {
    // `第一条` anywhere (pasted text runs articles together) also sets the style.
    let article_anywhere = || {
        lines.iter().any(|l| {
            let n: Vec<char> = l.text.chars().map(norm).collect();
            (0..n.len()).any(|i| {
                n[i] == '第'
                    && markers::parse(&n, i)
                        .is_some_and(|m| m.family == Family::Article && m.is_start())
            })
        })
    };
    if starts.contains(&Some(Family::Article)) || article_anywhere() {
        Some(Family::Article)
    } else if starts.contains(&Some(Family::CnComma)) {
        Some(Family::CnComma)
    } else if two_level(lines, starts) {
        // `1、控制指标` over `(1)…(2)…`: the numbered headings are the sections
        Some(Family::Num)
    } else {
        None
    }
}

/// How many representatives a line names (`法定代表人（盖章）`); 0 when it is not a
/// signature line.
fn representatives_named(line: Option<&Line>) -> usize {
    line.and_then(|n| roles::parse_sig(&n.text))
        .map(|toks| {
            toks.iter()
                .filter(|t| {
                    matches!(t, SigTok::Role { label, representative, .. }
                        if representative.is_some() || roles::representative_of(label).is_some())
                })
                .count()
        })
        .unwrap_or(0)
}

pub(crate) fn build(lines: &[Line]) -> Body {
    let starts: Vec<Option<Family>> = lines
        .iter()
        .map(|l| {
            let n: Vec<char> = l.text.chars().map(norm).collect();
            markers::parse(&n, 0).map(|m| m.family)
        })
        .collect();
    let mut b = Builder::new(section_style(lines, &starts));
    for (i, l) in lines.iter().enumerate() {
        b.next_reps = representatives_named(lines.get(i + 1));
        b.line(l);
    }
    let mut preamble = b.preamble;
    let mut sections = b.sections;
    if sections.is_empty() && !preamble.is_empty() {
        let blocks = preamble
            .drain(..)
            .map(|text| Block::Paragraph { text })
            .collect();
        sections.push(Section {
            number: String::new(),
            heading: String::new(),
            blocks,
        });
    }
    let closing = closing::take_closing(&mut sections);
    Body {
        preamble,
        sections,
        closing,
        sig: b.sig,
    }
}
