//! Structure detection: plain agreement text → [`Template`].
//!
//! The steps, each in its own module: [`lines`] (clean, split, rejoin broken lines),
//! [`title`], [`structure`] (preamble, sections, clauses, closing, and the signature
//! lines set aside), [`roles`] (signature roles and their dates), [`blanks`] (fields),
//! [`copies`] (copies and period). Detection is pure and never panics; the only error
//! is text in which no agreement can be recognised.
//!
//! Output text keeps what was written, except ASCII `,:;?!()` next to Chinese text,
//! which become full-width (`，：；？！（）`), and clause numbers in parentheses, which
//! are always written `（一）` / `（1）`.

mod articles;
mod blanks;
mod copies;
pub(crate) mod lines;
pub(crate) mod markers;
pub(crate) mod roles;
mod sides;
mod signers;
mod structure;
mod title;

use crate::error::ImportError;
use crate::model::{Block, Doubt, DoubtItem, FieldKind, Section, Template};
use crate::text::is_cjk;
pub(crate) use lines::Line;

/// Longest text accepted (characters): far above any real agreement.
pub const MAX_TEXT_CHARS: usize = 2_000_000;

/// Detects the structure of an agreement given as plain text.
pub fn detect(text: &str) -> Result<Template, ImportError> {
    detect_lines(lines::split(text))
}

pub(crate) fn detect_lines(mut lines: Vec<Line>) -> Result<Template, ImportError> {
    readable(&lines)?;
    // A readable agreement is never refused for its title, and none is invented:
    // without one the title is empty and the editor asks for it.
    let mut doubts = Vec::new();
    let title = take_title(&mut lines, &mut doubts);
    lines::rejoin(&mut lines);
    let mut body = structure::build(&lines);
    articles::flat_articles(&mut body.sections);
    if body.sections.is_empty() && body.preamble.is_empty() {
        return Err(ImportError::NoAgreement("标题之后没有正文".into()));
    }
    let mut reg = blanks::Registry::default();
    let (title, preamble, sections, closing) = fill_blanks(&title, &mut body, &mut reg);
    let (roles, date_fields) = signers::build(&body.sig);
    if roles.is_empty() {
        // Never invented: the editor says so and offers the last lines to make roles
        // from; a template without a signer cannot be saved (`validate`).
        doubts.push(Doubt {
            item: DoubtItem::Role,
            key: None,
            note: "没有找到签字栏：请从文末的行中选出签字的各方，或手动添加".into(),
        });
    }
    let mut fields = reg.fields;
    for f in date_fields {
        if !fields.iter().any(|x| x.key == f.key) {
            fields.push(f);
        }
    }
    let mut t = Template {
        title,
        preamble,
        sections,
        closing,
        roles,
        fields,
        copies: 1,
        period: None,
        doubts,
        scheme: None,
    };
    from_whole_text(&mut t);
    t.resolve_fills();
    Ok(t)
}

/// Refuses text too large to be an agreement, empty, or without Chinese text.
fn readable(lines: &[Line]) -> Result<(), ImportError> {
    let total: usize = lines.iter().map(|l| l.text.chars().count()).sum();
    if total > MAX_TEXT_CHARS {
        return Err(ImportError::TooLarge {
            size: total,
            max: MAX_TEXT_CHARS,
        });
    }
    if lines.is_empty() {
        return Err(ImportError::NoAgreement("文本为空".into()));
    }
    let cjk = lines
        .iter()
        .flat_map(|l| l.text.chars())
        .filter(|&c| is_cjk(c))
        .count();
    if cjk < 10 {
        return Err(ImportError::NoAgreement("没有中文协议文本".into()));
    }
    Ok(())
}

/// Takes the title off the lines; empty, with a doubt, when there is none, and with a
/// doubt when words added around it were taken off.
fn take_title(lines: &mut Vec<Line>, doubts: &mut Vec<Doubt>) -> String {
    match title::take(lines).filter(|(t, _)| t.chars().any(is_cjk)) {
        Some((title, original)) => {
            if let Some(original) = original {
                doubts.push(Doubt {
                    item: DoubtItem::Title,
                    key: None,
                    note: format!("标题已去掉网页或文档附加的字样，原文为“{original}”，请确认"),
                });
            }
            title
        }
        None => {
            doubts.push(Doubt {
                item: DoubtItem::Title,
                key: None,
                note: "文中没有找到标题，请填写标题".into(),
            });
            String::new()
        }
    }
}

/// Title, preamble, sections and closing with their blanks replaced by `{{key}}`
/// markers, in reading order (the order of the fields' keys).
fn fill_blanks(
    title: &str,
    body: &mut structure::Body,
    reg: &mut blanks::Registry,
) -> (String, Vec<String>, Vec<Section>, Vec<String>) {
    let title = {
        let ctx = blanks::Ctx { heading: "" };
        blanks::apply(&crate::text::cjk_punct(title), &ctx, reg)
    };
    let ctx = blanks::Ctx { heading: "" };
    let preamble: Vec<String> = body
        .preamble
        .iter()
        .map(|p| blanks::apply(p, &ctx, reg))
        .collect();
    let mut sections = std::mem::take(&mut body.sections);
    for s in &mut sections {
        let ctx_heading = s.heading.clone();
        let ctx = blanks::Ctx {
            heading: &ctx_heading,
        };
        s.heading = blanks::apply(&s.heading, &ctx, reg);
        for b in &mut s.blocks {
            match b {
                Block::Paragraph { text } | Block::Clause { text, .. } => {
                    *text = blanks::apply(text, &ctx, reg)
                }
            }
        }
    }
    let closing: Vec<String> = body
        .closing
        .iter()
        .map(|p| blanks::apply(p, &ctx, reg))
        .collect();
    (title, preamble, sections, closing)
}

/// What is read from the whole text once it is a template: the assessment scheme it
/// states, the number of copies, and the period between its dates.
fn from_whole_text(t: &mut Template) {
    let all = t.plain_text();
    t.scheme = Some(signdesk_assess::detect(&all)).filter(|s| s.is_stated());
    t.copies = copies::copies(&all);
    let date_keys: Vec<String> = t
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Date)
        .map(|f| f.key.clone())
        .collect();
    t.period = copies::period(&all, &date_keys);
}
