//! PNG images from outside (signature pads, seals): checked and decoded with limits.
//!
//! PNGs come from the signing pad, but are still untrusted input: the header is
//! checked before decoding (empty, corrupt, 0×0, oversized) and the decoder runs with
//! limits, so a decompression bomb is an error and not an out-of-memory abort. A leaf:
//! the layout (`signature.rs`), the image memo (`images.rs`) and the rasteriser
//! (`raster.rs`) all start from its [`Bitmap`].

use std::io::Cursor;

use crate::error::RenderError;

/// Largest accepted image side in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4000;

/// A decoded image as printpdf takes it: 8-bit RGBA (printpdf writes the alpha as the
/// image's SMask), or RGB when the image is fully opaque.
#[derive(Debug, Clone, PartialEq)]
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub samples: Vec<u8>,
    pub has_alpha: bool,
}

/// Checks and decodes a PNG (alpha becomes an SMask).
pub fn decode_png(bytes: &[u8]) -> Result<Bitmap, RenderError> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let bad = |reason: &str| RenderError::BadImage {
        reason: reason.to_string(),
        detail: String::new(),
    };
    if bytes.is_empty() {
        return Err(bad("文件为空"));
    }
    if !bytes.starts_with(SIG) {
        return Err(bad("不是 PNG 图片"));
    }
    if bytes.len() < 33 || &bytes[12..16] != b"IHDR" {
        return Err(bad("文件不完整或已损坏"));
    }
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    if width == 0 || height == 0 {
        return Err(bad(&format!("图片尺寸为 {width}×{height}")));
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(RenderError::ImageTooLarge {
            width,
            height,
            max: MAX_IMAGE_SIDE,
        });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(u64::from(MAX_IMAGE_SIDE) * u64::from(MAX_IMAGE_SIDE) * 8);
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Png);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => RenderError::ImageTooLarge {
            width,
            height,
            max: MAX_IMAGE_SIDE,
        },
        other => RenderError::BadImage {
            reason: "PNG 图片已损坏，无法解码".into(),
            detail: other.to_string(),
        },
    })?;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let rgba = img.into_rgba8().into_raw();
    if rgba.chunks_exact(4).all(|px| px[3] == 255) {
        let rgb = rgba
            .chunks_exact(4)
            .flat_map(|px| [px[0], px[1], px[2]])
            .collect();
        return Ok(Bitmap {
            width: w,
            height: h,
            samples: rgb,
            has_alpha: false,
        });
    }
    Ok(Bitmap {
        width: w,
        height: h,
        samples: rgba,
        has_alpha: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pngs_are_typed_errors() {
        assert_eq!(decode_png(&[]).unwrap_err().kind(), "bad_image");
        assert_eq!(decode_png(b"GIF89a....").unwrap_err().kind(), "bad_image");
        let mut truncated = b"\x89PNG\r\n\x1a\n".to_vec();
        truncated.extend_from_slice(&[0, 0, 0, 13]);
        assert_eq!(decode_png(&truncated).unwrap_err().kind(), "bad_image");
    }

    mod props {
        use proptest::prelude::*;

        use super::super::*;

        fn png(w: u32, h: u32, px: &[[u8; 4]]) -> Vec<u8> {
            let img = image::RgbaImage::from_fn(w, h, |x, y| {
                image::Rgba(px[(y * w + x) as usize % px.len()])
            });
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
                .expect("encode");
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// A PNG decodes to its own pixels: RGB when every pixel is opaque, else
            /// RGBA with the same alpha and the same colour wherever a pixel shows.
            #[test]
            fn a_png_decodes_to_its_pixels(
                w in 1u32..24,
                h in 1u32..24,
                px in prop::collection::vec(any::<[u8; 4]>(), 1..40),
                opaque in any::<bool>(),
            ) {
                let px: Vec<[u8; 4]> = px
                    .into_iter()
                    .map(|[r, g, b, a]| [r, g, b, if opaque { 255 } else { a }])
                    .collect();
                let b = decode_png(&png(w, h, &px)).unwrap();
                prop_assert_eq!((b.width, b.height), (w as usize, h as usize));
                let all_opaque = (0..(w * h) as usize).all(|i| px[i % px.len()][3] == 255);
                prop_assert_eq!(b.has_alpha, !all_opaque);
                let n = if b.has_alpha { 4 } else { 3 };
                prop_assert_eq!(b.samples.len(), w as usize * h as usize * n);
                for (i, got) in b.samples.chunks_exact(n).enumerate() {
                    let want = px[i % px.len()];
                    if n == 4 {
                        prop_assert_eq!(got[3], want[3]);
                    }
                    if want[3] != 0 {
                        prop_assert_eq!(&got[..3], &want[..3]);
                    }
                }
            }

            /// Any bytes, or a real PNG damaged anywhere, give a bitmap or a typed
            /// error: never a panic, never a bitmap beyond the limits.
            #[test]
            fn damaged_pngs_are_typed_errors(
                bytes in prop::collection::vec(any::<u8>(), 0..600),
                pos in any::<prop::sample::Index>(),
                byte in any::<u8>(),
                cut in any::<prop::sample::Index>(),
            ) {
                let mut real = png(12, 5, &[[0, 0, 0, 0], [20, 30, 90, 255], [20, 30, 90, 128]]);
                let p = pos.index(real.len());
                real[p] = byte;
                real.truncate(1 + cut.index(real.len()));
                for input in [bytes, real] {
                    match decode_png(&input) {
                        Ok(b) => prop_assert!(
                            b.width as u32 <= MAX_IMAGE_SIDE && b.height as u32 <= MAX_IMAGE_SIDE
                        ),
                        Err(e) => prop_assert!(matches!(e.kind().as_str(), "bad_image" | "image_too_large")),
                    }
                }
            }
        }
    }
}
