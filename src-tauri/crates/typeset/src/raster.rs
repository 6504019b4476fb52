//! Signature and seal bitmaps made ready for print before printpdf gets them: only the
//! part with ink, at no more than the resolution it is printed at.
//!
//! printpdf splits every RGBA image into RGB and an alpha /SMask and deflates both at
//! zlib level 6, so its cost grows with the pixels it is given. A signature from the
//! pad is exported at twice the screen resolution (up to 1200 × 480 pixels) and printed
//! in a box 36 pt high — about 960 dpi; above ~300 dpi nothing more reaches the paper.
//! So fully transparent margins are cropped away, and an image that still has more
//! than [`MIN_REDUCTION`] times the pixels per side that [`PRINT_DPI`] needs is
//! reduced to [`PRINT_DPI`] by area averaging (each output pixel the coverage-weighted
//! mean of the input pixels under it, colour weighted by alpha). The layout is not
//! touched: the PDF places the remaining part where it was in the layout's box, at the
//! same size.

use crate::png::Bitmap;

/// The colour under fully transparent pixels (RGBA samples) is invisible: give them the
/// colour of the last visible pixel before them (the first visible one at the start),
/// so a one-colour pen stroke becomes one run of colour that deflates almost for free —
/// instead of whatever the pad left there, or white, which alternates with the ink.
fn fill_transparent(rgba: &mut [u8]) {
    let mut carry = rgba
        .chunks_exact(4)
        .find(|px| px[3] != 0)
        .map_or([255, 255, 255], |px| [px[0], px[1], px[2]]);
    for px in rgba.chunks_exact_mut(4) {
        if px[3] == 0 {
            px[..3].copy_from_slice(&carry);
        } else {
            carry = [px[0], px[1], px[2]];
        }
    }
}

/// The resolution images are reduced to, in pixels per inch on paper.
pub(crate) const PRINT_DPI: f32 = 300.0;

/// Reduce only when the image has at least this many times the pixels per side that
/// [`PRINT_DPI`] needs: a small reduction saves little and softens the strokes.
pub(crate) const MIN_REDUCTION: f32 = 1.25;

/// A bitmap for print and the part of its layout box it fills.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ForPrint {
    pub(crate) bitmap: Bitmap,
    /// Left, top, right, bottom of the part it covers, as fractions of the layout box
    /// (top-down, as in the layout).
    pub(crate) part: [f32; 4],
}

/// `img` placed in a box of `w_pt` × `h_pt` points: cropped to its visible pixels and
/// reduced to [`PRINT_DPI`] when it has many more pixels than that.
pub(crate) fn for_print(img: Bitmap, w_pt: f32, h_pt: f32) -> ForPrint {
    let (full_w, full_h) = (img.width as f32, img.height as f32);
    let (img, [x0, y0, x1, y1]) = crop_transparent(img);
    let part = [
        x0 as f32 / full_w,
        y0 as f32 / full_h,
        x1 as f32 / full_w,
        y1 as f32 / full_h,
    ];
    // Pixels per point in the box (the layout keeps the aspect ratio; take the finer).
    let per_pt = (full_w / w_pt).max(full_h / h_pt);
    let factor = per_pt / (PRINT_DPI / 72.0);
    let mut bitmap = if factor.is_finite() && factor >= MIN_REDUCTION {
        let to = |n: usize| ((n as f32 / factor).ceil() as usize).clamp(1, n);
        let (w, h) = (to(img.width), to(img.height));
        reduce(&img, w, h)
    } else {
        img
    };
    if bitmap.has_alpha {
        fill_transparent(&mut bitmap.samples);
    }
    ForPrint { bitmap, part }
}

/// The smallest rectangle holding every pixel that is not fully transparent, and that
/// part of the image; an opaque or wholly transparent image is returned whole.
fn crop_transparent(img: Bitmap) -> (Bitmap, [usize; 4]) {
    let whole = [0, 0, img.width, img.height];
    if !img.has_alpha || img.width == 0 {
        return (img, whole);
    }
    let row_len = img.width * 4;
    let visible = |row: &[u8]| row.chunks_exact(4).any(|px| px[3] != 0);
    let rows: Vec<&[u8]> = img.samples.chunks_exact(row_len).collect();
    let Some(y0) = rows.iter().position(|r| visible(r)) else {
        return (img, whole);
    };
    let y1 = rows.iter().rposition(|r| visible(r)).map_or(y0, |y| y) + 1;
    // Every row from y0 to y1 - 1 may widen the rectangle: only the pixels left of x0
    // and right of x1 so far need looking at.
    let (mut x0, mut x1) = (img.width, 0);
    for row in &rows[y0..y1] {
        if let Some(first) = row[..x0 * 4].chunks_exact(4).position(|p| p[3] != 0) {
            x0 = first;
        }
        let from = x1.max(x0);
        if let Some(last) = row[from * 4..].chunks_exact(4).rposition(|p| p[3] != 0) {
            x1 = from + last + 1;
        }
    }
    let rect = [x0, y0, x1, y1];
    if rect == whole {
        return (img, whole);
    }
    let w = x1 - x0;
    let mut samples = Vec::with_capacity(w * (y1 - y0) * 4);
    for row in &rows[y0..y1] {
        samples.extend_from_slice(&row[x0 * 4..x1 * 4]);
    }
    let cropped = Bitmap {
        width: w,
        height: y1 - y0,
        samples,
        has_alpha: true,
    };
    (cropped, rect)
}

/// For each of `to` output pixels along an axis of `from` input pixels: the input
/// pixels it covers and how much of each (weights sum to 1).
fn coverage(from: usize, to: usize) -> Vec<Vec<(usize, f32)>> {
    let step = from as f32 / to as f32;
    (0..to)
        .map(|o| {
            let (start, end) = (o as f32 * step, ((o + 1) as f32 * step).min(from as f32));
            let mut taps = Vec::with_capacity(step.ceil() as usize + 1);
            let mut i = start.floor() as usize;
            while (i as f32) < end && i < from {
                let cover = end.min(i as f32 + 1.0) - start.max(i as f32);
                if cover > 0.0 {
                    taps.push((i, cover / step));
                }
                i += 1;
            }
            taps
        })
        .collect()
}

/// Area-averaging reduction to `w` × `h` pixels. Colour is averaged weighted by alpha
/// (premultiplied), so the transparent surroundings do not tint the strokes.
fn reduce(img: &Bitmap, w: usize, h: usize) -> Bitmap {
    let ch = if img.has_alpha { 4 } else { 3 };
    let rows = coverage(img.height, h);
    // Horizontal pass: every input row to w premultiplied pixels (r·a, g·a, b·a, a).
    // Reducing, input pixel i falls into one output pixel or across the border of two:
    // `split[i]` is the first one and the part of i inside it. Fully transparent
    // pixels add nothing and are most of a signature: skipped.
    let step = img.width as f32 / w as f32;
    let split: Vec<(usize, f32)> = (0..img.width)
        .map(|i| {
            let o = ((i as f32 / step) as usize).min(w - 1);
            let inside = ((o + 1) as f32 * step - i as f32).clamp(0.0, 1.0);
            (o, if o + 1 < w { inside } else { 1.0 })
        })
        .collect();
    let mut mid = vec![0f32; w * img.height * 4];
    for (row, out) in img
        .samples
        .chunks_exact(img.width * ch)
        .zip(mid.chunks_exact_mut(w * 4))
    {
        let mut add = |px: &[u8], (o, inside): (usize, f32)| {
            let alpha = if img.has_alpha { px[3] } else { 255 };
            if alpha == 0 {
                return;
            }
            let a = f32::from(alpha) / step;
            let v = [
                f32::from(px[0]) * a,
                f32::from(px[1]) * a,
                f32::from(px[2]) * a,
                a,
            ];
            for (acc, x) in out[o * 4..o * 4 + 4].iter_mut().zip(v) {
                *acc += x * inside;
            }
            if inside < 1.0 {
                for (acc, x) in out[o * 4 + 4..o * 4 + 8].iter_mut().zip(v) {
                    *acc += x * (1.0 - inside);
                }
            }
        };
        // Eight pixels at a time: one test skips them when all are transparent.
        let groups = row.chunks_exact(8 * ch).zip(split.chunks_exact(8));
        let whole = groups.len() * 8;
        for (pxs, at) in groups {
            if img.has_alpha && pxs.chunks_exact(4).all(|p| p[3] == 0) {
                continue;
            }
            for (px, &s) in pxs.chunks_exact(ch).zip(at) {
                add(px, s);
            }
        }
        for (px, &s) in row[whole * ch..].chunks_exact(ch).zip(&split[whole..]) {
            add(px, s);
        }
    }
    // Vertical pass, a row at a time, then back to straight colour.
    let mut samples = Vec::with_capacity(w * h * ch);
    let mut acc = vec![0f32; w * 4];
    for taps in &rows {
        acc.fill(0.0);
        for &(i, k) in taps {
            for (a, m) in acc.iter_mut().zip(&mid[i * w * 4..(i + 1) * w * 4]) {
                *a += m * k;
            }
        }
        for p in acc.chunks_exact(4) {
            let a = p[3];
            for &v in &p[..3] {
                let straight = if a > 0.0 { v / a } else { 0.0 };
                samples.push((straight + 0.5).clamp(0.0, 255.0) as u8);
            }
            if img.has_alpha {
                samples.push((a + 0.5).clamp(0.0, 255.0) as u8);
            }
        }
    }
    Bitmap {
        width: w,
        height: h,
        samples,
        has_alpha: img.has_alpha,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(width: usize, height: usize, f: impl Fn(usize, usize) -> [u8; 4]) -> Bitmap {
        let mut samples = Vec::with_capacity(width * height * 4);
        for y in 0..height {
            for x in 0..width {
                samples.extend_from_slice(&f(x, y));
            }
        }
        Bitmap {
            width,
            height,
            samples,
            has_alpha: true,
        }
    }

    #[test]
    fn transparent_margins_are_cropped_and_the_part_stays_in_place() {
        // Ink from x 10..30, y 5..15 of a 40 × 20 image.
        let img = rgba(40, 20, |x, y| {
            if (10..30).contains(&x) && (5..15).contains(&y) {
                [20, 30, 90, 255]
            } else {
                [20, 30, 90, 0]
            }
        });
        // Printed 40 × 20 pt: 72 dpi, nothing to reduce.
        let p = for_print(img, 40.0, 20.0);
        assert_eq!((p.bitmap.width, p.bitmap.height), (20, 10));
        assert_eq!(p.part, [0.25, 0.25, 0.75, 0.75]);
        assert!(p.bitmap.samples.chunks_exact(4).all(|px| px[3] == 255));
    }

    #[test]
    fn opaque_and_blank_images_stay_whole() {
        let blank = rgba(8, 4, |_, _| [0, 0, 0, 0]);
        let p = for_print(blank, 8.0, 4.0);
        assert_eq!((p.bitmap.width, p.bitmap.height), (8, 4));
        assert!(p.bitmap.samples.chunks_exact(4).all(|px| px[3] == 0));
        assert_eq!(p.part, [0.0, 0.0, 1.0, 1.0]);
        let opaque = Bitmap {
            width: 2,
            height: 1,
            samples: vec![1, 2, 3, 4, 5, 6],
            has_alpha: false,
        };
        let p = for_print(opaque.clone(), 2.0, 1.0);
        assert_eq!((p.bitmap, p.part), (opaque, [0.0, 0.0, 1.0, 1.0]));
    }

    #[test]
    fn large_images_are_reduced_to_print_resolution() {
        // 1200 × 480 pixels in a 90 × 36 pt box: 960 dpi → 375 × 150 at 300 dpi.
        // Every other pixel ink, the others all but transparent (alpha 1: not cropped).
        let img = rgba(1200, 480, |x, _| {
            [10, 20, 40, if x % 2 == 0 { 255 } else { 1 }]
        });
        let p = for_print(img, 90.0, 36.0);
        assert_eq!((p.bitmap.width, p.bitmap.height), (375, 150));
        assert_eq!(p.part, [0.0, 0.0, 1.0, 1.0]);
        // Half the pixels were ink: half the coverage on average, the ink's colour
        // untinted by the transparent pixels between.
        let mut alpha = 0usize;
        for px in p.bitmap.samples.chunks_exact(4) {
            assert_eq!(&px[..3], &[10, 20, 40]);
            alpha += usize::from(px[3]);
        }
        let mean = alpha as f32 / (375.0 * 150.0);
        assert!((mean - 128.0).abs() < 1.0, "{mean}");
        // Slightly more than needed (1.2×): left alone.
        let img = rgba(360, 180, |_, _| [0, 0, 0, 255]);
        let p = for_print(img, 72.0, 36.0);
        assert_eq!((p.bitmap.width, p.bitmap.height), (360, 180));
    }

    #[test]
    fn coverage_weights_sum_to_one() {
        for (from, to) in [(10, 3), (1200, 375), (7, 7), (5, 1)] {
            let cols = coverage(from, to);
            assert_eq!(cols.len(), to);
            for taps in cols {
                let sum: f32 = taps.iter().map(|t| t.1).sum();
                assert!((sum - 1.0).abs() < 1e-4, "{from}→{to}: {sum}");
            }
        }
    }
}
