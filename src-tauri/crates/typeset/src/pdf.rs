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
//!   the Info dictionary ourselves from `Meta`;
//! - speed: it scans and compresses images at zlib level 9 and lopdf's `compress()`
//!   also uses level 9 — together two thirds of the render time. We write the image
//!   XObjects (RGB + SMask) ourselves and compress all streams at level 6.

use lopdf::{Object, StringFormat};
use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use crate::error::RenderError;
use crate::fonts::Fonts;
use crate::page::{Item, PAGE_H};
use crate::signature::Bitmap;
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

fn ops_for(items: &[Item], fonts: &Fonts, used: &mut [bool]) -> Vec<Op> {
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
                h,
            } => {
                // The image XObjects are added to the lopdf document afterwards, so
                // printpdf does not know their pixel size: place the unit square.
                ops.push(Op::UseXobject {
                    id: image_id(*index),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(PAGE_H - top - h)),
                        scale_x: Some(*w),
                        scale_y: Some(*h),
                        no_auto_scale: true,
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

/// Zlib level for fonts and page content: 6 is within a few per cent of 9 in size.
const ZLIB_LEVEL: u32 = 6;
/// Signature bitmaps are mostly blank. Measured on the sample (3 images, 790 KB raw):
/// level 1 → 33 ms/doc, 138 KB; level 3 → 35–38 ms, 128 KB; level 6 → 39 ms, 125 KB.
const IMAGE_ZLIB_LEVEL: u32 = 3;

fn deflate(data: &[u8]) -> Vec<u8> {
    deflate_at(data, ZLIB_LEVEL)
}

fn deflate_at(data: &[u8], level: u32) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4),
        flate2::Compression::new(level),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

fn image_stream(width: usize, height: usize, gray: bool, samples: &[u8]) -> lopdf::Stream {
    let mut dict = lopdf::Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(width as i64));
    dict.set("Height", Object::Integer(height as i64));
    let cs: &[u8] = if gray { b"DeviceGray" } else { b"DeviceRGB" };
    dict.set("ColorSpace", Object::Name(cs.to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    lopdf::Stream::new(dict, deflate_at(samples, IMAGE_ZLIB_LEVEL)).with_compression(false)
}

/// Adds the images (with their SMasks) to the XObject dictionary shared by all pages.
fn add_images(lo: &mut lopdf::Document, images: &[Bitmap]) -> Result<(), RenderError> {
    if images.is_empty() {
        return Ok(());
    }
    let missing = || RenderError::Pdf("页面资源中缺少 XObject 字典".into());
    let first_page = *lo.get_pages().values().next().ok_or_else(missing)?;
    let resources = lo
        .get_dictionary(first_page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(Object::as_reference)
        .map_err(|_| missing())?;
    let xobjects = lo
        .get_dictionary(resources)
        .and_then(|r| r.get(b"XObject"))
        .and_then(Object::as_reference)
        .map_err(|_| missing())?;
    let mut entries = Vec::with_capacity(images.len());
    for (i, img) in images.iter().enumerate() {
        let mut stream = image_stream(img.width, img.height, false, &img.rgb);
        if let Some(alpha) = &img.alpha {
            let smask = lo.add_object(image_stream(img.width, img.height, true, alpha));
            stream.dict.set("SMask", Object::Reference(smask));
        }
        entries.push((image_id(i).0, lo.add_object(stream)));
    }
    let dict = lo.get_dictionary_mut(xobjects).map_err(|_| missing())?;
    for (name, id) in entries {
        dict.set(name.into_bytes(), Object::Reference(id));
    }
    Ok(())
}

/// `Document::compress` at [`ZLIB_LEVEL`] instead of lopdf's fixed level 9.
fn compress(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        if let Object::Stream(s) = obj {
            if !s.allows_compression || s.dict.get(b"Filter").is_ok() {
                continue;
            }
            let packed = deflate(&s.content);
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(packed);
            }
        }
    }
}

pub fn write(doc: &Document, fonts: &Fonts, composed: &Composed) -> Result<Vec<u8>, RenderError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    let mut used = vec![false; fonts.face_count()];
    let pages: Vec<PdfPage> = composed
        .pages
        .iter()
        .map(|p| PdfPage::new(Mm(210.0), Mm(297.0), ops_for(&p.items, fonts, &mut used)))
        .collect();
    for (i, face) in fonts.faces().iter().enumerate() {
        if used[i] {
            pdf.resources.fonts.map.insert(
                fonts.face_font_id(i),
                printpdf::PdfFont::new(face.font.clone()),
            );
        }
    }
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    add_images(&mut lo, &composed.images)?;

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
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(out)
}
