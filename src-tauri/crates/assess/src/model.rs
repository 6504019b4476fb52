//! A scheme: what an agreement says its assessment is. Every field is what the text
//! says; `doubts` lists what detection could not settle, for the template editor.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub struct Scheme {
    /// The assessment period, as written (`2018-01-01` … `2018-12-31`).
    pub period: Option<Period>,
    /// Full marks: 100 for 百分制.
    #[ts(type = "string | null")]
    pub total: Option<Decimal>,
    /// Parts scored directly (安全责任 60, 事故情况 40).
    pub parts: Vec<Part>,
    /// At or above this score, a reward (「90分以上……奖励」).
    #[ts(type = "string | null")]
    pub reward_line: Option<Decimal>,
    /// Below this score, not passed (60 unless the text says otherwise).
    #[ts(type = "string")]
    pub pass_line: Decimal,
    /// Grades with their coefficients (突出 1, 好 0.9, …).
    pub grades: Vec<Grade>,
    /// Measured targets with weights and points per percentage point.
    pub targets: Vec<Target>,
    /// Deductions for counted events (红线罚单 1 张及以上至少扣 3 分).
    pub penalties: Vec<Penalty>,
    /// What detection could not settle (shown to the organiser in the editor).
    pub doubts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Period {
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Part {
    /// `part1`, `part2`, … (stable within a scheme).
    pub key: String,
    pub label: String,
    #[ts(type = "string")]
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Grade {
    pub label: String,
    #[ts(type = "string")]
    pub coefficient: Decimal,
}

/// Whether more is better (a rate that must reach the baseline) or less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtLeast,
    AtMost,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Target {
    /// `target1`, `target2`, …
    pub key: String,
    pub label: String,
    /// Its share of the score (「占比30%」 → 30 points of 100).
    #[ts(type = "string")]
    pub weight: Decimal,
    /// The value to reach, in percent (「≥92%」), when the text gives one.
    #[ts(type = "string | null")]
    pub baseline: Option<Decimal>,
    pub direction: Direction,
    /// Points off per percentage point short (「每低于一个百分点扣1分」).
    #[ts(type = "string")]
    pub per_point: Decimal,
    /// Points added per percentage point above, when the text grants them.
    #[ts(type = "string | null")]
    pub bonus_per_point: Option<Decimal>,
    /// No more than this many bonus points (「加分最高不超过5分」).
    #[ts(type = "string | null")]
    pub bonus_cap: Option<Decimal>,
    /// No more than this many points taken off (「最多扣10分」): short of the baseline,
    /// the target keeps at least its weight less this.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub deduct_cap: Option<Decimal>,
    /// 「扣完为止」: the target's points never go below zero.
    pub floor_zero: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Penalty {
    /// `penalty1`, …
    pub key: String,
    /// What is counted (「红线罚单」).
    pub label: String,
    /// From this many on (「1张及以上」).
    pub from_count: u32,
    /// Points off (「至少扣3分」: at least — the organiser may take more, with a reason).
    #[ts(type = "string")]
    pub points: Decimal,
    /// For each one counted (「每起扣20分」, 「一次扣5分」), not once from `from_count` on.
    #[serde(default)]
    pub each: bool,
}
