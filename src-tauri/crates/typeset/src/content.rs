//! A page's items → printpdf's content-stream operations: text runs by glyph slot,
//! images placed in points, rules, and a two-dimensional code as one filled path.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color, CurTransMat, DictItem, FontId, Greyscale, Line, LinePoint, Op, PdfFontHandle,
    Point, Pt, TextItem, XObjectId, XObjectTransform,
};

use crate::fonts::Face;
use crate::page::{Item, TextLine, PAGE_H};

/// One face as used by this document: its characters (sorted) and resource name.
pub(crate) struct FaceUse<'f> {
    pub(crate) face: &'f Face,
    pub(crate) chars: Vec<char>,
    pub(crate) id: FontId,
}

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// The resource name of the document's image `i` (`Im1`, `Im2`, …).
pub(crate) fn image_id(i: usize) -> XObjectId {
    XObjectId(format!("Im{}", i + 1))
}

/// A point of the layout (y down from the top) in PDF space (y up).
fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_H - y),
        },
        bezier: false,
    }
}

/// The operations of one page. Fill colour, character spacing (Tc) and font are
/// graphics state: they last across text objects to the end of the page's content
/// stream, so each is set only when it changes (the rules set their stroke colour
/// inside q … Q).
struct Stream<'a, 'f> {
    faces: &'a BTreeMap<usize, FaceUse<'f>>,
    ops: Vec<Op>,
    fill: Option<f32>,
    spacing: Option<f32>,
    font: Option<(usize, f32)>,
}

pub(crate) fn ops_for(
    items: &[Item],
    faces: &BTreeMap<usize, FaceUse>,
    parts: &[[f32; 4]],
) -> Vec<Op> {
    let mut s = Stream {
        faces,
        ops: Vec::with_capacity(items.len() * 4),
        fill: None,
        spacing: None,
        font: None,
    };
    for item in items {
        match item {
            Item::Text(t) => s.text(t),
            Item::Image {
                index,
                x,
                top,
                w,
                h,
            } => {
                // The image may be only part of the layout's box (transparent margins
                // cropped).
                let [l, t, r, b] = parts.get(*index).copied().unwrap_or([0.0, 0.0, 1.0, 1.0]);
                s.image(*index, x + w * l, top + h * t, w * (r - l), h * (b - t));
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                gray: g,
            } => s.rule(point(*x1, *y1), point(*x2, *y2), *width, *g),
            Item::Matrix {
                x,
                top,
                module,
                width,
                dark,
            } => s.matrix(*x, *top, *module, *width, dark),
        }
    }
    s.ops
}

impl Stream<'_, '_> {
    fn text(&mut self, t: &TextLine) {
        if t.runs.iter().all(|r| r.text.is_empty()) {
            return;
        }
        self.ops.push(Op::StartTextSection);
        if self.fill != Some(t.gray) {
            self.fill = Some(t.gray);
            self.ops.push(Op::SetFillColor { col: gray(t.gray) });
        }
        if self.spacing != Some(t.spacing) {
            self.spacing = Some(t.spacing);
            self.ops.push(Op::SetCharacterSpacing {
                multiplier: t.spacing,
            });
        }
        self.ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(t.x),
                y: Pt(PAGE_H - t.baseline),
            },
        });
        for r in &t.runs {
            let Some(f) = self.faces.get(&r.face).filter(|_| !r.text.is_empty()) else {
                continue;
            };
            if self.font != Some((r.face, t.size)) {
                self.font = Some((r.face, t.size));
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(f.id.clone()),
                    size: Pt(t.size),
                });
            }
            // Glyph ids (each character's slot in the pre-subset) with the character
            // for /ToUnicode: printpdf would otherwise look every character up twice
            // (used glyphs, then the content stream) in a cmap it scans linearly, one
            // group per character here.
            let glyphs = r
                .text
                .chars()
                .map(|c| {
                    let slot = f.chars.binary_search(&c).map_or(0, |i| i + 1);
                    Codepoint::with_cid(slot as u16, 0.0, c.to_string())
                })
                .collect();
            self.ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(glyphs)],
            });
        }
        self.ops.push(Op::EndTextSection);
    }

    /// Our layout gives the size in points: place the unit square ourselves rather
    /// than printpdf's pixels-at-300-dpi default.
    fn image(&mut self, index: usize, x: f32, top: f32, w: f32, h: f32) {
        self.ops.push(Op::UseXobject {
            id: image_id(index),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_H - top - h)),
                scale_x: Some(w),
                scale_y: Some(h),
                no_auto_scale: true,
                ..Default::default()
            },
        });
    }

    fn rule(&mut self, from: LinePoint, to: LinePoint, width: f32, g: f32) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineColor { col: gray(g) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![from, to],
                is_closed: false,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// The code as one filled path in module units: a `cm` puts module (col, row) at
    /// its place on the page (rows downwards), then one `re` per rectangle of
    /// [`matrix_rects`] with small whole numbers. As one path (one fill, nonzero),
    /// neighbouring rectangles leave no anti-aliasing seams between them; in module
    /// units the operands are a few digits instead of page coordinates in points
    /// (the record page's content stream was 49 KB raw, 8.6 KB deflated, for a
    /// 45-module code).
    fn matrix(&mut self, x: f32, top: f32, module: f32, width: usize, dark: &[bool]) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: gray(0.0) });
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([module, 0.0, 0.0, -module, x, PAGE_H - top]),
        });
        let int = |v: usize| DictItem::Int(v as i64);
        for [col, row, w, h] in matrix_rects(width, dark) {
            // `re` as an operator printpdf passes through (it has no typed op for a
            // rectangle added to a path); see `pdf.rs` `PdfSaveOptions::secure`.
            self.ops.push(Op::Unknown {
                key: "re".into(),
                value: vec![int(col), int(row), int(w), int(h)],
            });
        }
        self.ops.push(Op::Unknown {
            key: "f".into(),
            value: Vec::new(),
        });
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// The black modules of a `width` × `width` code as rectangles in module units
/// (column, row, width, height; rows downwards): each horizontal run of black modules,
/// joined with the same run in the rows below it (the finder patterns' sides, the
/// timing columns), a few hundred rectangles rather than a thousand squares.
fn matrix_rects(width: usize, dark: &[bool]) -> Vec<[usize; 4]> {
    let mut rects: Vec<[usize; 4]> = Vec::new();
    // The rectangles that reach the previous row, by their columns (start, end).
    let mut open: Vec<((usize, usize), usize)> = Vec::new();
    for (row, cells) in dark.chunks(width.max(1)).enumerate() {
        let mut next = Vec::new();
        let mut col = 0;
        while col < cells.len() {
            if !cells[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < cells.len() && cells[col] {
                col += 1;
            }
            let run = (start, col);
            let i = match open.iter().find(|(r, _)| *r == run) {
                Some(&(_, i)) => {
                    rects[i][3] += 1;
                    i
                }
                None => {
                    rects.push([start, row, col - start, 1]);
                    rects.len() - 1
                }
            };
            next.push((run, i));
        }
        open = next;
    }
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_rects_cover_exactly_the_black_modules() {
        let code = qrcode::QrCode::new(b"SD-2027-000001 example of a scan code").unwrap();
        let width = code.width();
        let dark: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|m| m == qrcode::Color::Dark)
            .collect();
        let mut covered = vec![0u8; dark.len()];
        let rects = matrix_rects(width, &dark);
        for [col, row, w, h] in &rects {
            for r in *row..row + h {
                for c in *col..col + w {
                    covered[r * width + c] += 1;
                }
            }
        }
        for (i, (&d, &n)) in dark.iter().zip(&covered).enumerate() {
            assert_eq!(n, u8::from(d), "module {i}: black {d}, covered {n} times");
        }
        let runs: usize = dark
            .chunks(width)
            .map(|row| row.windows(2).filter(|w| w[1] && !w[0]).count() + usize::from(row[0]))
            .sum();
        assert!(
            rects.len() < runs,
            "{} rectangles, {runs} runs",
            rects.len()
        );
    }
}
