//! Pre-subsetting: a small TrueType font of just the characters one document uses,
//! cut into pieces for compression (see the parent module and `deflate.rs`).

use std::collections::BTreeMap;
use std::ops::Range;

use super::{i16_at, u16_at, u32_at, Sfnt};
use crate::deflate::Piece;

/// A table of a font being built: tag and contents.
type Table = ([u8; 4], Vec<u8>);

/// The tables a font needs only to draw its glyphs (outlines and hinting).
const OUTLINE_TABLES: [[u8; 4]; 5] = [*b"glyf", *b"loca", *b"cvt ", *b"fpgm", *b"prep"];

/// One document's subset of a face (see [`Sfnt::presubset`]).
pub(crate) struct Presubset {
    /// The font program to embed.
    pub(crate) font: Vec<u8>,
    /// The same font without [`OUTLINE_TABLES`]: metrics, cmap and names only, for
    /// printpdf to parse (see `pdf.rs`).
    pub(crate) metrics: Vec<u8>,
    /// Where the hmtx table sits in `font`.
    pub(crate) hmtx: Range<usize>,
    /// `font` cut for compression piece by piece (see `deflate.rs`): at its tables, and
    /// its outlines before every character that [`starts_piece`]. The hinting programs
    /// and the outline pieces are reusable: the same bytes in every document whose
    /// characters between two such cut characters are the same.
    pub(crate) pieces: Vec<Piece>,
}

/// Whether a new piece of outlines starts at `ch`: true for about one character in
/// [`PIECE_EVERY`], chosen by a hash of the character alone. So a piece ends where it
/// ends whatever else the document holds, and a name's characters change only the
/// pieces they fall in (cutting by blocks of code points instead gives pieces of very
/// different sizes). Pieces of ~64 outlines (~15 KB) cost 3 KB of compression for the
/// sample against one piece for all outlines; 16 cost 10 KB (BENCHMARKS.md).
fn starts_piece(ch: char) -> bool {
    (u32::from(ch).wrapping_mul(0x9E37_79B9) >> 8) % PIECE_EVERY == 0
}

const PIECE_EVERY: u32 = 64;

impl Sfnt {
    /// A small TrueType font for one document, which printpdf embeds as it is: glyph 0
    /// is .notdef and glyph i + 1 draws `chars[i]` (each character its own slot, even
    /// where the face draws two characters with one glyph, so printpdf's glyph →
    /// character ToUnicode map stays exact), then the components of composite glyphs.
    /// Tables: the outlines and metrics, a cmap mapping each character to its slot, a
    /// name table with just `postscript_name`, post (version 3), OS/2 and the hinting
    /// programs. `chars` must be sorted and distinct.
    ///
    /// A CIDFontType2 is drawn by glyph id and its text extracted through /ToUnicode,
    /// so a PDF does not need the cmap (ISO 32000-1 9.9), but it stays: without it
    /// Ghostscript draws some stems a pixel thinner (an auto-hinter finds the font's
    /// script through its cmap), and the glyphs are to look the same everywhere.
    pub(crate) fn presubset(&self, chars: &[char], postscript_name: &str) -> Presubset {
        let gids: Vec<u16> = chars
            .iter()
            .map(|&ch| self.glyph(ch).unwrap_or(0))
            .collect();
        let (mut tables, glyph_starts) = self.subset_tables(&gids);
        tables.push((*b"cmap", cmap_for_slots(chars)));
        tables.push((*b"name", name_table(postscript_name)));
        let mut post = self.table(b"post").unwrap_or_default().to_vec();
        post.resize(32, 0);
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        tables.push((*b"post", post));
        if let Some(os2) = self.table(b"OS/2") {
            tables.push((*b"OS/2", os2.to_vec()));
        }
        tables.sort_by_key(|t| t.0);
        let font = build_sfnt(&tables);
        tables.retain(|(tag, _)| !OUTLINE_TABLES.contains(tag));
        let metrics = build_sfnt(&tables);
        let hmtx = table_range(&font, b"hmtx").unwrap_or(0..0);
        let pieces = pieces(&font, chars, &glyph_starts);
        Presubset {
            font,
            metrics,
            hmtx,
            pieces,
        }
    }

    /// The outline tables of a font whose glyph 0 is .notdef and glyph i + 1 is `gids[i]`
    /// (repeats allowed: each gets its own slot), then the components of composite
    /// glyphs. Also where each glyph starts in the new glyf table.
    fn subset_tables(&self, gids: &[u16]) -> (Vec<Table>, Vec<usize>) {
        let mut order: Vec<u16> = std::iter::once(0)
            .chain(
                gids.iter()
                    .map(|&g| if g < self.num_glyphs { g } else { 0 }),
            )
            .collect();
        let mut new_id: BTreeMap<u16, u16> = BTreeMap::new();
        for (i, &g) in order.iter().enumerate() {
            new_id.entry(g).or_insert(i as u16);
        }
        let mut glyphs: Vec<Vec<u8>> = Vec::with_capacity(order.len());
        let mut i = 0;
        while i < order.len() {
            let mut g = self.glyph_data(order[i]).to_vec();
            // Composite: point its components at their new ids, adding them at the end.
            if i16_at(&g, 0).is_some_and(|n| n < 0) {
                let mut at = 10;
                while let (Some(flags), Some(comp)) = (u16_at(&g, at), u16_at(&g, at + 2)) {
                    let next = order.len() as u16;
                    let id = *new_id.entry(comp).or_insert_with(|| {
                        order.push(comp);
                        next
                    });
                    g[at + 2..at + 4].copy_from_slice(&id.to_be_bytes());
                    at += 4 + if flags & 0x1 != 0 { 4 } else { 2 };
                    at += match flags {
                        f if f & 0x8 != 0 => 2,
                        f if f & 0x40 != 0 => 4,
                        f if f & 0x80 != 0 => 8,
                        _ => 0,
                    };
                    if flags & 0x20 == 0 {
                        break;
                    }
                }
            }
            g.resize(g.len().next_multiple_of(4), 0);
            glyphs.push(g);
            i += 1;
        }
        let n = order.len() as u16;

        let mut glyf = Vec::new();
        let mut starts = Vec::with_capacity(glyphs.len() + 1);
        let mut hmtx = Vec::with_capacity(4 * glyphs.len());
        for (g, &old) in glyphs.iter().zip(&order) {
            starts.push(glyf.len());
            glyf.extend_from_slice(g);
            let (adv, lsb) = self.hmetric(old);
            hmtx.extend_from_slice(&adv.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        starts.push(glyf.len());
        // Short offsets (half the offset, 16 bits) while the outlines fit in 128 KB —
        // every glyph starts on a 4-byte boundary — else long ones.
        let short_loca = glyf.len() <= 2 * usize::from(u16::MAX);
        let loca: Vec<u8> = if short_loca {
            starts
                .iter()
                .flat_map(|&s| ((s / 2) as u16).to_be_bytes())
                .collect()
        } else {
            starts
                .iter()
                .flat_map(|&s| (s as u32).to_be_bytes())
                .collect()
        };
        starts.pop();

        let mut head = self.table(b"head").unwrap_or_default().to_vec();
        head.resize(54, 0);
        head[8..12].fill(0); // checkSumAdjustment, set below
        head[50..52].copy_from_slice(&u16::from(!short_loca).to_be_bytes()); // indexToLocFormat
        let mut hhea = self.table(b"hhea").unwrap_or_default().to_vec();
        hhea.resize(36, 0);
        hhea[34..36].copy_from_slice(&n.to_be_bytes());
        let mut maxp = self.table(b"maxp").unwrap_or_default().to_vec();
        maxp.resize(maxp.len().max(6), 0);
        maxp[4..6].copy_from_slice(&n.to_be_bytes());

        let mut tables: Vec<Table> = vec![
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"maxp", maxp),
        ];
        // Hinting programs: glyphs may call into them.
        for tag in [b"cvt ", b"fpgm", b"prep"] {
            if let Some(t) = self.table(tag) {
                tables.push((*tag, t.to_vec()));
            }
        }
        (tables, starts)
    }
}

/// The pieces of a pre-subset font (see [`Presubset::pieces`]): everything up to the
/// outlines (directory, OS/2, cmap — these change with the characters) is one piece,
/// each hinting program one, the outlines one from each character that
/// [`starts_piece`] to the next (.notdef with the first, composite components with the
/// last), the remaining small tables one. Each piece of outlines may refer back into
/// the outlines before it (up to `deflate::WINDOW`), not into the directory and cmap,
/// which change with every name; the pieces made anew each time into everything before
/// them; the hinting programs into nothing.
fn pieces(font: &[u8], chars: &[char], glyph_starts: &[usize]) -> Vec<Piece> {
    let n = usize::from(u16_at(font, 4).unwrap_or(0));
    let mut tables: Vec<([u8; 4], usize)> = (0..n)
        .filter_map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            Some((tag, u32_at(font, rec + 8)? as usize))
        })
        .collect();
    tables.sort_by_key(|t| t.1);
    let mut out = Vec::new();
    let mut push = |range: Range<usize>, reusable: bool, window: usize| {
        if !range.is_empty() {
            out.push(Piece {
                range,
                reusable,
                window,
            });
        }
    };
    let mut at = 0;
    for (i, &(tag, start)) in tables.iter().enumerate() {
        // Up to the next table: the padding goes with the table.
        let end = tables.get(i + 1).map_or(font.len(), |t| t.1);
        if tag == *b"glyf" {
            push(at..start, false, at);
            let mut from = start;
            // chars[i] is in slot i + 1 (slot 0 is .notdef, kept with the first piece).
            for (i, &ch) in chars.iter().enumerate().skip(1) {
                if starts_piece(ch) {
                    if let Some(&g) = glyph_starts.get(i + 1) {
                        push(from..start + g, true, from - start);
                        from = start + g;
                    }
                }
            }
            push(from..end, true, from - start);
            at = end;
        } else if [*b"cvt ", *b"fpgm", *b"prep"].contains(&tag) {
            push(at..start, false, at);
            push(start..end, true, 0);
            at = end;
        }
    }
    push(at..font.len(), false, at);
    out
}

/// cmap with one format 12 subtable (Windows, Unicode full repertoire): `chars[i]` →
/// glyph i + 1, consecutive runs as one group.
fn cmap_for_slots(chars: &[char]) -> Vec<u8> {
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &ch) in chars.iter().enumerate() {
        let (c, g) = (u32::from(ch), i as u32 + 1);
        match groups.last_mut() {
            Some((start, end, glyph)) if c == *end + 1 && g == *glyph + (c - *start) => {
                *end = c;
            }
            _ => groups.push((c, c, g)),
        }
    }
    let len = 16 + 12 * groups.len();
    let mut t = Vec::with_capacity(12 + len);
    t.extend_from_slice(&0u16.to_be_bytes()); // version
    t.extend_from_slice(&1u16.to_be_bytes()); // one subtable
    t.extend_from_slice(&3u16.to_be_bytes()); // Windows
    t.extend_from_slice(&10u16.to_be_bytes()); // Unicode full repertoire
    t.extend_from_slice(&12u32.to_be_bytes()); // offset
    t.extend_from_slice(&12u16.to_be_bytes()); // format
    t.extend_from_slice(&0u16.to_be_bytes());
    t.extend_from_slice(&(len as u32).to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes()); // language
    t.extend_from_slice(&(groups.len() as u32).to_be_bytes());
    for (start, end, glyph) in groups {
        for v in [start, end, glyph] {
            t.extend_from_slice(&v.to_be_bytes());
        }
    }
    t
}

/// name table with one record: the PostScript name (ID 6), Windows Unicode, en-US.
fn name_table(postscript_name: &str) -> Vec<u8> {
    let utf16: Vec<u8> = postscript_name
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let mut t = Vec::with_capacity(18 + utf16.len());
    for v in [0u16, 1, 18, 3, 1, 0x409, 6, utf16.len() as u16, 0] {
        t.extend_from_slice(&v.to_be_bytes());
    }
    t.extend_from_slice(&utf16);
    t
}

/// Where table `tag` sits in a font built by [`build_sfnt`].
fn table_range(font: &[u8], tag: &[u8; 4]) -> Option<Range<usize>> {
    let n = usize::from(u16_at(font, 4)?);
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == tag).then_some(())?;
        let off = u32_at(font, rec + 8)? as usize;
        Some(off..off + u32_at(font, rec + 12)? as usize)
    })
}

fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let mut last = [0u8; 4];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    words
        .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
        .fold(u32::from_be_bytes(last), u32::wrapping_add)
}

/// Tables (sorted by tag) → a TrueType file with a correct directory and checksums.
fn build_sfnt(tables: &[Table]) -> Vec<u8> {
    let n = tables.len() as u16;
    let pow = 1u16 << (15 - n.leading_zeros());
    let dir_len = 12 + 16 * tables.len();
    let total = dir_len
        + tables
            .iter()
            .map(|t| t.1.len().next_multiple_of(4))
            .sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&((n - pow) * 16).to_be_bytes());
    let mut offset = dir_len;
    let mut head_at = None;
    // The whole file's checksum is the directory's plus every (zero-padded) table's.
    let mut sum = 0u32;
    for (tag, data) in tables {
        let table_sum = checksum(data);
        sum = sum.wrapping_add(table_sum);
        out.extend_from_slice(tag);
        out.extend_from_slice(&table_sum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    sum = sum.wrapping_add(checksum(&out));
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(h) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(sum);
        out[h + 8..h + 12].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sfnt::Bytes;

    fn serif() -> Sfnt {
        Sfnt::parse(Bytes::Static(crate::fonts::SERIF_TTF)).unwrap()
    }

    #[test]
    fn presubset_is_a_valid_font_with_one_slot_per_character() {
        let f = serif();
        // … and ⋯ share one glyph in Noto Serif SC: each still gets its own slot.
        let chars = ['A', '…', '⋯', '方', '甲', '，'];
        assert_eq!(f.glyph('…'), f.glyph('⋯'));
        let sub = f.presubset(&chars, "NotoSerifSC-Regular");
        assert_eq!(checksum(&sub.font), 0xB1B0_AFBA, "whole-file checksum");
        assert_eq!(checksum(&sub.metrics), 0xB1B0_AFBA, "whole-file checksum");
        assert_eq!(table_range(&sub.font, b"hmtx"), Some(sub.hmtx.clone()));
        assert_eq!(
            sub.font[sub.hmtx.clone()],
            sub.metrics[table_range(&sub.metrics, b"hmtx").unwrap()]
        );
        assert_eq!(table_range(&sub.metrics, b"glyf"), None);
        let sub = Sfnt::parse(Bytes::Owned(sub.font)).unwrap();
        assert!(!sub.long_loca, "short offsets for a small font");
        assert_eq!(
            sub.postscript_name().as_deref(),
            Some("NotoSerifSC-Regular")
        );
        assert_eq!(sub.units_per_em, f.units_per_em);
        for (i, &ch) in chars.iter().enumerate() {
            let slot = sub.glyph(ch).unwrap();
            assert_eq!(slot, i as u16 + 1, "{ch}");
            let old = f.glyph(ch).unwrap();
            let orig = f.glyph_data(old);
            assert_eq!(&sub.glyph_data(slot)[..orig.len()], orig, "{ch}");
            assert_eq!(sub.advance(slot), f.advance(old));
        }
        assert_eq!(sub.glyph('乙'), None);
    }

    #[test]
    fn outlines_over_128_kb_get_long_offsets() {
        let f = serif();
        let chars: Vec<char> = ('一'..='龥')
            .filter(|&c| f.glyph(c).is_some())
            .take(800)
            .collect();
        let sub = f.presubset(&chars, "NotoSerifSC-Regular");
        let glyf = table_range(&sub.font, b"glyf").unwrap();
        assert!(
            glyf.len() > 2 * usize::from(u16::MAX),
            "{} bytes",
            glyf.len()
        );
        let sub = Sfnt::parse(Bytes::Owned(sub.font)).unwrap();
        assert!(sub.long_loca);
        for (i, &ch) in chars.iter().enumerate() {
            let orig = f.glyph_data(f.glyph(ch).unwrap());
            let slot = sub.glyph(ch).unwrap();
            assert_eq!(slot, i as u16 + 1, "{ch}");
            assert_eq!(&sub.glyph_data(slot)[..orig.len()], orig, "{ch}");
        }
    }
}
