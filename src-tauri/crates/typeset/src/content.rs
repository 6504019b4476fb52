//! A page's items → printpdf's content-stream operations: text runs by glyph slot,
//! images placed in points, rules, and a two-dimensional code as one filled path.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point,
    Polygon, PolygonRing, Pt, TextItem, WindingOrder, XObjectId, XObjectTransform,
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
            } => s.matrix(matrix_polygon(*x, *top, *module, *width, dark)),
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

    fn matrix(&mut self, polygon: Polygon) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: gray(0.0) });
        self.ops.push(Op::DrawPolygon { polygon });
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// One filled path for the whole code: a rectangle per horizontal run of black
/// modules (a few hundred rectangles rather than a thousand squares).
fn matrix_polygon(x: f32, top: f32, module: f32, width: usize, dark: &[bool]) -> Polygon {
    let mut rings = Vec::new();
    for (row, cells) in dark.chunks(width.max(1)).enumerate() {
        let y0 = top + row as f32 * module;
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
            let (x0, x1) = (x + start as f32 * module, x + col as f32 * module);
            rings.push(PolygonRing {
                points: vec![
                    point(x0, y0),
                    point(x1, y0),
                    point(x1, y0 + module),
                    point(x0, y0 + module),
                ],
            });
        }
    }
    Polygon {
        rings,
        mode: PaintMode::Fill,
        winding_order: WindingOrder::NonZero,
    }
}
