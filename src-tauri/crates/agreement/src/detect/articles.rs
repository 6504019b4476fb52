//! Flat lists of articles: how a reader counts `1、…` `2、…` `3、…` with no headings.

use crate::model::{Block, Section};

/// A body that is one flat list of numbered articles (`1、…` `2、…`, no headings) has
/// an article per section, as a reader counts them: each becomes a section with its
/// number, no heading and its text as the first paragraph (printed as the numbered
/// paragraph it was, see `paragraphs`); sub-clauses stay under it.
pub(crate) fn flat_articles(sections: &mut Vec<Section>) {
    let [only] = sections.as_slice() else {
        return;
    };
    let top = only
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Clause { level: 1, .. }))
        .count();
    let starts_with_clause = matches!(only.blocks.first(), Some(Block::Clause { level: 1, .. }));
    if !only.number.is_empty() || !only.heading.is_empty() || top < 3 || !starts_with_clause {
        return;
    }
    let mut out: Vec<Section> = Vec::with_capacity(top);
    for b in &only.blocks {
        match (b, out.last_mut()) {
            (
                Block::Clause {
                    number,
                    level: 1,
                    text,
                },
                _,
            ) => out.push(Section {
                number: number.clone(),
                heading: String::new(),
                blocks: vec![Block::Paragraph { text: text.clone() }],
            }),
            (b, Some(last)) => last.blocks.push(b.clone()),
            (_, None) => return,
        }
    }
    *sections = out;
}
