//! Body layout: title, headings, paragraphs and numbered clauses → positioned lines.
//!
//! Paragraphs get the customary two-character first-line indent; clauses hang their
//! number and align continuation lines after it; headings are never left alone at the
//! bottom of a page; a paragraph never leaves a single first line at a page bottom
//! (orphan) nor a single last line at a page top (widow) when it can avoid it.

use crate::error::RenderError;
use crate::fonts::Style;
use crate::linebreak::is_cjk;
use crate::page::{
    normalize, Composer, Item, SetLine, TextLine, BODY_LEADING, BODY_SIZE, MARGIN_X, MEASURE,
};
use crate::Block;

pub const TITLE_SIZE: f32 = 20.0;
const TITLE_LEADING: f32 = 32.0;
const TITLE_SPACE_AFTER: f32 = 16.0;
pub const HEADING_SIZE: f32 = 13.0;
const HEADING_LEADING: f32 = 24.0;
const HEADING_SPACE_BEFORE: f32 = 6.0;
const PARAGRAPH_SPACE_AFTER: f32 = 2.0;

/// The title: sans, large, every line centred.
pub fn title(c: &mut Composer<'_>, title: &str) -> Result<(), RenderError> {
    let text = normalize(title);
    if text.is_empty() {
        return Ok(());
    }
    let width = MEASURE - 2.0 * TITLE_SIZE;
    let lines = c.set_lines(Style::Sans, &text, TITLE_SIZE, width, width)?;
    for l in lines {
        c.ensure(TITLE_LEADING);
        let x = MARGIN_X + (MEASURE - l.natural) / 2.0;
        let baseline = Composer::baseline(c.y, TITLE_LEADING, TITLE_SIZE);
        c.push(Item::Text(TextLine {
            x,
            baseline,
            size: TITLE_SIZE,
            spacing: 0.0,
            gray: 0.0,
            runs: l.runs,
        }));
        c.y += TITLE_LEADING;
    }
    c.y += TITLE_SPACE_AFTER;
    Ok(())
}

/// All body blocks. Within a run of consecutive clauses, clauses of one level share
/// the widest number's hang, so that after `9、` and `10、` the text starts at the
/// same column (the shorter numbers are right-aligned).
pub fn body(c: &mut Composer<'_>, blocks: &[Block]) -> Result<(), RenderError> {
    let mut hangs = vec![0.0f32; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        let start = i;
        while matches!(blocks.get(i), Some(Block::Clause { .. })) {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let mut widest = std::collections::BTreeMap::<u8, f32>::new();
        for b in &blocks[start..i] {
            if let Block::Clause { number, level, .. } = b {
                let w = number_width(c, &normalize(number))?;
                let e = widest.entry(*level).or_insert(0.0);
                *e = e.max(w);
            }
        }
        for (k, b) in blocks[start..i].iter().enumerate() {
            if let Block::Clause { level, .. } = b {
                hangs[start + k] = widest.get(level).copied().unwrap_or(0.0);
            }
        }
    }
    for (b, hang) in blocks.iter().zip(hangs) {
        match b {
            Block::Clause {
                number,
                level,
                text,
            } => clause(c, number, *level, text, hang)?,
            other => block(c, other)?,
        }
    }
    Ok(())
}

/// Width of a clause number plus the gap before its text: a Latin number (`1.`)
/// gets a small gap; `1、` and `（一）` carry their own.
fn number_width(c: &Composer<'_>, number: &str) -> Result<f32, RenderError> {
    let gap = if number.chars().last().is_some_and(|ch| !is_cjk(ch)) {
        BODY_SIZE * 0.3
    } else {
        0.0
    };
    Ok(c.fonts.measure(Style::Serif, number, BODY_SIZE)? + gap)
}

/// One body block.
pub fn block(c: &mut Composer<'_>, block: &Block) -> Result<(), RenderError> {
    match block {
        Block::Heading { number, text } => heading(c, number, text),
        Block::Paragraph { text } => {
            // A line break inside a paragraph starts a new, indented paragraph.
            for text in normalize(text).split('\n') {
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                let indent = 2.0 * BODY_SIZE;
                let lines =
                    c.set_lines(Style::Serif, text, BODY_SIZE, MEASURE - indent, MEASURE)?;
                place(
                    c,
                    lines,
                    |i| if i == 0 { MARGIN_X + indent } else { MARGIN_X },
                )?;
                c.y += PARAGRAPH_SPACE_AFTER;
            }
            Ok(())
        }
        Block::Clause {
            number,
            level,
            text,
        } => clause(c, number, *level, text, 0.0),
        Block::Code { text, caption } => crate::record::code(c, text, "", caption),
    }
}

/// Joins a number and its text, with a space only after a Latin number (`1.`, `A`).
fn join_number(number: &str, text: &str) -> String {
    let needs_space = number.chars().last().is_some_and(|ch| !is_cjk(ch));
    match (number.is_empty(), needs_space) {
        (true, _) => text.to_string(),
        (false, true) => format!("{number} {text}"),
        (false, false) => format!("{number}{text}"),
    }
}

fn heading(c: &mut Composer<'_>, number: &str, text: &str) -> Result<(), RenderError> {
    let full = normalize(&join_number(&normalize(number), &normalize(text)));
    if full.is_empty() {
        return Ok(());
    }
    let lines = c.set_lines(Style::Sans, &full, HEADING_SIZE, MEASURE, MEASURE)?;
    let height = HEADING_SPACE_BEFORE + HEADING_LEADING * lines.len() as f32;
    // Keep with next: the heading plus two lines of what follows, or a new page.
    c.ensure(height + 2.0 * BODY_LEADING);
    if !c.at_page_top() {
        c.y += HEADING_SPACE_BEFORE;
    }
    for l in lines {
        let baseline = Composer::baseline(c.y, HEADING_LEADING, HEADING_SIZE);
        c.push(Item::Text(TextLine {
            x: MARGIN_X,
            baseline,
            size: HEADING_SIZE,
            spacing: 0.0,
            gray: 0.0,
            runs: l.runs,
        }));
        c.y += HEADING_LEADING;
    }
    Ok(())
}

/// A clause; `min_number_width` aligns its text with its siblings'.
fn clause(
    c: &mut Composer<'_>,
    number: &str,
    level: u8,
    text: &str,
    min_number_width: f32,
) -> Result<(), RenderError> {
    let number = normalize(number);
    let text = normalize(text);
    if number.is_empty() && text.is_empty() {
        return Ok(());
    }
    let indent = BODY_SIZE * (2.0 + f32::from(level.clamp(1, 5) - 1));
    // Numbers of a run are right-aligned on the shared hang (` 9、` / `10、`): the text
    // still follows its number without a gap, which keeps text extraction clean.
    let own_w = number_width(c, &number)?;
    let mut hang = indent + own_w.max(min_number_width);
    // A very long "number" would leave no room: fall back to running it in.
    let (number, text) = if hang > MEASURE / 2.0 {
        hang = indent;
        (String::new(), join_number(&number, &text))
    } else {
        (number, text)
    };
    let width = MEASURE - hang;
    let mut lines = c.set_lines(Style::Serif, &text, BODY_SIZE, width, width)?;
    if lines.is_empty() {
        lines.push(SetLine {
            runs: Vec::new(),
            natural: 0.0,
            spacing: 0.0,
        });
    }
    let first_page = c.pages.len();
    let first_y = place(c, lines, |_| MARGIN_X + hang)?;
    if !number.is_empty() {
        // The number sits on the first line's baseline, wherever that line landed.
        let (page, baseline) = first_y;
        let item = c.simple_line(
            Style::Serif,
            &number,
            BODY_SIZE,
            MARGIN_X + hang - own_w,
            baseline,
            0.0,
        )?;
        let idx = page.max(first_page) - 1;
        if let Some(p) = c.pages.get_mut(idx) {
            p.items.push(item);
        }
    }
    c.y += PARAGRAPH_SPACE_AFTER;
    Ok(())
}

/// Places body lines with orphan/widow control; `x(i)` is the left edge of line `i`.
/// Returns (1-based page, baseline) of the first line.
fn place(
    c: &mut Composer<'_>,
    lines: Vec<SetLine>,
    x: impl Fn(usize) -> f32,
) -> Result<(usize, f32), RenderError> {
    let n = lines.len();
    let mut first = None;
    let mut i = 0;
    let mut lines = lines.into_iter();
    while i < n {
        let fit = (c.room() / BODY_LEADING + 0.001).floor().max(0.0) as usize;
        let remaining = n - i;
        let mut take = remaining.min(fit);
        if take < remaining {
            // Widow: never carry a single last line over if we can carry two.
            if remaining - take == 1 && take >= 2 && !(i == 0 && take == 2) {
                take -= 1;
            }
            // Orphan: a lone first line at a page bottom goes over with the rest.
            if i == 0 && take == 1 && n > 1 {
                take = 0;
            }
        }
        if take == 0 {
            if c.at_page_top() {
                take = 1; // nothing fits even on a fresh page: place one anyway.
            } else {
                c.new_page();
                continue;
            }
        }
        for _ in 0..take {
            let Some(l) = lines.next() else { break };
            let baseline = Composer::baseline(c.y, BODY_LEADING, BODY_SIZE);
            if first.is_none() {
                first = Some((c.pages.len(), baseline));
            }
            c.push(Item::Text(TextLine {
                x: x(i),
                baseline,
                size: BODY_SIZE,
                spacing: l.spacing,
                gray: 0.0,
                runs: l.runs,
            }));
            c.y += BODY_LEADING;
            i += 1;
        }
        if i < n {
            c.new_page();
        }
    }
    Ok(first.unwrap_or((
        c.pages.len(),
        Composer::baseline(c.y, BODY_LEADING, BODY_SIZE),
    )))
}
