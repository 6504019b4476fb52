//! Just enough TrueType for a PDF: character → glyph lookup, advances, metrics, and a
//! subsetter that copies only the used glyphs.
//!
//! Why not printpdf's subsetting: it hands the whole font to allsorts per document,
//! which parses every glyph record and the whole cmap (10–15 MB for a CJK face) only to
//! keep a few hundred glyphs — two thirds of a render. Here a face is indexed once
//! (table offsets, nothing decoded), lookups read the bytes in place, and a subset costs
//! time proportional to the glyphs it keeps.

use std::collections::BTreeMap;
use std::ops::Range;

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

/// Values for the PDF font descriptor, in font units.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Metrics {
    pub(crate) bbox: [i16; 4],
    pub(crate) ascent: i16,
    pub(crate) descent: i16,
    pub(crate) cap_height: Option<i16>,
    pub(crate) weight: u16,
    /// Degrees, negative for italics.
    pub(crate) italic_angle: f32,
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
    pub(crate) metrics: Metrics,
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
        let bbox = [
            i16_at(d, head + 36).ok_or("head 表不完整")?,
            i16_at(d, head + 38).ok_or("head 表不完整")?,
            i16_at(d, head + 40).ok_or("head 表不完整")?,
            i16_at(d, head + 42).ok_or("head 表不完整")?,
        ];
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
        let (rise, run) = (
            i16_at(d, hhea + 18).unwrap_or(1),
            i16_at(d, hhea + 20).unwrap_or(0),
        );
        let italic_angle = if rise == 0 || run == 0 {
            0.0
        } else {
            -f32::from(run).atan2(f32::from(rise)).to_degrees()
        };
        let (weight, cap_height) = match tables.get(b"OS/2") {
            Some(r) => (
                u16_at(d, r.start + 4).unwrap_or(400),
                (u16_at(d, r.start).unwrap_or(0) >= 2)
                    .then(|| i16_at(d, r.start + 88))
                    .flatten(),
            ),
            None => (400, None),
        };
        let metrics = Metrics {
            bbox,
            ascent: i16_at(d, hhea + 4).ok_or("hhea 表不完整")?,
            descent: i16_at(d, hhea + 6).ok_or("hhea 表不完整")?,
            cap_height,
            weight,
            italic_angle,
        };
        let cmap = find_cmap(d, tables[b"cmap"].start).ok_or("缺少 Unicode cmap")?;
        Ok(Sfnt {
            data,
            tables,
            cmap,
            units_per_em,
            num_glyphs,
            num_hmetrics,
            long_loca,
            metrics,
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

    /// A TrueType font whose glyph 0 is .notdef and glyph i + 1 is `gids[i]` (repeats
    /// allowed: each gets its own slot), then the components of composite glyphs.
    /// Returns the font program and the original glyph id of each new one. Only the
    /// tables a PDF font program needs.
    pub(crate) fn subset(&self, gids: &[u16]) -> (Vec<u8>, Vec<u16>) {
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
        let mut loca = Vec::with_capacity(4 * (glyphs.len() + 1));
        let mut hmtx = Vec::with_capacity(4 * glyphs.len());
        for (g, &old) in glyphs.iter().zip(&order) {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            glyf.extend_from_slice(g);
            let (adv, lsb) = self.hmetric(old);
            hmtx.extend_from_slice(&adv.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());

        let mut head = self.table(b"head").unwrap_or_default().to_vec();
        head.resize(54, 0);
        head[8..12].fill(0); // checkSumAdjustment, set below
        head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca
        let mut hhea = self.table(b"hhea").unwrap_or_default().to_vec();
        hhea.resize(36, 0);
        hhea[34..36].copy_from_slice(&n.to_be_bytes());
        let mut maxp = self.table(b"maxp").unwrap_or_default().to_vec();
        maxp.resize(maxp.len().max(6), 0);
        maxp[4..6].copy_from_slice(&n.to_be_bytes());

        let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
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
        tables.sort_by_key(|t| t.0);
        (build_sfnt(&tables), order)
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

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Tables (sorted by tag) → a TrueType file with a correct directory and checksums.
fn build_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let pow = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&((n - pow) * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(h) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adj.to_be_bytes());
    }
    out
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
    fn subset_is_a_valid_font_with_the_same_glyphs() {
        let f = serif();
        let chars = ['甲', '方', 'A', '，'];
        let gids: Vec<u16> = chars.iter().map(|&c| f.glyph(c).unwrap()).collect();
        let (bytes, order) = f.subset(&gids);
        assert_eq!(order[0], 0);
        assert_eq!(order.len(), 5);
        let sub = Sfnt::parse(Bytes::Owned(bytes.clone()));
        // No cmap in a PDF subset: check the tables by hand instead.
        assert!(sub.is_err());
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA, "whole-file checksum");
        for (new, &old) in order.iter().enumerate() {
            let mut tables = BTreeMap::new();
            let n = usize::from(u16_at(&bytes, 4).unwrap());
            for i in 0..n {
                let rec = 12 + 16 * i;
                let tag: [u8; 4] = bytes[rec..rec + 4].try_into().unwrap();
                let off = u32_at(&bytes, rec + 8).unwrap() as usize;
                tables.insert(tag, off);
            }
            let loca = tables[b"loca"];
            let (a, b) = (
                u32_at(&bytes, loca + 4 * new).unwrap() as usize,
                u32_at(&bytes, loca + 4 * new + 4).unwrap() as usize,
            );
            let glyph = &bytes[tables[b"glyf"] + a..tables[b"glyf"] + b];
            let orig = f.glyph_data(old);
            assert_eq!(&glyph[..orig.len()], orig, "glyph {old}");
            let adv = u16_at(&bytes, tables[b"hmtx"] + 4 * new).unwrap();
            assert_eq!(adv, f.advance(old));
        }
    }

    #[test]
    fn not_truetype_is_refused() {
        assert!(Sfnt::parse(Bytes::Owned(vec![0; 64])).is_err());
        assert!(Sfnt::parse(Bytes::Owned(b"OTTO\0\0\0\0".to_vec())).is_err());
    }
}
