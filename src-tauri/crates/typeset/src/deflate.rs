//! Zlib streams deflated piece by piece, with the reusable pieces remembered.
//!
//! Why: the font programs are most of what a render compresses (~150 KB of glyph
//! outlines for the sample agreement, about a third of its time), and the documents of
//! one agreement differ in a few characters — the signers' names — so most of a
//! document's outlines are the ones the previous document compressed. The font program
//! is cut into pieces (`Sfnt::presubset`: its tables, and its outlines by blocks of code
//! points); each piece is deflated by a fresh compressor, primed with the few KB just
//! before it ([`WINDOW`]), and ends with a sync flush (byte-aligned, not the final
//! block), so the pieces concatenate into one valid stream, and a piece's compressed
//! bytes depend on its own bytes and those before it alone. Taken from the cache or
//! compressed again, the stream is byte-identical: the renderer stays a pure function
//! of its input (tested: cold and warm renders are the same bytes).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use flate2::{Compress, Compression, FlushCompress};

/// A byte range of the data to compress; `reusable` when the same bytes are expected
/// in other documents (worth remembering). `window`: how many of the bytes just before
/// the range the compressor may refer back to (at most [`WINDOW`]; see [`zlib`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) range: Range<usize>,
    pub(crate) reusable: bool,
    pub(crate) window: usize,
}

/// How far back before its start a piece may refer (deflate allows 32 KB). Roster
/// benchmark (same session, 2026-12-07): 8 KB makes the documents 2.6 KB smaller
/// (134.7 → 132.1 KB; the font outlines compress almost as well as in one stream) for
/// ~5 % more instructions a render (callgrind), within the noise of the wall time —
/// a name that changes a piece now also changes the next one; 32 KB saved 4 KB but
/// cost ~1.5 ms a document (a change reaches two or three pieces on).
pub(crate) const WINDOW: usize = 8 << 10;

/// What the cache may hold (raw and compressed bytes together). The bundled faces'
/// pieces for a long agreement are well under 1 MB; each document adds the few pieces
/// its names changed, which no other document may use again.
const CACHE_LIMIT: usize = 8 << 20;

/// Compressed reusable pieces by their raw bytes (compared whole, not by a hash).
#[derive(Default)]
pub(crate) struct PieceCache {
    inner: Mutex<Cached>,
}

#[derive(Default)]
struct Cached {
    map: HashMap<Box<[u8]>, Packed>,
    bytes: usize,
}

struct Packed {
    bytes: Arc<[u8]>,
    /// Used again since it was added: the agreement's text, not one person's name.
    reused: bool,
}

impl Cached {
    /// Makes room for `add` bytes: when full, keeps only the pieces that were used
    /// again (the ones the documents share), or starts over if those fill half.
    fn make_room(&mut self, add: usize) {
        if self.bytes + add <= CACHE_LIMIT {
            return;
        }
        self.map.retain(|_, p| std::mem::take(&mut p.reused));
        self.bytes = self.map.iter().map(|(k, p)| k.len() + p.bytes.len()).sum();
        if self.bytes + add > CACHE_LIMIT / 2 {
            self.map.clear();
            self.bytes = 0;
        }
    }
}

impl PieceCache {
    fn lock(&self) -> MutexGuard<'_, Cached> {
        // The map is only ever cleared or extended: still sound after a panic.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `raw` deflated after `dict`, remembered by both (the key: the dictionary's
    /// length, the dictionary, the piece).
    fn get_or_deflate(&self, dict: &[u8], raw: &[u8], level: u32) -> Option<Arc<[u8]>> {
        let mut key = Vec::with_capacity(8 + dict.len() + raw.len());
        key.extend_from_slice(&(dict.len() as u64).to_be_bytes());
        key.extend_from_slice(dict);
        key.extend_from_slice(raw);
        if let Some(hit) = self.lock().map.get_mut(&key[..]) {
            hit.reused = true;
            return Some(Arc::clone(&hit.bytes));
        }
        let packed: Arc<[u8]> = deflate_piece(dict, raw, level)?.into();
        let mut c = self.lock();
        let add = key.len() + packed.len();
        c.make_room(add);
        c.bytes += add;
        c.map.insert(
            key.into(),
            Packed {
                bytes: Arc::clone(&packed),
                reused: false,
            },
        );
        Some(packed)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().map.len()
    }
}

/// `data` as a zlib stream (RFC 1950) made of `pieces`, which must cover `data` in
/// order. `None` if they do not, or if the compressor fails (the caller then compresses
/// the usual way). Each piece is deflated with the `window` bytes before it as a preset
/// dictionary: the decoder has them (they are the stream's output just before), so its
/// matches may reach back into them as inside one stream. The compressed piece then
/// depends on those bytes too, so they are part of what the cache remembers it by, and
/// a name that changes a piece also changes the next one.
pub(crate) fn zlib(
    data: &[u8],
    pieces: &[Piece],
    level: u32,
    cache: &PieceCache,
) -> Option<Vec<u8>> {
    let mut at = 0;
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    out.extend_from_slice(&zlib_header(level));
    for p in pieces {
        if p.range.start != at || p.range.end < at {
            return None;
        }
        let raw = data.get(p.range.clone())?;
        at = p.range.end;
        if raw.is_empty() {
            continue;
        }
        let back = p.window.min(WINDOW).min(p.range.start);
        let dict = data.get(p.range.start - back..p.range.start)?;
        if p.reusable {
            out.extend_from_slice(&cache.get_or_deflate(dict, raw, level)?);
        } else {
            out.extend_from_slice(&deflate_piece(dict, raw, level)?);
        }
    }
    if at != data.len() {
        return None;
    }
    // The final block, empty: BFINAL = 1, fixed Huffman codes, end-of-block.
    out.extend_from_slice(&[0x03, 0x00]);
    let mut sum = adler2::Adler32::new();
    sum.write_slice(data);
    out.extend_from_slice(&sum.checksum().to_be_bytes());
    Some(out)
}

/// CMF (deflate, 32 KB window) and FLG with the level hint zlib itself would write.
fn zlib_header(level: u32) -> [u8; 2] {
    let cmf = 0x78u8;
    let flevel: u8 = match level {
        0 | 1 => 0,
        2..=5 => 1,
        6 => 2,
        _ => 3,
    };
    let flg = flevel << 6;
    let check = 31 - ((u16::from(cmf) << 8 | u16::from(flg)) % 31) as u8;
    [cmf, flg | (check % 31)]
}

/// Raw deflate of one piece by a fresh compressor primed with `dict` (the bytes just
/// before it in the stream), ended by a sync flush.
fn deflate_piece(dict: &[u8], raw: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut c = Compress::new(Compression::new(level), false);
    if !dict.is_empty() {
        c.set_dictionary(dict).ok()?;
    }
    let mut out = Vec::with_capacity(raw.len() / 2 + 64);
    loop {
        let done = usize::try_from(c.total_in()).ok()?;
        c.compress_vec(raw.get(done..)?, &mut out, FlushCompress::Sync)
            .ok()?;
        // Finished when all input is in and the flush did not fill the buffer.
        if c.total_in() == raw.len() as u64 && out.len() < out.capacity() {
            return Some(out);
        }
        out.reserve(out.capacity().max(1024));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// Compressible, but not a simple repeat.
    fn sample(n: usize) -> Vec<u8> {
        let mut s = Vec::with_capacity(n + 16);
        let mut i = 0u64;
        while s.len() < n {
            s.extend_from_slice(format!("g{} ", i * i % 1009).as_bytes());
            i += 1;
        }
        s.truncate(n);
        s
    }

    fn pieces(cuts: &[(usize, bool)], len: usize) -> Vec<Piece> {
        pieces_with(cuts, len, 0)
    }

    fn pieces_with(cuts: &[(usize, bool)], len: usize, window: usize) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut at = 0;
        for &(end, reusable) in cuts.iter().chain([&(len, false)]) {
            out.push(Piece {
                range: at..end,
                reusable,
                window,
            });
            at = end;
        }
        out
    }

    #[test]
    fn pieces_make_one_valid_stream_whatever_the_cache_holds() {
        let data = sample(70_000);
        let ps = pieces(
            &[
                (1000, false),
                (40_000, true),
                (40_000, true),
                (65_000, true),
            ],
            data.len(),
        );
        let cache = PieceCache::default();
        let cold = zlib(&data, &ps, 2, &cache).unwrap();
        assert_eq!(inflate(&cold), data);
        assert_eq!(cache.len(), 2, "the two non-empty reusable pieces");
        let warm = zlib(&data, &ps, 2, &cache).unwrap();
        assert_eq!(warm, cold, "same bytes from the cache");
        // The same pieces in another stream: reused, and that stream is valid too.
        let mut other = sample(1000);
        other.reverse();
        other.extend_from_slice(&data[1000..]);
        let z = zlib(&other, &ps, 2, &cache).unwrap();
        assert_eq!(inflate(&z), other);
        assert_eq!(cache.len(), 2);
        assert!(z.len() < data.len() / 2, "{} bytes", z.len());
    }

    #[test]
    fn pieces_after_a_window_are_one_valid_stream_and_reused_with_the_same_window() {
        let data = sample(120_000);
        let cuts = [(1000, false), (40_000, true), (80_000, true)];
        let without = zlib(&data, &pieces(&cuts, data.len()), 6, &PieceCache::default()).unwrap();
        for window in [1, 100, WINDOW, 10 * WINDOW] {
            let ps = pieces_with(&cuts, data.len(), window);
            let cache = PieceCache::default();
            let cold = zlib(&data, &ps, 6, &cache).unwrap();
            assert_eq!(inflate(&cold), data, "window {window}");
            assert_eq!(zlib(&data, &ps, 6, &cache).unwrap(), cold, "from the cache");
            assert_eq!(zlib(&data, &ps, 6, &PieceCache::default()).unwrap(), cold);
            if window >= WINDOW {
                assert!(
                    cold.len() < without.len(),
                    "{} ≥ {}",
                    cold.len(),
                    without.len()
                );
            }
        }
        // Another first piece: the second piece's window (the first 1000 bytes) changed,
        // so it is compressed anew; the third's did not.
        let ps = pieces_with(&cuts, data.len(), WINDOW);
        let cache = PieceCache::default();
        zlib(&data, &ps, 6, &cache).unwrap();
        assert_eq!(cache.len(), 2);
        let mut other = sample(1000);
        other.reverse();
        other.extend_from_slice(&data[1000..]);
        let z = zlib(&other, &ps, 6, &cache).unwrap();
        assert_eq!(inflate(&z), other);
        assert_eq!(cache.len(), 3, "the second piece again, after other bytes");
    }

    #[test]
    fn pieces_that_do_not_cover_the_data_are_refused() {
        let data = sample(5000);
        let cache = PieceCache::default();
        let gap = vec![
            Piece {
                range: 0..100,
                reusable: false,
                window: 0,
            },
            Piece {
                range: 200..5000,
                reusable: false,
                window: 0,
            },
        ];
        assert_eq!(zlib(&data, &gap, 2, &cache), None);
        let short = pieces(&[], 4000);
        assert_eq!(zlib(&data, &short, 2, &cache), None);
        let past = pieces(&[], 6000);
        assert_eq!(zlib(&data, &past, 2, &cache), None);
    }

    #[test]
    fn headers_are_valid_for_every_level() {
        for level in 0..=9 {
            let [cmf, flg] = zlib_header(level);
            assert_eq!(
                (u16::from(cmf) << 8 | u16::from(flg)) % 31,
                0,
                "level {level}"
            );
            let data = sample(3000);
            let z = zlib(
                &data,
                &pieces(&[(1500, true)], 3000),
                level,
                &PieceCache::default(),
            );
            assert_eq!(inflate(&z.unwrap()), data, "level {level}");
        }
    }

    #[test]
    fn a_full_cache_keeps_the_pieces_used_again() {
        let cache = PieceCache::default();
        let shared = sample(4000);
        let piece = |data: &[u8]| {
            vec![Piece {
                range: 0..data.len(),
                reusable: true,
                window: 0,
            }]
        };
        zlib(&shared, &piece(&shared), 2, &cache).unwrap();
        zlib(&shared, &piece(&shared), 2, &cache).unwrap();
        // Pieces seen once (one person's name each) until the cache is full.
        for i in 0u32.. {
            let before = cache.len();
            let mut once = sample(30_000);
            once[..4].copy_from_slice(&i.to_be_bytes());
            zlib(&once, &piece(&once), 2, &cache).unwrap();
            if cache.len() <= before {
                break;
            }
        }
        let c = cache.lock();
        assert_eq!(c.map.len(), 2, "the shared piece and the newest");
        let key: Vec<u8> = [&0u64.to_be_bytes()[..], &shared].concat();
        assert!(c.map.contains_key(&key[..]));
        assert_eq!(
            c.bytes,
            c.map
                .iter()
                .map(|(k, p)| k.len() + p.bytes.len())
                .sum::<usize>()
        );
        assert!(c.bytes <= CACHE_LIMIT);
    }

    #[test]
    fn empty_data_is_an_empty_stream() {
        let z = zlib(&[], &[], 2, &PieceCache::default()).unwrap();
        assert!(inflate(&z).is_empty());
    }
}
