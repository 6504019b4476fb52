//! What a person is assessed on, item by item, and how a typed or imported cell
//! becomes a [`Value`]: the grid's columns and the import file's columns are the same
//! items, found by their labels (安全责任, 事故情况, 安检考核基准线 …).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Scheme;
use crate::score::Value;

/// Which kind of item a column is, and so what its cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Points (0 … `max`) or a grade label.
    Part,
    /// The measured percentage.
    Target,
    /// How many times (张, 次).
    Penalty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Item {
    pub key: String,
    pub label: String,
    pub kind: ItemKind,
    /// A part's full points, a target's weight.
    #[ts(type = "string | null")]
    pub max: Option<Decimal>,
}

impl Scheme {
    /// Whether the text states an assessment at all (something to score).
    pub fn is_stated(&self) -> bool {
        !self.parts.is_empty() || !self.targets.is_empty()
    }

    /// The items in the order they are entered: parts, targets, penalties.
    pub fn items(&self) -> Vec<Item> {
        let parts = self.parts.iter().map(|p| Item {
            key: p.key.clone(),
            label: p.label.clone(),
            kind: ItemKind::Part,
            max: Some(p.points),
        });
        let targets = self.targets.iter().map(|t| Item {
            key: t.key.clone(),
            label: t.label.clone(),
            kind: ItemKind::Target,
            max: Some(t.weight),
        });
        let penalties = self.penalties.iter().map(|p| Item {
            key: p.key.clone(),
            label: p.label.clone(),
            kind: ItemKind::Penalty,
            max: None,
        });
        parts.chain(targets).chain(penalties).collect()
    }

    /// The item a column header names: its label, or its key, compared without
    /// spaces, punctuation and bracketed remarks (`安全责任（60分）` is 安全责任).
    pub fn item_for_header(&self, header: &str) -> Option<Item> {
        let h = header_key(header);
        if h.is_empty() {
            return None;
        }
        self.items()
            .into_iter()
            .find(|i| header_key(&i.label) == h || i.key.eq_ignore_ascii_case(&h))
    }
}

/// Lower-cased, full-width folded, without spaces, punctuation and bracketed remarks.
pub fn header_key(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for ch in s.chars().map(fold) {
        match ch {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '+' => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Full-width digits, letters and signs as their ASCII forms (what 中文输入法 and
/// Excel in a Chinese locale type): `８９．５％` is `89.5%`.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A decimal as a person types it — `55`, `-3`, `+5`, `89.5`, full-width or not, spaces
/// anywhere — and nothing else (no `.5`, `5.`, exponents): the same rule as the grid's
/// `decimal` (ui/src/routes/assess/grid.ts), held to one table of cases
/// (`tests/score_cells.json`) on both sides. `suffix` is a unit that may follow
/// (`分` after points).
fn number(s: &str, suffix: Option<char>) -> Option<Decimal> {
    let s: String = s.chars().map(fold).filter(|c| !c.is_whitespace()).collect();
    let s = match suffix {
        Some(u) => s.strip_suffix(u).unwrap_or(&s),
        None => &s,
    };
    let s = s.strip_prefix('+').unwrap_or(s);
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    Decimal::from_str(s).ok().map(|d| d.normalize())
}

/// One cell for one item: `Ok(None)` when empty (not yet entered), an error in
/// Chinese when it cannot be this item's value.
/// Why a typed cell cannot be an item's value, in Chinese (naming the item and the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError(pub String);

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

pub fn read_cell(scheme: &Scheme, item: &Item, cell: &str) -> Result<Option<Value>, CellError> {
    let text: String = cell.chars().map(fold).collect();
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match item.kind {
        ItemKind::Part => {
            if let Some(g) = scheme.grades.iter().find(|g| g.label == text) {
                return Ok(Some(Value::Grade(g.label.clone())));
            }
            number(text, Some('分'))
                .map(|d| Some(Value::Points(d)))
                .ok_or_else(|| {
                    let grades: Vec<&str> =
                        scheme.grades.iter().map(|g| g.label.as_str()).collect();
                    CellError(if grades.is_empty() {
                        format!("“{}”应填写分数，“{text}”不是数字", item.label)
                    } else {
                        format!(
                            "“{}”应填写分数或等次（{}），“{text}”都不是",
                            item.label,
                            grades.join("、")
                        )
                    })
                })
        }
        ItemKind::Target => {
            let (body, _) = match text.strip_suffix('%') {
                Some(b) => (b, true),
                None => (text, false),
            };
            number(body, None)
                .map(|d| Some(Value::Percent(d)))
                .ok_or_else(|| {
                    CellError(format!(
                        "“{}”应填写完成百分比（如 92%），“{text}”不是",
                        item.label
                    ))
                })
        }
        ItemKind::Penalty => {
            let s = text.trim_end_matches(['张', '次', '起']);
            s.trim()
                .parse::<u32>()
                .map(|n| Some(Value::Count(n)))
                .map_err(|_| {
                    CellError(format!(
                        "“{}”应填写次数（0、1、2 …），“{text}”不是",
                        item.label
                    ))
                })
        }
    }
}

/// A target column whose every number lies in 0 … 1 with no `%` was written as
/// fractions (an Excel cell formatted as a percentage holds 0.89): read as 89 %.
/// A column of whole percentages, or with any `%`, is read as written.
pub fn fractions_as_percent(cells: &[&str]) -> bool {
    let mut any_fraction = false;
    for c in cells {
        let t: String = c.chars().map(fold).collect();
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if t.ends_with('%') {
            return false;
        }
        match number(t, None) {
            Some(d) if d >= Decimal::ZERO && d <= Decimal::ONE => {
                if d != Decimal::ZERO && d != Decimal::ONE {
                    any_fraction = true;
                }
            }
            _ => return false,
        }
    }
    any_fraction
}

/// A fraction read as a percentage: 0.89 → 89.
pub fn as_percent(v: Value) -> Value {
    match v {
        Value::Percent(d) => Value::Percent((d * Decimal::from(100)).normalize()),
        other => other,
    }
}
