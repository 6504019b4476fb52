//! Points as people read them — in each line's rule, on the result page, on the
//! command line — written by one function (a line's through `Line::shown_points`). The window writes them by the same rules
//! (`ui/src/lib/points.ts`), and both are tested against one table of cases,
//! `tests/score_display.json`.

use rust_decimal::{Decimal, RoundingStrategy};

/// Whether a number above zero shows its sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// `55`, `−6`: points earned or taken.
    Minus,
    /// `+2`, `−3`: a manual adjustment, which adds or takes.
    Both,
}

/// `55` not `55.00`, `89.5`, `−6` with a true minus (U+2212, as printed text has it);
/// zero is `0`, never signed.
pub fn points(d: Decimal, sign: Sign) -> String {
    let n = d.normalize();
    let digits = n.abs().to_string();
    if n.is_zero() {
        digits
    } else if n.is_sign_negative() {
        format!("−{digits}")
    } else if sign == Sign::Both {
        format!("+{digits}")
    } else {
        digits
    }
}

/// A mean of scores (the report's, a float already rounded to two places) as points:
/// `78.5`, `80`.
pub fn mean(m: f64) -> String {
    match Decimal::try_from(m) {
        Ok(d) => points(
            d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
            Sign::Minus,
        ),
        Err(_) => m.to_string(),
    }
}
