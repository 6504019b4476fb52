//! What is finished on printpdf's lopdf document before it is saved (see `pdf.rs`):
//! stream compression at our level, the font programs piece by piece, the false PDF/X
//! claim dropped, and /W without the widths /DW already gives.

use lopdf::Object;

use crate::deflate::PieceCache;
use crate::sfnt::Presubset;

/// Zlib level for the streams printpdf leaves uncompressed (fonts, page content,
/// ToUnicode). The font programs — barely compressible glyph outlines, ~125 KB for
/// the sample — are most of it; they are deflated piece by piece and the pieces other
/// documents share are remembered (`deflate.rs`), so a ceremony compresses only the
/// few pieces its names change and the level hardly shows in its time. Roster
/// benchmark (300 renders, same session, 2026-12-07): fonts at 2 → 6 saved 2.2 KB
/// (134.7 → 132.5 KB) at the same 5.9–6.1 ms/doc; the other streams at 2 → 6 another
/// 0.8 KB (131.7 KB), within the noise of the time. A first render (nothing
/// remembered) deflates ~125 KB of outlines at 6 instead of 2. Before the memo, at one
/// stream per font, level 2 was 16.1–16.3 ms/doc against 17.2–17.9 ms at 6.
pub(crate) const ZLIB_LEVEL: u32 = 6;

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::new(ZLIB_LEVEL),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// lopdf's `Document::compress` at [`ZLIB_LEVEL`] instead of its fixed level 9; the
/// font programs (found by their bytes: printpdf embeds them as they are) piece by
/// piece, the pieces other documents share taken from `cache` (see `deflate.rs`).
pub(crate) fn compress(lo: &mut lopdf::Document, programs: &[Presubset], cache: &PieceCache) {
    for obj in lo.objects.values_mut() {
        if let Object::Stream(s) = obj {
            if !s.allows_compression || s.dict.get(b"Filter").is_ok() {
                continue;
            }
            let packed = programs
                .iter()
                .find(|p| p.font == s.content)
                .and_then(|p| crate::deflate::zlib(&p.font, &p.pieces, ZLIB_LEVEL, cache))
                .unwrap_or_else(|| deflate(&s.content));
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(packed);
            }
        }
    }
}

/// printpdf writes `/GTS_PDFXVersion` (and an `/Identifier`) into every Info dictionary,
/// empty for a custom conformance (`serialize.rs:2118–2143` `docinfo_to_dict`); readers
/// take the key's presence to mean PDF/X (pdfinfo: "PDF subtype: PDF/X"), which this
/// file is not. Remove both when empty.
pub(crate) fn drop_false_pdfx_claim(lo: &mut lopdf::Document) {
    let Ok(id) = lo.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(info) = lo.get_dictionary_mut(id) {
        for key in [&b"GTS_PDFXVersion"[..], b"Identifier"] {
            let empty = matches!(info.get(key), Ok(Object::String(s, _)) if s.is_empty());
            if empty {
                info.remove(key);
            }
        }
    }
}

/// printpdf writes every glyph's width into the CIDFont's /W, also those equal to its
/// /DW (1000: every Chinese character) — 1.5–2 KB of `1000 1000 …` per font in a
/// dictionary that is not compressed. Readers take /DW for a glyph /W does not list,
/// so /W keeps only the other widths, as `first [w1 w2 …]` runs of consecutive glyphs.
/// Left as it is if it is not in a form written here (`c [w …]` or `c1 c2 w`).
pub(crate) fn compact_widths(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        if !matches!(font.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Type0") {
            continue;
        }
        let Ok(Object::Array(descendants)) = font.get_mut(b"DescendantFonts") else {
            continue;
        };
        for cid_font in descendants {
            if let Object::Dictionary(cid_font) = cid_font {
                compact_w(cid_font);
            }
        }
    }
}

pub(crate) fn compact_w(cid_font: &mut lopdf::Dictionary) {
    let default = cid_font
        .get(b"DW")
        .and_then(Object::as_float)
        .unwrap_or(1000.0);
    let Ok(Object::Array(w)) = cid_font.get(b"W") else {
        return;
    };
    let mut widths: Vec<(i64, Object)> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Ok(first) = w[i].as_i64() else { return };
        match w.get(i + 1) {
            Some(Object::Array(ws)) => {
                widths.extend((first..).zip(ws.iter().cloned()));
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(width)) = (last.as_i64(), w.get(i + 2)) else {
                    return;
                };
                widths.extend((first..=last).map(|c| (c, width.clone())));
                i += 3;
            }
            None => return,
        }
    }
    widths.sort_by_key(|(c, _)| *c);
    let mut out: Vec<Object> = Vec::new();
    let mut next = None;
    for (c, width) in widths {
        if width.as_float().is_ok_and(|v| v == default) {
            continue;
        }
        match (next, out.last_mut()) {
            (Some(n), Some(Object::Array(run))) if n == c => run.push(width),
            _ => {
                out.push(Object::Integer(c));
                out.push(Object::Array(vec![width]));
            }
        }
        next = Some(c + 1);
    }
    if out.is_empty() {
        cid_font.remove(b"W");
    } else {
        cid_font.set("W", Object::Array(out));
    }
}
