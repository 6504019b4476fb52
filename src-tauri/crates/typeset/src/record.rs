//! The 签署记录 (signing record) page, like the "certificate of completion" of
//! e-signature services: which document, which template version, who signed in which
//! role and when, on which device, who ran the ceremony, the SHA-256 of the signed
//! content and how the signatures were captured. It always starts on a new page and
//! continues on further pages if there are many signers.

use crate::error::RenderError;
use crate::fonts::Style;
use crate::page::{normalize, Composer, Item, TextLine, MARGIN_X, MEASURE};
use crate::{Document, SigningRecord};

const TITLE_SIZE: f32 = 18.0;
const SIZE: f32 = 10.5;
const LEADING: f32 = 18.0;
const LABEL_COL: f32 = 96.0;
/// Small enough for the 64 hex digits to stay on one line (copyable in one piece).
const HASH_SIZE: f32 = 9.5;

/// The record page(s).
pub fn page(c: &mut Composer<'_>, doc: &Document, r: &SigningRecord) -> Result<(), RenderError> {
    c.new_page();
    let title = "签署记录";
    let tw = c.fonts.measure(Style::Sans, title, TITLE_SIZE)?;
    let item = c.simple_line(
        Style::Sans,
        title,
        TITLE_SIZE,
        MARGIN_X + (MEASURE - tw) / 2.0,
        Composer::baseline(c.y, 30.0, TITLE_SIZE),
        0.0,
    )?;
    c.push(item);
    c.y += 40.0;

    let mut rows: Vec<(&str, String, Style, f32)> = vec![
        ("文档编号", doc.number.clone(), Style::Serif, SIZE),
        ("协议名称", doc.title.clone(), Style::Serif, SIZE),
        (
            "模板",
            format!("{}（第 {} 版）", r.template, r.template_version),
            Style::Serif,
            SIZE,
        ),
        ("签署现场负责人", r.ceremony_by.clone(), Style::Serif, SIZE),
        ("签署设备", r.device.clone(), Style::Serif, SIZE),
        (
            "内容 SHA-256",
            r.content_sha256.clone(),
            Style::Serif,
            HASH_SIZE,
        ),
    ];
    // `N:HASH` as two rows that each fit a line: the position with the fingerprint a
    // person copies (`verify --anchor N:FINGERPRINT`), and the whole hash.
    if let Some(pos) = &r.chain {
        rows.push((
            "存证链位置",
            format!("第 {} 条 · 指纹 {}", pos.entries, pos.fingerprint()),
            Style::Serif,
            SIZE,
        ));
        rows.push(("存证链摘要", pos.hash.clone(), Style::Serif, HASH_SIZE));
    }
    rule(c, 0.8);
    for (label, value, style, size) in rows {
        field(c, label, &value, style, size)?;
    }
    rule(c, 0.8);
    c.y += 6.0;
    scan_code(c, doc, r)?;
    c.y += 12.0;

    signers(c, r)?;
    c.y += 18.0;

    let statement = normalize(&r.capture_statement);
    if !statement.is_empty() {
        c.ensure(LEADING * 3.0);
        let item = c.simple_line(
            Style::Sans,
            "签署方式说明",
            SIZE,
            MARGIN_X,
            Composer::baseline(c.y, LEADING, SIZE),
            0.0,
        )?;
        c.push(item);
        c.y += LEADING + 2.0;
        let indent = 2.0 * SIZE;
        let lines = c.set_lines(Style::Serif, &statement, SIZE, MEASURE - indent, MEASURE)?;
        for (i, l) in lines.into_iter().enumerate() {
            c.ensure(LEADING);
            let baseline = Composer::baseline(c.y, LEADING, SIZE);
            c.push(Item::Text(TextLine {
                x: MARGIN_X + if i == 0 { indent } else { 0.0 },
                baseline,
                size: SIZE,
                spacing: l.spacing,
                gray: 0.0,
                runs: l.runs,
            }));
            c.y += LEADING;
        }
    }
    Ok(())
}

/// The printed QR code's side: at 45 modules (what the text needs at level M) a
/// module is 0.66 mm, which a phone or a USB scanner reads off a laser print.
const QR_SIDE: f32 = 84.0;
/// The white margin a scanner needs around the code: four modules.
const QR_QUIET: f32 = 8.0;

/// The modules of `data` as a QR code at level M (`true` = black, row by row) and
/// its width: the same code as `qrcode::QrCode::with_error_correction_level`, built
/// from the crate's own steps, but the mask is chosen by [`mask_penalty`] on plain
/// booleans. The crate's `apply_best_mask` scores the eight masks with a boxed closure
/// per module and position (28,000 allocations for a 45-module code): ~10 % of a
/// render in the roster benchmark, for the same choice (tested).
fn qr_modules(data: &[u8]) -> Result<(usize, Vec<bool>), qrcode::types::QrError> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use qrcode::types::Color;
    use qrcode::EcLevel;

    let bits = qrcode::bits::encode_auto(data, EcLevel::M)?;
    let version = bits.version();
    let (encoded, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    let width = version.width().unsigned_abs().into();
    let mut best: Option<(u16, Vec<bool>)> = None;
    // The crate's order: the first of equal scores wins.
    for pattern in [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ] {
        let mut c = canvas.clone();
        c.apply_mask(pattern);
        let dark: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == Color::Dark)
            .collect();
        let score = mask_penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    Ok((width, best.map(|b| b.1).unwrap_or_default()))
}

/// A masked code's penalty as qrcode 0.14's `Canvas::compute_total_penalty_scores`
/// counts it for a normal QR code (its sums in `u16`, wrapping as its release build
/// does): runs of five or more of a colour in a row or column (length − 2 each), 2 × 2
/// blocks of a colour (3 each), finder-like `#.###.#` with four light modules (or the
/// edge) on a side (40 each, less 360 per direction), and the distance of the dark
/// share from half (percent × 2).
fn mask_penalty(dark: &[bool], width: usize) -> u16 {
    let at = |x: usize, y: usize| dark[y * width + x];
    let mut score = 0u16;
    for horizontal in [true, false] {
        let get = |line: usize, k: usize| if horizontal { at(k, line) } else { at(line, k) };
        // Runs.
        for line in 0..width {
            let mut run = 1u16;
            for k in 1..=width {
                if k < width && get(line, k) == get(line, k - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score = score.wrapping_add(run - 2);
                    }
                    run = 1;
                }
            }
        }
        // Finder-like patterns.
        const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
        let mut finder = 0u16;
        for line in 0..width {
            for j in 0..width.saturating_sub(6) {
                if (0..7).any(|k| get(line, j + k) != PATTERN[k]) {
                    continue;
                }
                let dark_at = |k: usize| k < width && get(line, k);
                let before = (j.saturating_sub(4)..j).any(dark_at);
                let after = (j + 7..j + 11).any(dark_at);
                if !before || !after {
                    finder = finder.wrapping_add(40);
                }
            }
        }
        score = score.wrapping_add(finder.wrapping_sub(360));
    }
    // Blocks.
    for y in 0..width.saturating_sub(1) {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score = score.wrapping_add(3);
            }
        }
    }
    // Balance.
    let ratio = dark.iter().filter(|&&d| d).count() * 200 / dark.len().max(1);
    score.wrapping_add(ratio.abs_diff(100) as u16)
}

/// The code a scanner reads back (number, content hash, chain position; see
/// `signdesk_base::scan`), with a line saying what it is for beside it.
fn scan_code(c: &mut Composer<'_>, doc: &Document, r: &SigningRecord) -> Result<(), RenderError> {
    let text = signdesk_base::ScanCode {
        number: doc.number.clone(),
        content_sha256: r.content_sha256.clone(),
        chain: r.chain.clone(),
    }
    .to_text();
    let note = "右侧二维码含文档编号、内容摘要与签署时的存证链位置。在签约台“档案”页扫描或输入，\
                或运行 signdesk-cli verify --scan，即可核对这份纸质协议与档案库中的记录是否一致。";
    code(c, &text, "扫码核验", note)
}

/// A QR code of `text` at the right of the measure, `heading` (if any) and `note` in
/// the space beside it.
pub(crate) fn code(
    c: &mut Composer<'_>,
    text: &str,
    heading: &str,
    note: &str,
) -> Result<(), RenderError> {
    let (width, dark) = qr_modules(text.as_bytes()).map_err(|e| RenderError::Pdf {
        what: "二维码无法生成",
        detail: e.to_string(),
    })?;
    let block = QR_SIDE + 2.0 * QR_QUIET;
    c.ensure(block);
    let top = c.y;
    c.push(Item::Matrix {
        x: MARGIN_X + MEASURE - QR_SIDE - QR_QUIET,
        top: top + QR_QUIET,
        module: QR_SIDE / width as f32,
        width,
        dark,
    });
    let mut y = top + QR_QUIET;
    if !heading.is_empty() {
        let item = c.simple_line(
            Style::Sans,
            heading,
            SIZE,
            MARGIN_X,
            Composer::baseline(y, LEADING, SIZE),
            0.0,
        )?;
        c.push(item);
        y += LEADING + 2.0;
    }
    let measure = MEASURE - QR_SIDE - 3.0 * QR_QUIET;
    for l in c.set_lines(Style::Serif, note, SIZE - 1.5, measure, measure)? {
        c.push(Item::Text(TextLine {
            x: MARGIN_X,
            baseline: Composer::baseline(y, LEADING - 3.0, SIZE - 1.5),
            size: SIZE - 1.5,
            spacing: l.spacing,
            gray: 0.3,
            runs: l.runs,
        }));
        y += LEADING - 3.0;
    }
    c.y = top + block.max(y - top);
    Ok(())
}

fn rule(c: &mut Composer<'_>, width: f32) {
    c.push(Item::Rule {
        x1: MARGIN_X,
        y1: c.y,
        x2: MARGIN_X + MEASURE,
        y2: c.y,
        width,
        gray: 0.35,
    });
    c.y += 6.0;
}

/// A label in grey sans and its value, wrapped in the value column.
fn field(
    c: &mut Composer<'_>,
    label: &str,
    value: &str,
    style: Style,
    size: f32,
) -> Result<(), RenderError> {
    let value = normalize(value);
    let width = MEASURE - LABEL_COL;
    let lines = c.set_lines(style, &value, size, width, width)?;
    let n = lines.len().max(1);
    c.ensure(LEADING * n as f32);
    let item = c.simple_line(
        Style::Sans,
        label,
        SIZE,
        MARGIN_X,
        Composer::baseline(c.y, LEADING, SIZE),
        0.4,
    )?;
    c.push(item);
    for l in lines {
        let baseline = Composer::baseline(c.y, LEADING, SIZE);
        c.push(Item::Text(TextLine {
            x: MARGIN_X + LABEL_COL,
            baseline,
            size,
            spacing: 0.0,
            gray: 0.0,
            runs: l.runs,
        }));
        c.y += LEADING;
    }
    if n == 1 && value.is_empty() {
        c.y += LEADING;
    }
    Ok(())
}

/// The signers as a table: 姓名 | 角色 | 工号 | 签署时间, cells wrapped.
fn signers(c: &mut Composer<'_>, r: &SigningRecord) -> Result<(), RenderError> {
    const COLS: [(&str, f32); 4] = [
        ("姓名", 0.0),
        ("角色", 96.0),
        ("工号", 216.0),
        ("签署时间", 300.0),
    ];
    let col_w = |i: usize| -> f32 {
        let end = COLS.get(i + 1).map_or(MEASURE, |c| c.1);
        end - COLS[i].1 - 8.0
    };
    c.ensure(LEADING * 3.0);
    rule(c, 0.8);
    for (name, x) in COLS {
        let item = c.simple_line(
            Style::Sans,
            name,
            SIZE,
            MARGIN_X + x,
            Composer::baseline(c.y, LEADING, SIZE),
            0.4,
        )?;
        c.push(item);
    }
    c.y += LEADING;
    rule(c, 0.4);
    for s in &r.signers {
        let cells = [
            normalize(&s.name),
            normalize(&s.role),
            s.employee_no
                .as_deref()
                .map(normalize)
                .unwrap_or_else(|| "—".into()),
            normalize(&s.signed_at),
        ];
        let mut set = Vec::with_capacity(4);
        for (i, text) in cells.iter().enumerate() {
            set.push(c.set_lines(Style::Serif, text, SIZE, col_w(i), col_w(i))?);
        }
        let rows = set.iter().map(Vec::len).max().unwrap_or(1).max(1);
        c.ensure(LEADING * rows as f32 + 4.0);
        for (i, lines) in set.into_iter().enumerate() {
            for (k, l) in lines.into_iter().enumerate() {
                c.push(Item::Text(TextLine {
                    x: MARGIN_X + COLS[i].1,
                    baseline: Composer::baseline(c.y + LEADING * k as f32, LEADING, SIZE),
                    size: SIZE,
                    spacing: 0.0,
                    gray: 0.0,
                    runs: l.runs,
                }));
            }
        }
        c.y += LEADING * rows as f32;
        c.push(Item::Rule {
            x1: MARGIN_X,
            y1: c.y + 2.0,
            x2: MARGIN_X + MEASURE,
            y2: c.y + 2.0,
            width: 0.3,
            gray: 0.7,
        });
        c.y += 4.0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same modules as qrcode's own `with_error_correction_level` (its mask
    /// choice), for scan codes of every length and content.
    #[test]
    fn qr_modules_are_the_crates_code() {
        let mut seen_masks = std::collections::BTreeSet::new();
        for i in 0u32..300 {
            let hash: String = (0..64)
                .map(|k| char::from(b"0123456789ABCDEF"[((i * 7 + k * 13 + i * k) % 16) as usize]))
                .collect();
            let text = format!(
                "SIGNDESK:SD-2027-{:06}:{hash}:{}:{}",
                i * 37 % 1_000_000,
                i,
                &hash[..(i as usize % 65)]
            );
            let code =
                qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                    .unwrap();
            let theirs: Vec<bool> = code
                .to_colors()
                .into_iter()
                .map(|m| m == qrcode::Color::Dark)
                .collect();
            let (width, ours) = qr_modules(text.as_bytes()).unwrap();
            assert_eq!(width, code.width(), "{text}");
            assert!(ours == theirs, "{text}");
            // Which mask won: the format information next to the top-left finder.
            let format: Vec<bool> = (0..6).map(|x| ours[8 * width + x]).collect();
            seen_masks.insert(format);
        }
        assert!(
            seen_masks.len() >= 4,
            "only {} masks chosen",
            seen_masks.len()
        );
    }
}
