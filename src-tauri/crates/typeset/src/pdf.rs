//! Page model → PDF bytes, deterministically.
//!
//! printpdf 0.12.8 does the heavy lifting (font subsetting with ToUnicode maps, image
//! XObjects with an SMask for alpha), but three things it does are wrong for us and
//! are fixed here on the lopdf document before saving:
//! - its resource ids and the trailer /ID are pseudo-random per call — we name fonts
//!   and images ourselves and derive /ID from a SHA-256 of the input, so the same input
//!   gives the same bytes;
//! - it writes a PDF 1.3 header although SMask transparency needs 1.4;
//! - its Info dates are 1970 (UTC only) and non-ASCII strings are not UTF-16 — we write
//!   the Info dictionary ourselves from `Meta`.

use lopdf::{Object, StringFormat};
use printpdf::{
    Color, Greyscale, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm, Op,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, XObjectId,
    XObjectTransform,
};
use sha2::{Digest, Sha256};

use crate::error::RenderError;
use crate::fonts::Fonts;
use crate::page::{Item, PAGE_H};
use crate::{Composed, Document, Meta};

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

fn image_id(i: usize) -> XObjectId {
    XObjectId(format!("Im{}", i + 1))
}

fn ops_for(
    items: &[Item],
    fonts: &Fonts,
    images: &[printpdf::RawImage],
    used: &mut [bool],
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 6);
    for item in items {
        match item {
            Item::Text(t) => {
                if t.runs.iter().all(|r| r.text.is_empty()) {
                    continue;
                }
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: gray(t.gray) });
                // Tc persists across text objects: always set it, 0 included.
                ops.push(Op::SetCharacterSpacing {
                    multiplier: t.spacing,
                });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(t.x),
                        y: Pt(PAGE_H - t.baseline),
                    },
                });
                for r in &t.runs {
                    if r.text.is_empty() {
                        continue;
                    }
                    used[r.face] = true;
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(fonts.face_font_id(r.face)),
                        size: Pt(t.size),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(r.text.clone())],
                    });
                }
                ops.push(Op::EndTextSection);
            }
            Item::Image {
                index,
                x,
                top,
                w,
                h: _,
            } => {
                let Some(img) = images.get(*index) else {
                    continue;
                };
                // printpdf sizes images through dpi: pick the dpi that gives width w.
                let dpi = img.width as f32 * 72.0 / w.max(0.01);
                let h_pt = img.height as f32 * 72.0 / dpi;
                ops.push(Op::UseXobject {
                    id: image_id(*index),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(PAGE_H - top - h_pt)),
                        dpi: Some(dpi),
                        ..Default::default()
                    },
                });
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                gray: g,
            } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetOutlineColor { col: gray(*g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(*x1),
                                    y: Pt(PAGE_H - y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(*x2),
                                    y: Pt(PAGE_H - y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
    ops
}

/// UTF-16BE with BOM, as PDF text strings outside ASCII must be.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:20270115093000+08'00'`
fn pdf_date(d: &chrono::DateTime<chrono::FixedOffset>) -> Object {
    let off = d.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    let s = format!(
        "D:{}{}{:02}'{:02}'",
        d.format("%Y%m%d%H%M%S"),
        sign,
        off / 3600,
        off % 3600 / 60
    );
    Object::String(s.into_bytes(), StringFormat::Literal)
}

fn info_dict(meta: &Meta) -> lopdf::Dictionary {
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords.join(", ")));
    info.set("Creator", text_string("SignDesk 签约台"));
    info.set(
        "Producer",
        text_string("signdesk-typeset (printpdf 0.12.8)"),
    );
    info.set("CreationDate", pdf_date(&meta.created));
    info.set(
        "ModDate",
        pdf_date(meta.modified.as_ref().unwrap_or(&meta.created)),
    );
    info
}

/// A stable file identifier: SHA-256 over everything that shapes the output.
fn file_id(doc: &Document, composed: &Composed) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(crate::page::dump(&composed.pages).as_bytes());
    h.update(doc.number.as_bytes());
    h.update(doc.meta.created.to_rfc3339().as_bytes());
    for s in &doc.signatures {
        for png in [&s.signature_png, &s.seal_png].into_iter().flatten() {
            h.update((png.len() as u64).to_be_bytes());
            h.update(png);
        }
    }
    h.finalize()[..16].to_vec()
}

pub fn write(doc: &Document, fonts: &Fonts, composed: &Composed) -> Result<Vec<u8>, RenderError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    let mut used = vec![false; fonts.face_count()];
    let pages: Vec<PdfPage> = composed
        .pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Mm(210.0),
                Mm(297.0),
                ops_for(&p.items, fonts, &composed.images, &mut used),
            )
        })
        .collect();
    for (i, face) in fonts.faces().iter().enumerate() {
        if used[i] {
            pdf.resources.fonts.map.insert(
                fonts.face_font_id(i),
                printpdf::PdfFont::new(face.font.clone()),
            );
        }
    }
    for (i, img) in composed.images.iter().enumerate() {
        pdf.resources
            .xobjects
            .map
            .insert(image_id(i), printpdf::XObject::Image(img.clone()));
    }
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: Some(ImageOptimizationOptions {
            // Lossless: a signature must not pick up JPEG artefacts.
            format: Some(ImageCompression::Flate),
            ..Default::default()
        }),
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);

    lo.version = "1.4".to_string();
    let info = info_dict(&doc.meta);
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(Object::Dictionary(info));
            lo.trailer.set("Info", Object::Reference(id));
        }
    }
    let id = file_id(doc, composed);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(out)
}
