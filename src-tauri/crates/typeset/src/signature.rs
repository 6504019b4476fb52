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
//! name, date. The images in it were decoded by `png.rs`.

use signdesk_base::chinese_date;

use crate::error::RenderError;
use crate::fonts::Style;
use crate::images::Decoded;
use crate::page::{
    normalize, Composer, Item, BODY_SIZE, CONTENT_BOTTOM, MARGIN_TOP, MARGIN_X, MEASURE,
};
use crate::SignatureLine;

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
    let memo = c.memo;
    let decode = |png: &Option<Vec<u8>>| png.as_deref().map(|p| memo.decode(p)).transpose();
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
        row(c, l, &label, label_col)?;
        c.y += ROW_H;
    }
    Ok(())
}

/// One role's row at the composer's current height: the label, the signing line with
/// the handwriting on it and the printed name under it, the date beside it, and the
/// seal over the label (盖章 roles) or the line.
fn row(
    c: &mut Composer<'_>,
    l: &SignatureLine,
    label: &str,
    label_col: f32,
) -> Result<(), RenderError> {
    let baseline = c.y + SIG_BOX_H + 4.0;
    let line_x = MARGIN_X + label_col;
    let line_y = baseline + 4.0;
    if !label.is_empty() {
        let item = c.simple_line(Style::Serif, label, BODY_SIZE, MARGIN_X, baseline, 0.0)?;
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
        let img = c.memo.decode(png)?;
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
        let x = line_x + (LINE_W - nw) / 2.0;
        let item = c.simple_line(Style::Serif, &name, NAME_SIZE, x, line_y + 13.0, 0.25)?;
        c.push(item);
    }
    let date = match l.date {
        Some(d) => format!("日期：{}", chinese_date(d)),
        None => "日期：　　　　年　　月　　日".to_string(),
    };
    let x = line_x + LINE_W + 20.0;
    let item = c.simple_line(Style::Serif, &date, BODY_SIZE, x, baseline, 0.0)?;
    c.push(item);
    if let Some(png) = &l.seal_png {
        let img = c.memo.decode(png)?;
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
    fn fit_keeps_aspect() {
        let close =
            |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3;
        assert!(close(fit(300, 100, 150.0, 36.0), (108.0, 36.0)));
        assert!(close(fit(1000, 100, 150.0, 36.0), (150.0, 15.0)));
    }
}
