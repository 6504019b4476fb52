//! Page model → PDF bytes with printpdf, deterministically.
//!
//! printpdf writes the document: pages and their content streams, the Type 0 /
//! CIDFontType2 fonts (widths, /ToUnicode), the signature and seal images (image
//! XObjects we encode, see `images.rs`, which printpdf takes through its
//! `XObject::External` and writes with their /SMask), and the Info dictionary. What we hand it
//! per document is small: for each face, a pre-subset font of just the characters the
//! document uses (`Sfnt::presubset`), which printpdf embeds as it is (see
//! [`printpdf_font`]), each character in its own glyph slot, so printpdf's
//! glyph → character /ToUnicode gives back exactly what was printed even where a face
//! draws two characters with one glyph (…/⋯, ①/➀). Resource names are fixed (fonts:
//! a subset tag derived from the face and its characters; images: `Im1`, `Im2`, …).
//!
//! Five things are finished on printpdf's lopdf document before saving, because
//! printpdf 0.12.8 cannot do them:
//! - the trailer /ID: printpdf makes it from a process-wide counter
//!   (`serialize.rs:412–424`, `utils.rs:11` `RAND_SEED`), so two renders of the same
//!   input would differ — we derive it from a SHA-256 of the input;
//! - the header version: printpdf writes PDF 1.3 (`serialize.rs:76`), but SMask
//!   transparency is PDF 1.4;
//! - stream compression level: `PdfDocument::save` compresses with lopdf's
//!   `Document::compress` (`serialize.rs:97`), fixed at zlib level 9 (lopdf
//!   `object.rs:863`); we compress the same streams (fonts, content, ToUnicode) at
//!   level 6 (see `finish::ZLIB_LEVEL`), the font programs piece by piece (`deflate.rs`).
//!   Images come compressed already (`images.rs`);
//! - an empty `/GTS_PDFXVersion` it puts in every Info dictionary, which makes readers
//!   report the file as PDF/X (see `finish::drop_false_pdfx_claim`);
//! - each CIDFont's /W lists every glyph's width, also the /DW ones (see
//!   `finish::compact_widths`).
//!
//! Dates: printpdf writes Info dates in UTC (`utils.rs` `to_pdf_time_stamp_metadata`
//! always appends `+00'00'`), so `Meta.created` 09:41:55+08:00 appears as 01:41:55Z —
//! the same instant.

use lopdf::{Object, StringFormat};
use printpdf::font::AzulParsedFont;
use printpdf::{
    FontId, Mm, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, PrintpdfFontMeta,
};
use rust_fontconfig::FontBytes;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::content::{image_id, ops_for, FaceUse};
use crate::error::RenderError;
use crate::finish::{compact_widths, compress, drop_false_pdfx_claim};
use crate::fonts::{Face, Fonts};
use crate::page::Item;
use crate::sfnt::Presubset;
use crate::typesetter::Typesetter;
use crate::{Composed, Document, Meta};

/// Six capital letters from the face and its characters: printpdf uses the resource
/// name as the subset tag, and a different subset should get a different tag.
fn subset_tag(face: &Face, chars: &[char], salt: u8) -> String {
    let mut h = Sha256::new();
    h.update(face.pdf_id.as_bytes());
    h.update([salt]);
    for ch in chars {
        h.update(u32::from(*ch).to_be_bytes());
    }
    h.finalize()[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect()
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
    let mut tags = BTreeSet::new();
    for (i, set) in chars {
        if set.is_empty() {
            continue;
        }
        let face = fonts.face(i).ok_or_else(|| RenderError::Font {
            what: format!("第 {i} 号字体无法读取"),
            detail: String::new(),
        })?;
        let chars: Vec<char> = set.into_iter().collect();
        // Tags are also resource names: two faces must not share one.
        let mut salt = 0;
        let mut tag = subset_tag(face, &chars, salt);
        while !tags.insert(tag.clone()) {
            salt += 1;
            tag = subset_tag(face, &chars, salt);
        }
        out.insert(
            i,
            FaceUse {
                face,
                chars,
                id: FontId(tag),
            },
        );
    }
    Ok(out)
}

/// A date for printpdf's Info dictionary. printpdf writes every date as UTC
/// (`D:…+00'00'`, `utils.rs` `to_pdf_time_stamp_metadata`), so it gets the UTC time of
/// the same instant.
fn pdf_date(
    d: &chrono::DateTime<chrono::FixedOffset>,
) -> Result<printpdf::OffsetDateTime, RenderError> {
    printpdf::OffsetDateTime::from_unix_timestamp(d.timestamp()).map_err(|e| RenderError::Pdf {
        what: "签署时间无效",
        detail: e.to_string(),
    })
}

fn set_info(pdf: &mut PdfDocument, meta: &Meta) -> Result<(), RenderError> {
    let info = &mut pdf.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    // One entry: printpdf joins several with "," and we want ", ".
    info.keywords = vec![meta.keywords.join(", ")];
    info.creator = "SignDesk 签约台".into();
    info.producer = "signdesk-typeset (printpdf 0.12.8)".into();
    info.creation_date = pdf_date(&meta.created)?;
    info.modification_date = pdf_date(meta.modified.as_ref().unwrap_or(&meta.created))?;
    info.metadata_date = info.modification_date;
    Ok(())
}

/// One face's pre-subset font as printpdf takes it, made so that printpdf does no
/// more than it must:
/// - it is already a subset, so printpdf embeds it as it is (`requires_subsetting:
///   false`) instead of subsetting it again through allsorts and parsing the result
///   a second time. Its PostScript name carries the subset tag (`ABCDEF+Name`), which
///   printpdf writes as /BaseFont and /FontName;
/// - printpdf reads each glyph's advance for /W through `get_or_decode_glyph`, which
///   decodes the glyph's whole outline when the parsed face has outlines (azul-layout
///   0.0.16 `font.rs` `decode_glyph_inner`; the advance itself comes from hmtx). So the
///   face printpdf parses is the same font without its outline tables
///   ([`Presubset::metrics`]: same hmtx, cmap, head, hhea, OS/2, name), and the font
///   to embed is attached as its source bytes, with azul's `hmtx_range` pointed at the
///   hmtx of those bytes (the offset azul reads advances from). The embedded program,
///   /W, /ToUnicode and the content stream are the same as with the full font parsed.
fn printpdf_font(f: &FaceUse) -> Result<(PdfFont, Presubset), RenderError> {
    let sub = f
        .face
        .sfnt
        .presubset(&f.chars, &format!("{}+{}", f.id.0, f.face.name));
    let mut face =
        AzulParsedFont::from_bytes(&sub.metrics, 0, &mut Vec::new()).ok_or_else(|| {
            RenderError::Font {
                what: "为本文档准备的字体无法生成".into(),
                detail: format!("subset of {} not parsed", f.face.name),
            }
        })?;
    face.hmtx_range = (sub.hmtx.start, sub.hmtx.len());
    face.original_bytes = Some(Arc::new(FontBytes::Owned(Arc::from(sub.font.as_slice()))));
    let meta = PrintpdfFontMeta {
        requires_subsetting: false,
        ..PrintpdfFontMeta::default()
    };
    Ok((PdfFont::with_meta(ParsedFont::from_azul(face), meta), sub))
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

pub fn write(doc: &Document, ts: &Typesetter, composed: Composed) -> Result<Vec<u8>, RenderError> {
    let faces = collect_faces(&composed, &ts.fonts)?;
    let mut pdf = PdfDocument::new(&doc.meta.title);
    set_info(&mut pdf, &doc.meta)?;

    let mut programs = Vec::with_capacity(faces.len());
    for f in faces.values() {
        let (font, program) = printpdf_font(f)?;
        pdf.resources.fonts.map.insert(f.id.clone(), font);
        programs.push(program);
    }
    let id = file_id(doc, &composed);
    // Each image's box in points (every image is placed once).
    let mut boxes = vec![None; composed.images.len()];
    for item in composed.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image { index, w, h, .. } = *item {
            if let Some(b) = boxes.get_mut(index) {
                *b = Some((w, h));
            }
        }
    }
    let mut parts = Vec::with_capacity(boxes.len());
    for (i, (img, b)) in composed.images.iter().zip(boxes).enumerate() {
        let printed = ts.images.printed(img, b);
        parts.push(printed.part);
        pdf.resources
            .xobjects
            .map
            .insert(image_id(i), printed.xobject.clone());
    }
    let pages: Vec<PdfPage> = composed
        .pages
        .iter()
        .map(|p| PdfPage::new(Mm(210.0), Mm(297.0), ops_for(&p.items, &faces, &parts)))
        .collect();
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        // `secure` only drops `Op::Unknown` operators (printpdf 0.12.8 `serialize.rs`
        // `translate_operations`), there for content parsed from other PDFs; every op
        // here is ours, and the code's rectangles are `re` operators (`content.rs`).
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(RenderError::Pdf {
            what: "文档内容无法写成 PDF",
            detail: w.msg.clone(),
        });
    }

    lo.version = "1.4".to_string();
    drop_false_pdfx_claim(&mut lo);
    compact_widths(&mut lo);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    compress(&mut lo, &programs, &ts.pieces);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| RenderError::Pdf {
        what: "文档无法写出",
        detail: e.to_string(),
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finish::compact_w;

    /// printpdf reads /W from the face it parsed (glyph advances through
    /// `get_or_decode_glyph`) and embeds that face's source bytes: with the metrics-only
    /// face, both must still be those of the whole pre-subset font.
    #[test]
    fn printpdf_face_has_the_font_advances_and_embeds_the_whole_font() {
        let fonts = Fonts::noto_only().unwrap();
        let face = fonts.face(0).unwrap();
        let chars = vec!['1', 'A', '…', '⋯', '中', '甲', '，'];
        let use_ = FaceUse {
            face,
            chars: chars.clone(),
            id: FontId("ABCDEF".into()),
        };
        let (font, _) = printpdf_font(&use_).unwrap();
        let name = format!("ABCDEF+{}", face.name);
        let whole = face.sfnt.presubset(&chars, &name).font;
        let parsed = &font.parsed_font;
        assert_eq!(parsed.source_bytes().unwrap().as_slice(), &whole[..]);
        assert_eq!(parsed.font_name.as_deref(), Some(name.as_str()));
        assert!(!font.meta.requires_subsetting);
        for (i, &ch) in chars.iter().enumerate() {
            let slot = i as u16 + 1;
            assert_eq!(parsed.lookup_glyph_index(u32::from(ch)), Some(slot), "{ch}");
            let advance = face.sfnt.advance(face.sfnt.glyph(ch).unwrap());
            assert_eq!(parsed.get_horizontal_advance(slot), advance, "{ch}");
            let decoded = parsed.get_or_decode_glyph(slot).unwrap();
            assert_eq!(decoded.horz_advance, advance, "{ch}");
            assert!(decoded.outline.is_empty(), "{ch}: outline decoded");
        }
    }

    #[test]
    fn widths_keep_only_what_differs_from_the_default() {
        use lopdf::Dictionary;
        let int = Object::Integer;
        let mut f = Dictionary::new();
        f.set("DW", int(1000));
        f.set(
            "W",
            Object::Array(vec![
                int(1),
                Object::Array(vec![int(256), int(580), int(1000), int(1000), int(500)]),
                int(6),
                int(8),
                int(1000),
                int(9),
                Object::Array(vec![int(1000), Object::Real(333.5)]),
                int(20),
                int(21),
                int(250),
            ]),
        );
        compact_w(&mut f);
        let expected = Object::Array(vec![
            int(1),
            Object::Array(vec![int(256), int(580)]),
            int(5),
            Object::Array(vec![int(500)]),
            int(10),
            Object::Array(vec![Object::Real(333.5)]),
            int(20),
            Object::Array(vec![int(250), int(250)]),
        ]);
        assert_eq!(
            format!("{:?}", f.get(b"W").unwrap()),
            format!("{expected:?}")
        );
        // All default: no /W at all.
        let mut all = Dictionary::new();
        all.set("W", Object::Array(vec![int(1), int(3), int(1000)]));
        compact_w(&mut all);
        assert!(all.get(b"W").is_err());
        // Not a form written here: left alone.
        let mut odd = Dictionary::new();
        odd.set("W", Object::Array(vec![int(1), int(3)]));
        compact_w(&mut odd);
        assert!(odd.get(b"W").is_ok());
    }
}
