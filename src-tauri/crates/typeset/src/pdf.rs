//! Page model → PDF bytes, deterministically, written directly with lopdf.
//!
//! Fonts are Type 0 / CIDFontType2 with Identity-H codes: every distinct character of a
//! face gets its own code (1, 2, 3 … in character order) and its own glyph slot in the
//! subset, so /ToUnicode maps each code to exactly one character and text extraction
//! gives back what was printed, even when a font draws two characters with one glyph.
//! The subset tag is derived from the face and its characters, resource names and the
//! trailer /ID from the input: the same input gives the same bytes. Images are RGB
//! XObjects with an SMask for alpha (PDF 1.4).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::error::RenderError;
use crate::fonts::{Face, Fonts};
use crate::page::{Item, PAGE_H, PAGE_W};
use crate::signature::Bitmap;
use crate::{Composed, Document, Meta};

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// A number for a content stream: at most 4 decimals, no trailing zeros, no `-0`.
fn num(out: &mut String, v: f32) {
    let r = (v * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        out.push('0');
    } else if r.fract() == 0.0 {
        let _ = write!(out, "{}", r as i64);
    } else {
        let s = format!("{r:.4}");
        out.push_str(s.trim_end_matches('0'));
    }
}

/// The characters one face draws in this document, with their codes.
struct FaceUse<'f> {
    face: &'f Face,
    /// Character → code (= glyph id in the subset).
    codes: BTreeMap<char, u16>,
}

fn collect_faces<'f>(
    composed: &Composed,
    fonts: &'f Fonts,
) -> Result<BTreeMap<usize, FaceUse<'f>>, RenderError> {
    let mut chars: BTreeMap<usize, BTreeSet<char>> = BTreeMap::new();
    for page in &composed.pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                for r in &t.runs {
                    chars.entry(r.face).or_default().extend(r.text.chars());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (i, set) in chars {
        if set.is_empty() {
            continue;
        }
        let face = fonts
            .face(i)
            .ok_or_else(|| RenderError::Font(format!("第 {i} 号字体无法读取")))?;
        let codes = set
            .into_iter()
            .enumerate()
            .map(|(n, ch)| (ch, n as u16 + 1))
            .collect();
        out.insert(i, FaceUse { face, codes });
    }
    Ok(out)
}

fn content_stream(items: &[Item], faces: &BTreeMap<usize, FaceUse>) -> String {
    let mut s = String::with_capacity(items.len() * 80);
    for item in items {
        match item {
            Item::Text(t) => {
                if t.runs.iter().all(|r| r.text.is_empty()) {
                    continue;
                }
                s.push_str("BT\n");
                num(&mut s, t.gray.clamp(0.0, 1.0));
                s.push_str(" g\n");
                // Tc persists across text objects: always set it, 0 included.
                num(&mut s, t.spacing);
                s.push_str(" Tc\n");
                num(&mut s, t.x);
                s.push(' ');
                num(&mut s, PAGE_H - t.baseline);
                s.push_str(" Td\n");
                for r in &t.runs {
                    let Some(f) = faces.get(&r.face).filter(|_| !r.text.is_empty()) else {
                        continue;
                    };
                    let _ = write!(s, "/{} ", f.face.pdf_id);
                    num(&mut s, t.size);
                    s.push_str(" Tf\n<");
                    for ch in r.text.chars() {
                        let _ = write!(s, "{:04X}", f.codes.get(&ch).copied().unwrap_or(0));
                    }
                    s.push_str("> Tj\n");
                }
                s.push_str("ET\n");
            }
            Item::Image {
                index,
                x,
                top,
                w,
                h,
            } => {
                s.push_str("q\n");
                for v in [*w, 0.0, 0.0, *h, *x, PAGE_H - top - h] {
                    num(&mut s, v);
                    s.push(' ');
                }
                let _ = writeln!(s, "cm\n/Im{} Do\nQ", index + 1);
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                gray: g,
            } => {
                s.push_str("q\n");
                num(&mut s, g.clamp(0.0, 1.0));
                s.push_str(" G\n");
                num(&mut s, *width);
                s.push_str(" w\n");
                for (x, y, op) in [(x1, y1, " m\n"), (x2, y2, " l\nS\nQ\n")] {
                    num(&mut s, *x);
                    s.push(' ');
                    num(&mut s, PAGE_H - y);
                    s.push_str(op);
                }
            }
        }
    }
    s
}

/// Six capital letters from the face and its characters: a different subset gets a
/// different tag, the same one the same tag.
fn subset_tag(f: &FaceUse) -> String {
    let mut h = Sha256::new();
    h.update(f.face.pdf_id.as_bytes());
    for ch in f.codes.keys() {
        h.update(u32::from(*ch).to_be_bytes());
    }
    h.finalize()[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

/// `/ToUnicode`: code → character, in blocks of at most 100 as the CMap syntax asks.
fn to_unicode(codes: &BTreeMap<char, u16>) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let pairs: Vec<(&char, &u16)> = codes.iter().collect();
    for block in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (ch, code) in block {
            let _ = write!(s, "<{code:04X}> <");
            let mut buf = [0u16; 2];
            for u in ch.encode_utf16(&mut buf) {
                let _ = write!(s, "{u:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

fn stream(dict: Dictionary, content: &[u8]) -> Stream {
    let mut dict = dict;
    dict.set("Filter", name("FlateDecode"));
    Stream::new(dict, deflate(content)).with_compression(false)
}

/// The Type 0 font for one face: subset program, descriptor, widths, ToUnicode.
fn add_font(lo: &mut lopdf::Document, f: &FaceUse) -> ObjectId {
    let sfnt = &f.face.sfnt;
    // Glyph of each code, in code order (1, 2, …): the subset's glyphs 1, 2, ….
    let gids: Vec<u16> = f
        .codes
        .keys()
        .map(|&ch| sfnt.glyph(ch).unwrap_or(0))
        .collect();
    let (program, _) = sfnt.subset(&gids);
    let base = format!("{}+{}", subset_tag(f), f.face.name);
    let scale = 1000.0 / f32::from(sfnt.units_per_em);
    let em = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    let m = &sfnt.metrics;

    let mut file = Dictionary::new();
    file.set("Length1", Object::Integer(program.len() as i64));
    let file = lo.add_object(stream(file, &program));

    let flags = 4 | if m.italic_angle != 0.0 { 64 } else { 0 }; // symbolic, italic
    let stem_v = 50 + (f32::from(m.weight) / 65.0).powi(2).round() as i64;
    let descriptor = lo.add_object(Dictionary::from_iter(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(&base)),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(m.bbox.iter().map(|&v| em(v)).collect()),
        ),
        ("ItalicAngle", Object::Real(m.italic_angle)),
        ("Ascent", em(m.ascent)),
        ("Descent", em(m.descent)),
        ("CapHeight", em(m.cap_height.unwrap_or(m.ascent))),
        ("StemV", Object::Integer(stem_v)),
        ("FontFile2", Object::Reference(file)),
    ]));

    let widths: Vec<Object> = std::iter::once(0)
        .chain(gids.iter().copied())
        .map(|g| {
            let w = f32::from(sfnt.advance(g)) * scale;
            if w.fract() == 0.0 {
                Object::Integer(w as i64)
            } else {
                Object::Real((w * 1000.0).round() / 1000.0)
            }
        })
        .collect();
    let cid_font = lo.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("CIDFontType2")),
        ("BaseFont", name(&base)),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
        ("CIDToGIDMap", name("Identity")),
    ]));
    let cmap = lo.add_object(stream(Dictionary::new(), &to_unicode(&f.codes)));
    lo.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&base)),
        ("Encoding", name("Identity-H")),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(cmap)),
    ]))
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
    info.set("Producer", text_string("signdesk-typeset"));
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

/// Zlib level for fonts and page content. The font programs (glyph outlines, barely
/// compressible) are the largest cost of a render: level 1 would save ~2 ms/doc but
/// add ~20 KB; levels 2–5 are within 3 KB and 1 ms of 6.
const ZLIB_LEVEL: u32 = 6;
/// Signature bitmaps are mostly blank. Measured on the sample (zlib-rs, 3 images,
/// 790 KB raw): level 2 is the fastest and smaller than 1 and 3 (~12 KB in all).
const IMAGE_ZLIB_LEVEL: u32 = 2;

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

/// The image XObjects (with their SMasks), as (resource name, object).
fn add_images(lo: &mut lopdf::Document, images: &[Bitmap]) -> Dictionary {
    let mut dict = Dictionary::new();
    for (i, img) in images.iter().enumerate() {
        let mut stream = image_stream(img.width, img.height, false, &img.rgb);
        if let Some(alpha) = &img.alpha {
            let smask = lo.add_object(image_stream(img.width, img.height, true, alpha));
            stream.dict.set("SMask", Object::Reference(smask));
        }
        dict.set(
            format!("Im{}", i + 1),
            Object::Reference(lo.add_object(stream)),
        );
    }
    dict
}

pub fn write(doc: &Document, fonts: &Fonts, composed: &Composed) -> Result<Vec<u8>, RenderError> {
    let faces = collect_faces(composed, fonts)?;
    let mut lo = lopdf::Document::with_version("1.4");
    let pages_id = lo.new_object_id();

    let mut font_dict = Dictionary::new();
    for f in faces.values() {
        let id = add_font(&mut lo, f);
        font_dict.set(f.face.pdf_id.clone(), Object::Reference(id));
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    if !composed.images.is_empty() {
        let images = add_images(&mut lo, &composed.images);
        resources.set("XObject", Object::Dictionary(images));
    }
    let resources = lo.add_object(resources);

    let mut kids = Vec::with_capacity(composed.pages.len());
    for page in &composed.pages {
        let content = content_stream(&page.items, &faces);
        let contents = lo.add_object(stream(Dictionary::new(), content.as_bytes()));
        kids.push(Object::Reference(lo.add_object(Dictionary::from_iter(
            vec![
                ("Type", name("Page")),
                ("Parent", Object::Reference(pages_id)),
                (
                    "MediaBox",
                    Object::Array(vec![
                        Object::Integer(0),
                        Object::Integer(0),
                        Object::Real(PAGE_W),
                        Object::Real(PAGE_H),
                    ]),
                ),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(contents)),
            ],
        ))));
    }
    let count = kids.len() as i64;
    lo.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog = lo.add_object(Dictionary::from_iter(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    let info = lo.add_object(info_dict(&doc.meta));
    lo.trailer.set("Root", Object::Reference(catalog));
    lo.trailer.set("Info", Object::Reference(info));
    let id = file_id(doc, composed);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(out)
}
