//! Just enough TrueType for layout and for printpdf: character → glyph lookup, advances,
//! and a pre-subsetter that copies only the glyphs a document uses.
//!
//! Why a pre-subset: printpdf (which writes the PDF) takes a font as `ParsedFont` bytes
//! and subsets it on save through allsorts, parsing the whole face — every glyph record
//! and the whole cmap of a 10–22 MB CJK font — per document to keep a few hundred glyphs
//! (36–56 ms a render). Here a face is indexed once (table offsets, nothing decoded),
//! lookups read the bytes in place, and per document [`Sfnt::presubset`] builds a font of
//! just the used characters (tens of KB) in time proportional to the glyphs it keeps;
//! that small font is what printpdf embeds.

use std::collections::BTreeMap;
use std::ops::Range;

mod subset;

pub(crate) use subset::Presubset;

/// Font bytes: the bundled fonts stay in the binary's read-only data (only the pages
/// actually read become resident), others are owned.
pub(crate) enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Cmap {
    /// Format 4 subtable at this offset (BMP only).
    Segments(usize),
    /// Format 12 subtable at this offset (all planes).
    Groups(usize),
}

/// An indexed TrueType face.
pub(crate) struct Sfnt {
    data: Bytes,
    tables: BTreeMap<[u8; 4], Range<usize>>,
    cmap: Cmap,
    pub(crate) units_per_em: u16,
    num_glyphs: u16,
    num_hmetrics: u16,
    long_loca: bool,
}

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}

fn i16_at(d: &[u8], o: usize) -> Option<i16> {
    u16_at(d, o).map(|v| v as i16)
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(o..o + 4)?.try_into().ok()?))
}

impl Sfnt {
    /// Indexes the first face of a TrueType font or collection; `Err` says what is wrong.
    pub(crate) fn parse(data: Bytes) -> Result<Sfnt, &'static str> {
        let d: &[u8] = &data;
        let base = if d.get(..4) == Some(b"ttcf") {
            u32_at(d, 12).ok_or("字体集不完整")? as usize
        } else {
            0
        };
        let num_tables = usize::from(u16_at(d, base + 4).ok_or("文件不完整")?);
        let mut tables = BTreeMap::new();
        for i in 0..num_tables {
            let rec = base + 12 + 16 * i;
            let tag: [u8; 4] = d
                .get(rec..rec + 4)
                .and_then(|t| t.try_into().ok())
                .ok_or("表目录不完整")?;
            let off = u32_at(d, rec + 8).ok_or("表目录不完整")? as usize;
            let len = u32_at(d, rec + 12).ok_or("表目录不完整")? as usize;
            if off.checked_add(len).is_none_or(|end| end > d.len()) {
                return Err("表超出文件范围");
            }
            tables.insert(tag, off..off + len);
        }
        for tag in [b"head", b"hhea", b"maxp", b"hmtx", b"cmap"] {
            if !tables.contains_key(tag) {
                return Err("缺少必需的字体表");
            }
        }
        if !tables.contains_key(b"glyf") || !tables.contains_key(b"loca") {
            return Err("不是 TrueType（glyf）轮廓字体");
        }
        let head = tables[b"head"].start;
        let hhea = tables[b"hhea"].start;
        let units_per_em = u16_at(d, head + 18).ok_or("head 表不完整")?;
        if units_per_em == 0 {
            return Err("缺少 unitsPerEm");
        }
        let long_loca = i16_at(d, head + 50).ok_or("head 表不完整")? == 1;
        let num_glyphs = u16_at(d, tables[b"maxp"].start + 4).ok_or("maxp 表不完整")?;
        let num_hmetrics = u16_at(d, hhea + 34).ok_or("hhea 表不完整")?;
        if num_hmetrics == 0 || tables[b"hmtx"].len() < 4 * usize::from(num_hmetrics) {
            return Err("hmtx 表不完整");
        }
        let loca_need = (usize::from(num_glyphs) + 1) * if long_loca { 4 } else { 2 };
        if tables[b"loca"].len() < loca_need {
            return Err("loca 表不完整");
        }
        let cmap = find_cmap(d, tables[b"cmap"].start).ok_or("缺少 Unicode cmap")?;
        Ok(Sfnt {
            data,
            tables,
            cmap,
            units_per_em,
            num_glyphs,
            num_hmetrics,
            long_loca,
        })
    }

    fn table(&self, tag: &[u8; 4]) -> Option<&[u8]> {
        self.tables.get(tag).map(|r| &self.data[r.clone()])
    }

    /// The glyph for `ch`; `None` when the font lacks it (glyph 0 included).
    pub(crate) fn glyph(&self, ch: char) -> Option<u16> {
        let c = u32::from(ch);
        let d: &[u8] = &self.data;
        let gid = match self.cmap {
            Cmap::Groups(o) => {
                let n = u32_at(d, o + 12)? as usize;
                let (mut lo, mut hi) = (0, n);
                let mut found = None;
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let g = o + 16 + 12 * mid;
                    let (start, end) = (u32_at(d, g)?, u32_at(d, g + 4)?);
                    if c < start {
                        hi = mid;
                    } else if c > end {
                        lo = mid + 1;
                    } else {
                        found = Some(u32_at(d, g + 8)? + (c - start));
                        break;
                    }
                }
                u16::try_from(found?).ok()?
            }
            Cmap::Segments(o) => {
                let c = u16::try_from(c).ok()?;
                let segs = usize::from(u16_at(d, o + 6)? / 2);
                let ends = o + 14;
                let starts = ends + 2 * segs + 2;
                let deltas = starts + 2 * segs;
                let ranges = deltas + 2 * segs;
                let (mut lo, mut hi) = (0, segs);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if u16_at(d, ends + 2 * mid)? < c {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                let s = lo;
                if s >= segs {
                    return None;
                }
                let start = u16_at(d, starts + 2 * s)?;
                if c < start {
                    return None;
                }
                let delta = u16_at(d, deltas + 2 * s)?;
                let range = usize::from(u16_at(d, ranges + 2 * s)?);
                if range == 0 {
                    c.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + range + 2 * usize::from(c - start);
                    match u16_at(d, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                }
            }
        };
        (gid != 0 && gid < self.num_glyphs).then_some(gid)
    }

    fn hmetric(&self, gid: u16) -> (u16, i16) {
        let d: &[u8] = &self.data;
        let h = self.tables[b"hmtx"].start;
        let n = self.num_hmetrics;
        let adv_at = h + 4 * usize::from(gid.min(n - 1));
        let lsb_at = if gid < n {
            h + 4 * usize::from(gid) + 2
        } else {
            h + 4 * usize::from(n) + 2 * usize::from(gid - n)
        };
        (
            u16_at(d, adv_at).unwrap_or(0),
            i16_at(d, lsb_at).unwrap_or(0),
        )
    }

    /// Advance width in font units.
    pub(crate) fn advance(&self, gid: u16) -> u16 {
        self.hmetric(gid).0
    }

    /// The PostScript name (name ID 6), cleaned for use as a PDF name.
    pub(crate) fn postscript_name(&self) -> Option<String> {
        let t = self.table(b"name")?;
        let count = usize::from(u16_at(t, 2)?);
        let strings = usize::from(u16_at(t, 4)?);
        for i in 0..count {
            let rec = 6 + 12 * i;
            let (platform, name_id) = (u16_at(t, rec)?, u16_at(t, rec + 6)?);
            if name_id != 6 {
                continue;
            }
            let len = usize::from(u16_at(t, rec + 8)?);
            let off = strings + usize::from(u16_at(t, rec + 10)?);
            let raw = t.get(off..off + len)?;
            let name: String = if platform == 3 || platform == 0 {
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                raw.iter().map(|&b| b as char).collect()
            };
            let clean: String = name
                .chars()
                .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
                .collect();
            if !clean.is_empty() {
                return Some(clean);
            }
        }
        None
    }

    fn glyph_data(&self, gid: u16) -> &[u8] {
        let d: &[u8] = &self.data;
        let loca = self.tables[b"loca"].start;
        let g = usize::from(gid);
        let (a, b) = if self.long_loca {
            (u32_at(d, loca + 4 * g), u32_at(d, loca + 4 * g + 4))
        } else {
            (
                u16_at(d, loca + 2 * g).map(|v| u32::from(v) * 2),
                u16_at(d, loca + 2 * g + 2).map(|v| u32::from(v) * 2),
            )
        };
        let glyf = &self.tables[b"glyf"];
        match (a, b) {
            (Some(a), Some(b)) if a < b && glyf.start + b as usize <= glyf.end => {
                &d[glyf.start + a as usize..glyf.start + b as usize]
            }
            _ => &[],
        }
    }
}

/// The best Unicode cmap subtable: format 12 (all planes) before format 4 (BMP).
fn find_cmap(d: &[u8], cmap: usize) -> Option<Cmap> {
    let n = usize::from(u16_at(d, cmap + 2)?);
    let mut best: Option<(u8, Cmap)> = None;
    for i in 0..n {
        let rec = cmap + 4 + 8 * i;
        let (platform, encoding) = (u16_at(d, rec)?, u16_at(d, rec + 2)?);
        let off = cmap + u32_at(d, rec + 4)? as usize;
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if !unicode {
            continue;
        }
        let found = match u16_at(d, off)? {
            12 => (2, Cmap::Groups(off)),
            4 => (1, Cmap::Segments(off)),
            _ => continue,
        };
        if best.is_none_or(|(rank, _)| found.0 > rank) {
            best = Some(found);
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serif() -> Sfnt {
        Sfnt::parse(Bytes::Static(crate::fonts::SERIF_TTF)).unwrap()
    }

    #[test]
    fn looks_up_glyphs_and_advances() {
        let f = serif();
        assert_eq!(f.units_per_em, 1000);
        let g = f.glyph('中').unwrap();
        assert_eq!(f.advance(g), 1000);
        assert!(f.glyph('A').is_some());
        assert_eq!(f.glyph('\u{10FFFD}'), None);
        assert_eq!(f.postscript_name().as_deref(), Some("NotoSerifSC-Regular"));
    }

    #[test]
    fn not_truetype_is_refused() {
        assert!(Sfnt::parse(Bytes::Owned(vec![0; 64])).is_err());
        assert!(Sfnt::parse(Bytes::Owned(b"OTTO\0\0\0\0".to_vec())).is_err());
    }
}
