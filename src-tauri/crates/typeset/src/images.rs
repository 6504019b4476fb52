//! Signature and seal images: decoded once, made into a PDF image once, and remembered
//! for the next documents.
//!
//! printpdf's own image path (`XObject::Image`) splits RGBA into colour samples and an
//! alpha /SMask and deflates both at zlib level 6 on every render — for the sample's
//! three images a third of a render's time. In a signing ceremony the seal and an
//! adopted countersignature are the same in every agreement; only the signer's own
//! signature is new. So an image is remembered by its PNG bytes (SHA-256): the decoded
//! bitmap, which the layout measures, and for each box it is printed in, the finished
//! image XObject — cropped and reduced for print by `raster`, colour and alpha deflated
//! at [`IMAGE_LEVEL`]. printpdf writes that XObject as it is through its public
//! `XObject::External`, and makes the nested /SMask stream an indirect object
//! (printpdf 0.12.8 `xobject.rs` `into_lopdf_with_indirect_streams`).
//!
//! The memo holds the few most recently used images. What it holds changes how fast a
//! render is, never its bytes: each entry is a pure function of the PNG bytes and box.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject};
use sha2::{Digest, Sha256};

use crate::error::RenderError;
use crate::png::{decode_png, Bitmap};
use crate::raster;

/// Zlib level for image samples: 6, what printpdf uses (the same compressed bytes).
/// With the seal and countersignature remembered only the signer's own signature is
/// deflated per document; level 2 would save 0.15 ms of ~6 and add 2 KB
/// (BENCHMARKS.md).
const IMAGE_LEVEL: u32 = 6;

/// Images remembered: a ceremony's seal and adopted countersignature (used in every
/// agreement, so always the most recent), and room for signers' own signatures passing
/// through. A pad-sized signature decodes to up to 2.3 MB.
const KEEP: usize = 4;

/// A decoded image and the PNG it came from.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    key: [u8; 32],
    pub(crate) bitmap: Arc<Bitmap>,
}

/// An image ready for the PDF, and the part of its layout box it fills (left, top,
/// right, bottom as fractions; transparent margins are cropped away).
pub(crate) struct Printed {
    pub(crate) xobject: XObject,
    pub(crate) part: [f32; 4],
}

#[derive(Default)]
pub(crate) struct ImageMemo {
    inner: Mutex<Memo>,
}

#[derive(Default)]
struct Memo {
    entries: Vec<Entry>,
    clock: u64,
}

struct Entry {
    key: [u8; 32],
    bitmap: Arc<Bitmap>,
    /// By the box's width and height in points (as bits).
    printed: Vec<((u32, u32), Arc<Printed>)>,
    used: u64,
}

impl Memo {
    fn find(&mut self, key: &[u8; 32]) -> Option<&mut Entry> {
        self.clock += 1;
        let now = self.clock;
        let e = self.entries.iter_mut().find(|e| &e.key == key)?;
        e.used = now;
        Some(e)
    }
}

impl ImageMemo {
    fn lock(&self) -> MutexGuard<'_, Memo> {
        // Entries are only ever added whole or dropped: still sound after a panic.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks and decodes a PNG (`decode_png`), or finds it decoded already.
    pub(crate) fn decode(&self, png: &[u8]) -> Result<Decoded, RenderError> {
        let key: [u8; 32] = Sha256::digest(png).into();
        if let Some(e) = self.lock().find(&key) {
            return Ok(Decoded {
                key,
                bitmap: Arc::clone(&e.bitmap),
            });
        }
        let bitmap = Arc::new(decode_png(png)?);
        let mut m = self.lock();
        if m.find(&key).is_none() {
            if m.entries.len() >= KEEP {
                let oldest = m
                    .entries
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(i, _)| i);
                if let Some(i) = oldest {
                    m.entries.swap_remove(i);
                }
            }
            m.clock += 1;
            let used = m.clock;
            m.entries.push(Entry {
                key,
                bitmap: Arc::clone(&bitmap),
                printed: Vec::new(),
                used,
            });
        }
        Ok(Decoded { key, bitmap })
    }

    /// `img` ready to print in a box of `size` points (`None`: whole, as it is).
    pub(crate) fn printed(&self, img: &Decoded, size: Option<(f32, f32)>) -> Arc<Printed> {
        let bits = size.map_or((0, 0), |(w, h)| (w.to_bits(), h.to_bits()));
        if let Some(e) = self.lock().find(&img.key) {
            if let Some((_, p)) = e.printed.iter().find(|(b, _)| *b == bits) {
                return Arc::clone(p);
            }
        }
        let bitmap = Bitmap::clone(&img.bitmap);
        let (bitmap, part) = match size {
            Some((w, h)) => {
                let p = raster::for_print(bitmap, w, h);
                (p.bitmap, p.part)
            }
            None => (bitmap, [0.0, 0.0, 1.0, 1.0]),
        };
        let printed = Arc::new(Printed {
            xobject: image_xobject(&bitmap),
            part,
        });
        if let Some(e) = self.lock().find(&img.key) {
            e.printed.push((bits, Arc::clone(&printed)));
        }
        printed
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4 + 64),
        flate2::Compression::new(IMAGE_LEVEL),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

fn stream(dict: BTreeMap<String, DictItem>, samples: &[u8]) -> ExternalStream {
    ExternalStream {
        dict,
        content: deflate(samples),
        // Compressed already (and FlateDecode says so).
        compress: false,
    }
}

fn image_dict(w: usize, h: usize, colour_space: &str) -> BTreeMap<String, DictItem> {
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(w as i64)),
        ("Height".to_string(), DictItem::Int(h as i64)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("ColorSpace".to_string(), name(colour_space)),
        ("Filter".to_string(), name("FlateDecode")),
    ])
}

/// An 8-bit RGB image XObject with, when the bitmap has alpha, a DeviceGray /SMask —
/// what printpdf makes of a `RawImage`, at our compression level.
fn image_xobject(b: &Bitmap) -> XObject {
    let pixels = b.width * b.height;
    let (colour, alpha) = if b.has_alpha {
        let mut colour = Vec::with_capacity(pixels * 3);
        let mut alpha = Vec::with_capacity(pixels);
        for px in b.samples.chunks_exact(4) {
            colour.extend_from_slice(&px[..3]);
            alpha.push(px[3]);
        }
        (colour, Some(alpha))
    } else {
        (b.samples.clone(), None)
    };
    let mut dict = image_dict(b.width, b.height, "DeviceRGB");
    if let Some(alpha) = alpha {
        let mask = stream(image_dict(b.width, b.height, "DeviceGray"), &alpha);
        dict.insert("SMask".to_string(), DictItem::Stream { stream: mask });
    }
    XObject::External(ExternalXObject {
        stream: stream(dict, &colour),
        width: Some(Px(b.width)),
        height: Some(Px(b.height)),
        dpi: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(seed: u8) -> Vec<u8> {
        let mut img = image::RgbaImage::from_pixel(40, 20, image::Rgba([0, 0, 0, 0]));
        for x in 5..35 {
            img.put_pixel(x, 10, image::Rgba([20, 30, 90, 200 + seed]));
        }
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    fn content(x: &XObject) -> Vec<u8> {
        match x {
            XObject::External(e) => e.stream.content.clone(),
            _ => panic!("not external"),
        }
    }

    #[test]
    fn remembered_images_are_the_images_made_afresh() {
        let memo = ImageMemo::default();
        let a = memo.decode(&png(1)).unwrap();
        let again = memo.decode(&png(1)).unwrap();
        assert!(Arc::ptr_eq(&a.bitmap, &again.bitmap), "decoded once");
        let p = memo.printed(&a, Some((30.0, 15.0)));
        assert!(Arc::ptr_eq(&p, &memo.printed(&again, Some((30.0, 15.0)))));
        let fresh = ImageMemo::default();
        let f = fresh.printed(&fresh.decode(&png(1)).unwrap(), Some((30.0, 15.0)));
        assert_eq!(content(&p.xobject), content(&f.xobject));
        assert_eq!(p.part, f.part);
        // Another box: another print of the same image.
        let whole = memo.printed(&a, None);
        assert_eq!(whole.part, [0.0, 0.0, 1.0, 1.0]);
    }

    #[test]
    fn the_memo_keeps_the_recently_used() {
        let memo = ImageMemo::default();
        let seal = memo.decode(&png(0)).unwrap();
        for i in 1..=(3 * KEEP as u8) {
            memo.decode(&png(i)).unwrap();
            // The seal is used in every document: it stays.
            let s = memo.decode(&png(0)).unwrap();
            assert!(Arc::ptr_eq(&s.bitmap, &seal.bitmap), "document {i}");
        }
        assert_eq!(memo.lock().entries.len(), KEEP);
    }

    #[test]
    fn a_bad_png_is_refused_and_not_remembered() {
        let memo = ImageMemo::default();
        assert_eq!(memo.decode(b"not a png").unwrap_err().kind(), "bad_image");
        assert!(memo.lock().entries.is_empty());
    }
}
