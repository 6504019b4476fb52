//! The bundled fallback for rare Han characters: 花園明朝 (Hanazono Mincho) cut into
//! chunks of consecutive code points, zlib-compressed inside the binary.
//!
//! Names of people can hold CJK Extension B–F or compatibility ideographs that Noto
//! lacks. The product must print them on any machine, with nothing installed, so the
//! glyphs ship with it: 61k characters, 31 MB of TrueType, 18 MB compressed
//! (BENCHMARKS.md, "Fallback font"). A render inflates only the chunk of a character it
//! needs (~1.4 MB → 2.4 MB, a few milliseconds, once per process), never the whole face.
//! The chunks are made by `scripts/make-fallback-fonts.py`; licence in
//! `fonts/LICENSES.md`.

use std::io::Read;

#[path = "fallback_chunks.rs"]
mod chunks;

/// One bundled chunk: the code points it may draw, and its compressed font.
#[derive(Clone, Copy)]
pub(crate) struct Chunk {
    pub(crate) first: u32,
    pub(crate) last: u32,
    packed: &'static [u8],
}

impl Chunk {
    pub(crate) fn covers(&self, ch: char) -> bool {
        (self.first..=self.last).contains(&u32::from(ch))
    }

    /// The chunk's TrueType font. `None` only if the bundled bytes were damaged (a test
    /// inflates and parses every chunk).
    pub(crate) fn inflate(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(self.packed.len() * 2);
        flate2::read::ZlibDecoder::new(self.packed)
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    }

    /// Compressed size in the binary.
    #[cfg(test)]
    pub(crate) fn packed_len(&self) -> usize {
        self.packed.len()
    }
}

/// Every bundled chunk, in code point order.
pub(crate) fn chunks() -> impl Iterator<Item = Chunk> {
    chunks::CHUNKS.iter().map(|&(first, last, packed)| Chunk {
        first,
        last,
        packed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sfnt::{Bytes, Sfnt};

    #[test]
    fn chunks_are_sorted_disjoint_and_each_draws_its_first_and_last_character() {
        let all: Vec<Chunk> = chunks().collect();
        assert!(all.len() > 10);
        for w in all.windows(2) {
            assert!(
                w[0].last < w[1].first,
                "{:X} overlaps {:X}",
                w[0].last,
                w[1].first
            );
        }
        let mut packed = 0;
        for c in &all {
            packed += c.packed_len();
            let font = Sfnt::parse(Bytes::Owned(c.inflate().unwrap())).unwrap();
            for u in [c.first, c.last] {
                let ch = char::from_u32(u).unwrap();
                assert!(font.glyph(ch).is_some(), "U+{u:X} missing from its chunk");
            }
        }
        // What the binary carries (BENCHMARKS.md); a regenerated set changes this.
        assert!(packed < 20_000_000, "{packed} bytes");
    }

    #[test]
    fn the_extension_blocks_are_covered() {
        // The first and a late character of Ext B, C, D, E, F, a compatibility
        // ideograph and one of its supplement.
        for u in [
            0x20000, 0x2A6D6, 0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x2EBE0, 0xFA0E, 0x2F800,
        ] {
            assert!(chunks().any(|c| c.first <= u && u <= c.last), "U+{u:X}");
        }
    }
}
