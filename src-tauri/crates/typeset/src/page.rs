//! Page geometry and the intermediate page model.
//!
//! Layout produces plain positioned items (text lines, images, rules) in points,
//! measured from the top-left corner; `pdf.rs` turns them into printpdf operations.
//! Keeping this model separate makes the layout testable (a text dump is the
//! snapshot) and keeps the PDF writer trivial.

use crate::error::RenderError;
use crate::fonts::{Fonts, Style};
use crate::linebreak::{break_lines, Glyph};

/// A4 in points.
pub const PAGE_W: f32 = 595.2756;
pub const PAGE_H: f32 = 841.8898;
/// Body text size (小四) and line pitch.
pub const BODY_SIZE: f32 = 12.0;
pub const BODY_LEADING: f32 = 21.0;
/// The measure is a whole number of body characters (37 × 12 pt = 444 pt, margins
/// ≈ 26.7 mm): lines of pure Chinese then need no stretching at all and the
/// characters of successive lines stand in columns, as in a printed 公文.
pub const MEASURE: f32 = 37.0 * BODY_SIZE;
pub const MARGIN_X: f32 = (PAGE_W - MEASURE) / 2.0;
pub const MARGIN_TOP: f32 = 70.87; // 25 mm
/// Body text stops here; below are the footer rule and the footer.
pub const CONTENT_BOTTOM: f32 = PAGE_H - 70.87;
pub const FOOTER_RULE_Y: f32 = PAGE_H - 56.0;
pub const FOOTER_BASELINE: f32 = PAGE_H - 42.5; // 15 mm from the bottom edge
pub const FOOTER_SIZE: f32 = 9.0;

/// A run of text drawn with one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub face: usize,
    pub text: String,
}

/// One line of text: its own text section in the PDF (`SetTextCursor` is relative
/// inside a section, so every line starts a fresh one at an absolute position).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x: f32,
    /// Baseline, from the top of the page.
    pub baseline: f32,
    pub size: f32,
    /// Extra points after every glyph (PDF `Tc`), for justification.
    pub spacing: f32,
    /// 0.0 black … 1.0 white.
    pub gray: f32,
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextLine),
    /// Image `index` (into the composer's image list) in the box x, top, w, h.
    Image {
        index: usize,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    /// A two-dimensional code: `width` × `width` modules of side `module`, row by row
    /// (`true` = black), its top-left corner at x, top.
    Matrix {
        x: f32,
        top: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A line after breaking: runs per face, ready to place.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    pub runs: Vec<Run>,
    pub natural: f32,
    pub spacing: f32,
}

/// Text as it is printed: the one rule of `signdesk_base::text::printable` (NFC; line
/// breaks kept, tabs as spaces; control and invisible format characters — variation
/// selectors, zero-width spaces and joiners, BOM, soft hyphen — dropped, since no font
/// draws them and they would otherwise be reported as missing glyphs; ends trimmed).
pub fn normalize(text: &str) -> String {
    signdesk_base::text::printable(text)
}

/// Places items on pages top to bottom.
pub struct Composer<'f> {
    pub fonts: &'f Fonts,
    /// Decoded PNGs remembered across documents (the typesetter's).
    pub memo: &'f crate::images::ImageMemo,
    pub pages: Vec<Page>,
    /// Top of the next free line on the current page.
    pub y: f32,
    /// Decoded images, in order of first use (`Item::Image::index`).
    pub images: Vec<crate::images::Decoded>,
}

impl<'f> Composer<'f> {
    pub fn new(fonts: &'f Fonts, memo: &'f crate::images::ImageMemo) -> Self {
        Composer {
            fonts,
            memo,
            pages: vec![Page::default()],
            y: MARGIN_TOP,
            images: Vec::new(),
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Whether the current page is still empty (no need to break before a block).
    pub fn at_page_top(&self) -> bool {
        self.pages.last().is_none_or(|p| p.items.is_empty())
    }

    pub fn room(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    /// Starts a new page unless `height` fits below the cursor.
    pub fn ensure(&mut self, height: f32) {
        if height > self.room() + 0.01 && !self.at_page_top() {
            self.new_page();
        }
    }

    pub fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
        }
    }

    /// Breaks `text` into lines of `first_width` then `width` points.
    pub fn set_lines(
        &self,
        style: Style,
        text: &str,
        size: f32,
        first_width: f32,
        width: f32,
    ) -> Result<Vec<SetLine>, RenderError> {
        let mut glyphs = Vec::with_capacity(text.len());
        let mut faces = Vec::with_capacity(text.len());
        for ch in text.chars() {
            if ch == '\n' {
                glyphs.push(Glyph { ch, width: 0.0 });
                faces.push(0);
                continue;
            }
            let r = self.fonts.resolve_or_err(style, ch)?;
            glyphs.push(Glyph {
                ch,
                width: r.advance_em * size,
            });
            faces.push(r.face);
        }
        let lines = break_lines(&glyphs, first_width, width);
        Ok(lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut runs: Vec<Run> = Vec::new();
                for k in l.start..l.end {
                    match runs.last_mut() {
                        Some(r) if r.face == faces[k] => r.text.push(glyphs[k].ch),
                        _ => runs.push(Run {
                            face: faces[k],
                            text: glyphs[k].ch.to_string(),
                        }),
                    }
                }
                let w = if i == 0 { first_width } else { width };
                SetLine {
                    runs,
                    natural: l.natural,
                    spacing: l.char_spacing(w),
                }
            })
            .collect())
    }

    /// One line of text in one style, not justified, as a single item.
    pub fn simple_line(
        &self,
        style: Style,
        text: &str,
        size: f32,
        x: f32,
        baseline: f32,
        gray: f32,
    ) -> Result<Item, RenderError> {
        let set = self.set_lines(style, text, size, f32::INFINITY, f32::INFINITY)?;
        let runs = set.into_iter().flat_map(|l| l.runs).collect();
        Ok(Item::Text(TextLine {
            x,
            baseline,
            size,
            spacing: 0.0,
            gray,
            runs,
        }))
    }

    /// Baseline that centres a `size` em box in a line box of `leading` at `top`.
    pub fn baseline(top: f32, leading: f32, size: f32) -> f32 {
        // CJK faces put the ideographic em box from -0.12 em to 0.88 em.
        top + (leading - size) / 2.0 + 0.88 * size
    }

    /// Adds the footer to every page: a hairline, `第 N 页 共 M 页` centred and the
    /// document number at the right.
    pub fn add_footers(&mut self, number: &str) -> Result<(), RenderError> {
        let total = self.pages.len();
        let number_text = format!("编号：{number}");
        let number_w = self
            .fonts
            .measure(Style::Serif, &number_text, FOOTER_SIZE)?;
        for i in 0..total {
            // En spaces (U+2002): a plain space between CJK characters is dropped by
            // text extraction (poppler), an en space comes back as " ".
            let folio = format!(
                "第\u{2002}{}\u{2002}页\u{2002}共\u{2002}{}\u{2002}页",
                i + 1,
                total
            );
            let folio_w = self.fonts.measure(Style::Serif, &folio, FOOTER_SIZE)?;
            let items = vec![
                Item::Rule {
                    x1: MARGIN_X,
                    y1: FOOTER_RULE_Y,
                    x2: MARGIN_X + MEASURE,
                    y2: FOOTER_RULE_Y,
                    width: 0.4,
                    gray: 0.55,
                },
                self.simple_line(
                    Style::Serif,
                    &folio,
                    FOOTER_SIZE,
                    (PAGE_W - folio_w) / 2.0,
                    FOOTER_BASELINE,
                    0.3,
                )?,
                self.simple_line(
                    Style::Serif,
                    &number_text,
                    FOOTER_SIZE,
                    MARGIN_X + MEASURE - number_w,
                    FOOTER_BASELINE,
                    0.3,
                )?,
            ];
            self.pages[i].items.extend(items);
        }
        Ok(())
    }
}

/// A text dump of the laid-out pages: one line per item with positions rounded to
/// 0.1 pt. The layout snapshot test compares it with a committed file.
pub fn dump(pages: &[Page]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, p) in pages.iter().enumerate() {
        let _ = writeln!(out, "== page {}", i + 1);
        for item in &p.items {
            let _ = match item {
                Item::Text(t) => writeln!(
                    out,
                    "T x={:.1} y={:.1} s={:.1} tc={:.3} |{}|",
                    t.x,
                    t.baseline,
                    t.size,
                    t.spacing,
                    t.runs
                        .iter()
                        .map(|r| if r.face < 2 {
                            r.text.clone()
                        } else {
                            format!("[{}:{}]", r.face, r.text)
                        })
                        .collect::<String>()
                ),
                Item::Image {
                    index,
                    x,
                    top,
                    w,
                    h,
                } => writeln!(out, "I #{index} x={x:.1} y={top:.1} w={w:.1} h={h:.1}"),
                Item::Rule { x1, y1, x2, y2, .. } => {
                    writeln!(out, "R {x1:.1},{y1:.1} {x2:.1},{y2:.1}")
                }
                Item::Matrix {
                    x,
                    top,
                    module,
                    width,
                    ..
                } => writeln!(out, "Q x={x:.1} y={top:.1} {width}×{module:.2}"),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_invisible_characters() {
        assert_eq!(
            normalize("\u{FEFF} 葛\u{E0100}优\u{200B}\t秀\r\n好 "),
            "葛优 秀\n好"
        );
    }
}
