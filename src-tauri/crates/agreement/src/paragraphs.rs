//! The document in flat reading order, for the PDF renderer and full-text search:
//! title, preamble, section headings, paragraphs and clauses, closing. The signature
//! block is not included: the renderer lays it out from [`Template::roles`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Block, Template};

/// What a paragraph is, for typesetting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ParaKind {
    Title,
    Heading,
    Paragraph,
    Clause,
}

/// One paragraph in reading order. `number` is empty except for numbered headings
/// and clauses; `level` is 0 for title, headings and plain paragraphs, the clause
/// depth (1 = outermost) for clauses. `text` still contains `{{key}}` markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Para {
    pub kind: ParaKind,
    pub number: String,
    pub level: u8,
    pub text: String,
}

impl Template {
    /// The document as a flat list of paragraphs in reading order.
    pub fn paragraphs(&self) -> Vec<Para> {
        let p = |kind, number: &str, level, text: &str| Para {
            kind,
            number: number.to_string(),
            level,
            text: text.to_string(),
        };
        let mut out = vec![p(ParaKind::Title, "", 0, &self.title)];
        out.extend(
            self.preamble
                .iter()
                .map(|t| p(ParaKind::Paragraph, "", 0, t)),
        );
        for s in &self.sections {
            let mut blocks = s.blocks.iter().peekable();
            // An article of a flat list (`flat_articles`): its number and text are one
            // numbered paragraph, as written.
            let article = s.heading.is_empty() && !s.number.is_empty();
            if let (true, Some(Block::Paragraph { text })) = (article, blocks.peek()) {
                out.push(p(ParaKind::Clause, &s.number, 1, text));
                blocks.next();
            } else if !s.number.is_empty() || !s.heading.is_empty() {
                out.push(p(ParaKind::Heading, &s.number, 0, &s.heading));
            }
            for b in blocks {
                out.push(match b {
                    Block::Paragraph { text } => p(ParaKind::Paragraph, "", 0, text),
                    Block::Clause {
                        number,
                        level,
                        text,
                    } => p(ParaKind::Clause, number, *level, text),
                });
            }
        }
        out.extend(
            self.closing
                .iter()
                .map(|t| p(ParaKind::Paragraph, "", 0, t)),
        );
        out
    }

    /// All text in reading order, one paragraph a line, numbers included (markers
    /// left in). Used for search and for copies/period detection.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for para in self.paragraphs() {
            s.push_str(&para.number);
            s.push_str(&para.text);
            s.push('\n');
        }
        s
    }
}
