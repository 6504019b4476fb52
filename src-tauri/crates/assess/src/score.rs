//! A person's score from a scheme and what was measured, exactly: each part, target
//! and penalty gives one [`Line`] with its points and the rule that produced them
//! (shown on hover in the grid and printed on the result page).
//!
//! - A part is entered as points (0 … its points) or as a grade (its coefficient ×
//!   the part's points: 「等次乘以对应系数再乘以分配的分值」).
//! - A target is entered as the measured percentage. At or past its baseline it earns
//!   its weight, plus `bonus_per_point` per point beyond (at most `bonus_cap`) when the
//!   scheme grants a bonus; short of it, `per_point` per point is taken off (to no
//!   lower than zero when 「扣完为止」, and no more than `deduct_cap` off when 「最多扣10分」).
//!   Points are proportional: 2.5 points short at 2 per point is 5.
//! - A penalty is entered as a count; from `from_count` on, its points are taken off —
//!   once, or for each one counted when the text says so (「每起扣20分」).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use signdesk_base::ExtraLine;
use ts_rs::TS;

use crate::display::{self, Sign};
use crate::model::{Direction, Part, Penalty, Scheme, Target};

/// What was measured or decided for one item of the scheme, by its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Points(#[ts(type = "string")] Decimal),
    Grade(String),
    Percent(#[ts(type = "string")] Decimal),
    Count(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Line {
    pub key: String,
    pub label: String,
    #[ts(type = "string")]
    pub points: Decimal,
    /// How the points came about, in Chinese: 「89% 比基准 92% 低 3 个百分点 × 2 分 = −6；30 − 6 = 24」.
    pub rule: String,
}

impl Line {
    /// Whether this is the manual adjustment's line (not an item of the scheme).
    pub fn is_adjustment(&self) -> bool {
        self.key == ExtraLine::Adjustment.as_str()
    }

    /// Its points as people read them: the adjustment's signed either way (`+2`,
    /// `−3`), the others with a minus only.
    pub fn shown_points(&self) -> String {
        let sign = if self.is_adjustment() {
            Sign::Both
        } else {
            Sign::Minus
        };
        display::points(self.points, sign)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scored {
    #[ts(type = "string")]
    pub score: Decimal,
    pub lines: Vec<Line>,
}

impl Scored {
    /// With a manual adjustment: its own line after the scheme's, the reason as its
    /// rule, and the score moved by it (never below zero). A zero adjustment adds
    /// nothing.
    pub fn adjusted(mut self, adjustment: Decimal, reason: &str) -> Scored {
        if adjustment.is_zero() {
            return self;
        }
        self.lines.push(Line {
            key: ExtraLine::Adjustment.as_str().into(),
            label: "人工调整".into(),
            points: adjustment,
            rule: format!("原因：{reason}"),
        });
        self.score = (self.score + adjustment).max(Decimal::ZERO);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// An item of the scheme has no value.
    Missing { key: String, label: String },
    /// A value that does not fit its item (points above the part's, an unknown grade,
    /// a percentage below 0 or above 100, a value for no item).
    Invalid { key: String, message: String },
}

impl std::fmt::Display for ScoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoreError::Missing { label, .. } => write!(f, "“{label}”没有填写"),
            ScoreError::Invalid { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for ScoreError {}

/// `3` not `3.00`; `−6` with a true minus: points as [`display`] writes them
/// everywhere.
fn show(d: Decimal) -> String {
    display::points(d, Sign::Minus)
}

fn invalid(key: &str, message: String) -> ScoreError {
    ScoreError::Invalid {
        key: key.to_string(),
        message,
    }
}

/// A person's score: one line per part, target and penalty, in the scheme's order,
/// and their sum (never below zero). The first value that does not fit is the error.
pub fn score(scheme: &Scheme, values: &BTreeMap<String, Value>) -> Result<Scored, ScoreError> {
    if let Some(k) = values.keys().find(|k| !scheme_has(scheme, k)) {
        return Err(invalid(k, format!("考核方案中没有“{k}”这一项")));
    }
    let mut lines = Vec::new();
    for p in &scheme.parts {
        lines.push(part_line(scheme, p, values.get(&p.key))?);
    }
    for t in &scheme.targets {
        lines.push(target_line(t, values.get(&t.key))?);
    }
    for p in &scheme.penalties {
        lines.push(penalty_line(p, values.get(&p.key))?);
    }
    let score = lines
        .iter()
        .map(|l| l.points)
        .sum::<Decimal>()
        .max(Decimal::ZERO);
    Ok(Scored { score, lines })
}

fn scheme_has(scheme: &Scheme, key: &str) -> bool {
    scheme.parts.iter().any(|p| p.key == key)
        || scheme.targets.iter().any(|t| t.key == key)
        || scheme.penalties.iter().any(|p| p.key == key)
}

fn line(key: &str, label: &str, (points, rule): (Decimal, String)) -> Line {
    Line {
        key: key.to_string(),
        label: label.to_string(),
        points,
        rule,
    }
}

/// A part: points as entered (0 … the part's), or a grade's coefficient × its points.
fn part_line(scheme: &Scheme, p: &Part, value: Option<&Value>) -> Result<Line, ScoreError> {
    let v = value.ok_or_else(|| ScoreError::Missing {
        key: p.key.clone(),
        label: p.label.clone(),
    })?;
    let scored = match v {
        Value::Points(x) if *x >= Decimal::ZERO && *x <= p.points => {
            (*x, format!("按评分计，满分 {} 分", show(p.points)))
        }
        Value::Points(x) => {
            return Err(invalid(
                &p.key,
                format!(
                    "“{}”的得分 {} 不在 0–{} 分之间",
                    p.label,
                    show(*x),
                    show(p.points)
                ),
            ))
        }
        Value::Grade(g) => {
            let grade = scheme
                .grades
                .iter()
                .find(|x| &x.label == g)
                .ok_or_else(|| {
                    invalid(&p.key, format!("“{}”的等次“{g}”不在考核方案中", p.label))
                })?;
            let x = grade.coefficient * p.points;
            (
                x,
                format!(
                    "等次“{g}”系数 {} × {} 分 = {}",
                    show(grade.coefficient),
                    show(p.points),
                    show(x)
                ),
            )
        }
        _ => return Err(invalid(&p.key, format!("“{}”应填写得分或等次", p.label))),
    };
    Ok(line(&p.key, &p.label, scored))
}

/// A target: the measured percentage against its baseline.
fn target_line(t: &Target, value: Option<&Value>) -> Result<Line, ScoreError> {
    let v = match value {
        Some(Value::Percent(v)) if *v >= Decimal::ZERO && *v <= Decimal::ONE_HUNDRED => *v,
        Some(Value::Percent(v)) => {
            return Err(invalid(
                &t.key,
                format!("“{}”的完成值 {}% 不在 0–100% 之间", t.label, show(*v)),
            ))
        }
        Some(_) => return Err(invalid(&t.key, format!("“{}”应填写完成百分比", t.label))),
        None => {
            return Err(ScoreError::Missing {
                key: t.key.clone(),
                label: t.label.clone(),
            })
        }
    };
    let base = t.baseline.ok_or_else(|| {
        invalid(
            &t.key,
            format!("“{}”没有目标值，请先在考核方案中填写", t.label),
        )
    })?;
    // Points past the baseline (positive) or short of it (negative).
    let ahead = match t.direction {
        Direction::AtLeast => v - base,
        Direction::AtMost => base - v,
    };
    let scored = if ahead >= Decimal::ZERO {
        reached(t, v, base, ahead)
    } else {
        short(t, v, base, -ahead)
    };
    Ok(line(&t.key, &t.label, scored))
}

/// At or past the baseline: the weight, plus the bonus when the scheme grants one.
fn reached(t: &Target, v: Decimal, base: Decimal, ahead: Decimal) -> (Decimal, String) {
    let Some(per) = t.bonus_per_point.filter(|_| ahead > Decimal::ZERO) else {
        return (
            t.weight,
            format!(
                "{}% 达到目标 {}%，得满分 {}",
                show(v),
                show(base),
                show(t.weight)
            ),
        );
    };
    let raw = ahead * per;
    let bonus = t.bonus_cap.map_or(raw, |cap| raw.min(cap));
    let capped = if bonus < raw {
        format!("，加分上限 {}", show(bonus))
    } else {
        String::new()
    };
    (
        t.weight + bonus,
        format!(
            "{}% 超过目标 {}% {} 个百分点 × {} 分 = +{}{capped}；{} + {} = {}",
            show(v),
            show(base),
            show(ahead),
            show(per),
            show(raw),
            show(t.weight),
            show(bonus),
            show(t.weight + bonus)
        ),
    )
}

/// Short of the baseline by `behind` points: `per_point` off each, within the
/// deduction cap, and not below zero when 「扣完为止」.
fn short(t: &Target, v: Decimal, base: Decimal, behind: Decimal) -> (Decimal, String) {
    let full = behind * t.per_point;
    let off = t.deduct_cap.map_or(full, |cap| full.min(cap));
    let capped = if off < full {
        format!("，扣分上限 {}", show(off))
    } else {
        String::new()
    };
    let raw = t.weight - off;
    let points = if t.floor_zero {
        raw.max(Decimal::ZERO)
    } else {
        raw
    };
    let floor = if points > raw { "，扣完为止" } else { "" };
    (
        points,
        format!(
            "{}% 未达目标 {}%，差 {} 个百分点 × {} 分 = {}{capped}；{} − {} = {}{floor}",
            show(v),
            show(base),
            show(behind),
            show(t.per_point),
            show(-full),
            show(t.weight),
            show(off),
            show(points)
        ),
    )
}

/// A penalty: from `from_count` on, its points off — once, or for each one counted.
fn penalty_line(p: &Penalty, value: Option<&Value>) -> Result<Line, ScoreError> {
    let n = match value {
        Some(Value::Count(n)) => *n,
        Some(_) => return Err(invalid(&p.key, format!("“{}”应填写次数", p.label))),
        None => 0,
    };
    let scored = if n >= p.from_count && p.each {
        let off = p.points * Decimal::from(n);
        (
            -off,
            format!("{n} 次 × {} 分 = −{}", show(p.points), show(off)),
        )
    } else if n >= p.from_count {
        (
            -p.points,
            format!(
                "{n} 张（{} 张及以上）扣 {} 分",
                p.from_count,
                show(p.points)
            ),
        )
    } else if p.each {
        (Decimal::ZERO, format!("{n} 次，不扣分"))
    } else {
        (
            Decimal::ZERO,
            format!("{n} 张，未到 {} 张，不扣分", p.from_count),
        )
    };
    Ok(line(&p.key, &p.label, scored))
}
