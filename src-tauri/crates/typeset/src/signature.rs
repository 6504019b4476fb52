//! The signature block and the images in it.
//!
//! Each role gets one row: `label：` then a signing line with the handwritten signature
//! (transparent PNG, scaled to fit above the line), the printed name under the line
//! and the date (`2027年1月15日`, or `年 月 日` blanks for a hand-written date). A seal
//! image is drawn over the label of 盖章 roles, as a real stamp would be. The block is
//! kept together: if it does not fit, it moves to the next page as a whole.
//!
//! An agreement between two parties (every label starts with 甲方 or 乙方) is signed
//! side by side, as Chinese contracts are: 甲方 in the left column, 乙方 in the right,
//! each role as label, signing line with the signature (or seal) over it, printed
//! name, date.
//!
//! PNGs come from the signing pad, but are still untrusted input: the header is
//! checked before decoding (empty, corrupt, 0×0, oversized) and the decoder runs with
//! limits, so a decompression bomb is an error and not an out-of-memory abort.

use std::io::Cursor;

use signdesk_base::chinese_date;

use crate::error::RenderError;
use crate::fonts::Style;
use crate::images::Decoded;
use crate::page::{
    normalize, Composer, Item, BODY_SIZE, CONTENT_BOTTOM, MARGIN_TOP, MARGIN_X, MEASURE,
};
use crate::SignatureLine;

/// Largest accepted image side in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4000;

const SPACE_BEFORE: f32 = 24.0;
const ROW_H: f32 = 60.0;
/// The signature area above the line.
const SIG_BOX_W: f32 = 150.0;
const SIG_BOX_H: f32 = 36.0;
const LINE_W: f32 = 170.0;
const NAME_SIZE: f32 = 9.0;
const SEAL_SIZE: f32 = 96.0;
/// One role in the two-column layout: label, signature area, line, name, date.
const CELL_H: f32 = 100.0;

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
        other => bad(&format!("PNG 解码失败（{other}）")),
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

fn label_text(l: &SignatureLine) -> String {
    let mut label = normalize(&l.label).replace('\n', " ");
    if !label.is_empty() && !label.ends_with(['：', ':']) {
        label.push('：');
    }
    label
}

/// The rows of 甲方 and of 乙方, when every label starts with one of the two and both
/// parties are there.
fn two_parties(lines: &[SignatureLine]) -> Option<(Vec<usize>, Vec<usize>)> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (i, l) in lines.iter().enumerate() {
        let label = normalize(&l.label);
        if label.starts_with("甲方") {
            a.push(i);
        } else if label.starts_with("乙方") {
            b.push(i);
        } else {
            return None;
        }
    }
    (!a.is_empty() && !b.is_empty()).then_some((a, b))
}

/// Places `img` scaled into `box_w`×`box_h`, centred on `cx`, with
/// its bottom at `bottom` (or its centre at `cy` when `bottom` is `None`).
fn place_image(
    c: &mut Composer<'_>,
    img: Decoded,
    (box_w, box_h): (f32, f32),
    cx: f32,
    bottom: Option<f32>,
    cy: f32,
) {
    let (w, h) = fit(img.bitmap.width, img.bitmap.height, box_w, box_h);
    let index = c.images.len();
    c.images.push(img);
    c.push(Item::Image {
        index,
        x: cx - w / 2.0,
        top: bottom.map_or(cy - h / 2.0, |b| b - h),
        w,
        h,
    });
}

/// 甲方 left, 乙方 right; each party's roles one under the other.
fn columns(
    c: &mut Composer<'_>,
    lines: &[SignatureLine],
    sides: [Vec<usize>; 2],
    height: f32,
) -> Result<(), RenderError> {
    // Decode every image before placing anything, so errors come first.
    let fonts = c.fonts;
    let decode = |png: &Option<Vec<u8>>| png.as_deref().map(|p| fonts.images.decode(p)).transpose();
    let mut images = Vec::with_capacity(lines.len());
    for l in lines {
        images.push((decode(&l.signature_png)?, decode(&l.seal_png)?));
    }
    c.ensure(height);
    if !c.at_page_top() {
        c.y += SPACE_BEFORE;
    }
    let top0 = c.y;
    let line_w = LINE_W.min(MEASURE / 2.0 - 24.0);
    for (col, rows) in sides.iter().enumerate() {
        let x = MARGIN_X + col as f32 * MEASURE / 2.0;
        let mid = x + line_w / 2.0;
        for (r, &i) in rows.iter().enumerate() {
            let l = &lines[i];
            let top = top0 + r as f32 * CELL_H;
            let label = label_text(l);
            if !label.is_empty() {
                let item =
                    c.simple_line(Style::Serif, &label, BODY_SIZE, x, top + BODY_SIZE, 0.0)?;
                c.push(item);
            }
            let line_y = top + BODY_SIZE + 8.0 + SIG_BOX_H;
            c.push(Item::Rule {
                x1: x,
                y1: line_y,
                x2: x + line_w,
                y2: line_y,
                width: 0.6,
                gray: 0.2,
            });
            let (signature, seal) = std::mem::take(&mut images[i]);
            if let Some(img) = signature {
                let bx = (SIG_BOX_W.min(line_w), SIG_BOX_H);
                place_image(c, img, bx, mid, Some(line_y + 2.0), 0.0);
            }
            if let Some(name) = l.name.as_deref().map(normalize).filter(|n| !n.is_empty()) {
                let name = name.replace('\n', " ");
                let nw = c.fonts.measure(Style::Serif, &name, NAME_SIZE)?;
                let item = c.simple_line(
                    Style::Serif,
                    &name,
                    NAME_SIZE,
                    mid - nw / 2.0,
                    line_y + 13.0,
                    0.25,
                )?;
                c.push(item);
            }
            let date = match l.date {
                Some(d) => format!("日期：{}", chinese_date(d)),
                None => "日期：　　　　年　　月　　日".to_string(),
            };
            let item = c.simple_line(Style::Serif, &date, BODY_SIZE, x, line_y + 32.0, 0.0)?;
            c.push(item);
            if let Some(img) = seal {
                // Over the signing area, reaching onto the label and the date.
                let cy = line_y - SIG_BOX_H / 2.0 + 4.0;
                place_image(c, img, (SEAL_SIZE, SEAL_SIZE), mid, None, cy);
            }
        }
    }
    c.y = top0 + height - SPACE_BEFORE;
    Ok(())
}

/// Scales `w`×`h` pixels to fit `box_w`×`box_h` points, keeping the aspect ratio.
fn fit(w: usize, h: usize, box_w: f32, box_h: f32) -> (f32, f32) {
    let (w, h) = (w as f32, h as f32);
    let s = (box_w / w).min(box_h / h);
    (w * s, h * s)
}

fn is_seal_role(label: &str) -> bool {
    label.contains("盖章") || label.contains("公章") || label.contains("印章")
}

/// Lays out the signature block after the body.
pub fn block(c: &mut Composer<'_>, lines: &[SignatureLine]) -> Result<(), RenderError> {
    if lines.is_empty() {
        return Ok(());
    }
    if let Some((a, b)) = two_parties(lines) {
        let height = SPACE_BEFORE + CELL_H * a.len().max(b.len()) as f32;
        if height <= CONTENT_BOTTOM - MARGIN_TOP {
            return columns(c, lines, [a, b], height);
        }
    }
    // Decode and measure everything first: errors surface before anything is placed,
    // and the height is known for keep-together.
    let mut labels = Vec::with_capacity(lines.len());
    for l in lines {
        let label = label_text(l);
        let w = c.fonts.measure(Style::Serif, &label, BODY_SIZE)?;
        labels.push((label, w));
    }
    let label_col = labels.iter().map(|(_, w)| *w).fold(0.0, f32::max) + 6.0;
    // A seal on the last row reaches below it: keep that on the page too.
    let seal_overhang = match lines.last() {
        Some(l) if l.seal_png.is_some() => {
            (SIG_BOX_H + 4.0 - BODY_SIZE * 0.4 + SEAL_SIZE / 2.0 - ROW_H).max(0.0)
        }
        _ => 0.0,
    };
    let height = SPACE_BEFORE + ROW_H * lines.len() as f32 + seal_overhang;
    // Kept together unless it could not fit even on an empty page (many roles):
    // then rows move over one by one.
    let together = height <= CONTENT_BOTTOM - MARGIN_TOP;
    c.ensure(height);
    if !c.at_page_top() {
        c.y += SPACE_BEFORE;
    }
    for (l, (label, _)) in lines.iter().zip(labels) {
        if !together {
            c.ensure(ROW_H);
        }
        let top = c.y;
        let baseline = top + SIG_BOX_H + 4.0;
        let line_x = MARGIN_X + label_col;
        let line_y = baseline + 4.0;
        if !label.is_empty() {
            let item = c.simple_line(Style::Serif, &label, BODY_SIZE, MARGIN_X, baseline, 0.0)?;
            c.push(item);
        }
        c.push(Item::Rule {
            x1: line_x,
            y1: line_y,
            x2: line_x + LINE_W,
            y2: line_y,
            width: 0.6,
            gray: 0.2,
        });
        if let Some(png) = &l.signature_png {
            let img = c.fonts.images.decode(png)?;
            let (w, h) = fit(img.bitmap.width, img.bitmap.height, SIG_BOX_W, SIG_BOX_H);
            let index = c.images.len();
            c.images.push(img);
            c.push(Item::Image {
                index,
                x: line_x + (LINE_W - w) / 2.0,
                // Ink sits on the line, as it would on paper.
                top: line_y + 2.0 - h,
                w,
                h,
            });
        }
        if let Some(name) = l.name.as_deref().map(normalize).filter(|n| !n.is_empty()) {
            let name = name.replace('\n', " ");
            let nw = c.fonts.measure(Style::Serif, &name, NAME_SIZE)?;
            let item = c.simple_line(
                Style::Serif,
                &name,
                NAME_SIZE,
                line_x + (LINE_W - nw) / 2.0,
                line_y + 13.0,
                0.25,
            )?;
            c.push(item);
        }
        let date = match l.date {
            Some(d) => format!("日期：{}", chinese_date(d)),
            None => "日期：　　　　年　　月　　日".to_string(),
        };
        let item = c.simple_line(
            Style::Serif,
            &date,
            BODY_SIZE,
            line_x + LINE_W + 20.0,
            baseline,
            0.0,
        )?;
        c.push(item);
        if let Some(png) = &l.seal_png {
            let img = c.fonts.images.decode(png)?;
            let (w, h) = fit(img.bitmap.width, img.bitmap.height, SEAL_SIZE, SEAL_SIZE);
            let index = c.images.len();
            c.images.push(img);
            // Over the label for 盖章 roles, else over the signing line.
            let cx = if is_seal_role(&l.label) {
                MARGIN_X + label_col / 2.0 + 12.0
            } else {
                line_x + LINE_W / 2.0
            };
            let cy = baseline - BODY_SIZE * 0.4;
            c.push(Item::Image {
                index,
                x: cx - w / 2.0,
                top: cy - h / 2.0,
                w,
                h,
            });
        }
        c.y += ROW_H;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_chinese() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        assert_eq!(chinese_date(d), "2027年1月15日");
    }

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

    #[test]
    fn fit_keeps_aspect() {
        let close =
            |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3;
        assert!(close(fit(300, 100, 150.0, 36.0), (108.0, 36.0)));
        assert!(close(fit(1000, 100, 150.0, 36.0), (150.0, 15.0)));
    }
}
