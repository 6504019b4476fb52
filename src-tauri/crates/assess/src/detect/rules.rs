//! How a measured target is scored, from the words of its clause: points per
//! percentage point short (「每降低1个百分点扣2分」, 「每超出0.1个百分点扣1分」 — 10 per
//! point), points per point beyond (「每提高1个百分点加1分」, 「每上升或降低一个百分点，加或
//! 扣分2分」), the caps (「加分不超过3分」, 「最多扣10分」) and the floor (「扣完为止」);
//! and the value to reach when the clause states it (「不低于98%」, 「控制在0.3%以内」).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::text::{num, re};
use crate::model::Direction;

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Rule {
    pub per_point: Option<Decimal>,
    pub bonus_per_point: Option<Decimal>,
    pub bonus_cap: Option<Decimal>,
    pub deduct_cap: Option<Decimal>,
    pub floor_zero: bool,
    /// Which way is short, when the rule's words say (「每超出……扣」: at most).
    pub direction: Option<Direction>,
}

impl Rule {
    pub fn is_some(&self) -> bool {
        self.per_point.is_some() || self.bonus_per_point.is_some()
    }
}

static PER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"每\s*(上升或降低|降低或上升|提高或降低|降低或提高|增减|低于|下降|降低|减少|未达|少于|少|低|超出|超过|高于|上升|增加|提高|提升|多于|多|高)?\s*(一个|(\d+(?:\.\d+)?)\s*个?)\s*(?:百分点|%)\s*[，,]?\s*(?:的)?\s*(加或扣分?|扣或加分?|扣减|扣除|扣分?|减分?|加分?)\s*(\d+(?:\.\d+)?)\s*分",
    )
});
static BONUS_CAP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"加分\s*(?:最高|最多)?\s*(?:不超过|不得超过|不超|上限为?|以)\s*(\d+(?:\.\d+)?)\s*分|(?:最多|最高|至多)加\s*(\d+(?:\.\d+)?)\s*分",
    )
});
static DEDUCT_CAP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:最多|最高|至多)扣(?:除|减)?\s*(\d+(?:\.\d+)?)\s*分|扣分\s*(?:最高|最多)?\s*(?:不超过|不得超过|不超|上限为?|以)\s*(\d+(?:\.\d+)?)\s*分",
    )
});
const FLOOR: &[&str] = &[
    "扣完为止",
    "扣完即止",
    "扣至0分",
    "扣至零分",
    "最低0分",
    "最低为0分",
    "扣完该项分值为止",
    "扣完本项分值为止",
    "不超过该项分值",
    "不超过本项分值",
    "以该项分值为限",
    "以本项分值为限",
];
const UP: &[&str] = &[
    "超出", "超过", "高于", "上升", "增加", "提高", "提升", "多于", "多", "高",
];

pub(super) fn rule(clause: &str) -> Rule {
    let cap = |r: &Regex| {
        r.captures(clause)
            .and_then(|c| c.get(1).or(c.get(2)))
            .and_then(|m| num(m.as_str()))
    };
    let mut r = Rule {
        bonus_cap: cap(&BONUS_CAP),
        deduct_cap: cap(&DEDUCT_CAP),
        floor_zero: FLOOR.iter().any(|w| clause.contains(w)),
        ..Rule::default()
    };
    for c in PER.captures_iter(clause) {
        let step = c
            .get(3)
            .and_then(|m| num(m.as_str()))
            .unwrap_or(Decimal::ONE);
        let Some(points) = num(&c[5]).filter(|_| !step.is_zero()).map(|p| p / step) else {
            continue;
        };
        let which = c.get(1).map_or("", |m| m.as_str());
        let verb = &c[4];
        let both =
            (verb.contains('加') && verb.contains('扣')) || which.contains('或') || which == "增减";
        let up = UP.contains(&which);
        if both {
            r.per_point = r.per_point.or(Some(points));
            r.bonus_per_point = r.bonus_per_point.or(Some(points));
        } else if verb.starts_with('加') {
            r.bonus_per_point = r.bonus_per_point.or(Some(points));
            if !which.is_empty() && r.direction.is_none() {
                r.direction = Some(if up {
                    Direction::AtLeast
                } else {
                    Direction::AtMost
                });
            }
        } else {
            r.per_point = r.per_point.or(Some(points));
            if !which.is_empty() {
                r.direction = Some(if up {
                    Direction::AtMost
                } else {
                    Direction::AtLeast
                });
            }
        }
    }
    r
}

/// The value to reach as a clause states it: 「不低于98%」, 「≥99.5%」, 「达到100%」,
/// 「目标值为98%」, 「控制在0.3%以内」 (at most), with the name before it when there is one
/// (「学生安全知识知晓率不低于95%」).
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([\p{Han}A-Za-z“”‘’「」]{0,24}?)\s*(?:的)?\s*(?:(?:目标值|目标|指标值|考核值|基准值|基准线)\s*(?:(≥|>=|不低于|不少于|应达到|达到|达|保持|为|在|≤|<=|不超过|不高于|不大于|控制在|低于)|:)?|(≥|>=|不低于|不少于|应达到|达到|达|保持|为|在|≤|<=|不超过|不高于|不大于|控制在|低于))\s*:?\s*(\d+(?:\.\d+)?)\s*%\s*(以上|以内|以下|及以上)?",
    )
});

pub(super) struct Stated {
    pub name: String,
    pub value: Decimal,
    pub direction: Option<Direction>,
}

pub(super) fn stated(clause: &str) -> Option<Stated> {
    let c = VALUE.captures(clause)?;
    let word = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
    let after = c.get(5).map_or("", |m| m.as_str());
    let at_most = ["≤", "<=", "不超过", "不高于", "不大于", "控制在", "低于"].contains(&word)
        || ["以内", "以下"].contains(&after);
    Some(Stated {
        name: c[1].to_string(),
        value: num(&c[4])?,
        direction: at_most.then_some(Direction::AtMost).or([
            "≥",
            ">=",
            "不低于",
            "不少于",
            "应达到",
            "达到",
        ]
        .contains(&word)
        .then_some(Direction::AtLeast)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_seeds_rule_both_ways_with_a_cap_and_a_floor() {
        let r = rule("安检考核基准线,占比30%,,每上升或降低一个百分点,加或扣分2分,加分最高不超过5分,扣分扣完为止");
        assert_eq!(r.per_point, Some(d("2")));
        assert_eq!(r.bonus_per_point, Some(d("2")));
        assert_eq!(r.bonus_cap, Some(d("5")));
        assert_eq!(r.deduct_cap, None);
        assert!(r.floor_zero);
    }

    #[test]
    fn steps_other_than_one_point_and_deduction_caps() {
        let r = rule("控制在0.3%以内，每超出0.1个百分点扣1分");
        assert_eq!(r.per_point, Some(d("10")));
        assert_eq!(r.direction, Some(Direction::AtMost));
        let r = rule("每降低0.5个百分点扣2分，最多扣10分");
        assert_eq!((r.per_point, r.deduct_cap), (Some(d("4")), Some(d("10"))));
        assert!(!r.floor_zero);
        let r = rule("每降低1个百分点扣3分，每提高1个百分点加1分，加分不超过3分");
        assert_eq!(
            (r.per_point, r.bonus_per_point, r.bonus_cap),
            (Some(d("3")), Some(d("1")), Some(d("3")))
        );
        assert_eq!(r.direction, Some(Direction::AtLeast));
        assert!(!rule("每学期组织疏散演练不少于2次，少1次扣5分").is_some());
        // 「1%」 said for one percentage point; the item's own points as the floor.
        let r = rule("每降低1%扣1分，扣分不超过该项分值");
        assert_eq!(r.per_point, Some(d("1")));
        assert!(r.floor_zero);
    }

    #[test]
    fn values_stated_with_their_names() {
        let s = stated("学生安全知识知晓率不低于95%，每降低1个百分点扣2分").unwrap();
        assert_eq!(
            (s.name.as_str(), s.value, s.direction),
            ("学生安全知识知晓率", d("95"), Some(Direction::AtLeast))
        );
        let s = stated("控制在0.3%以内").unwrap();
        assert_eq!(
            (s.name.as_str(), s.direction),
            ("", Some(Direction::AtMost))
        );
        let s = stated("食品安全检查合格率目标值为98%").unwrap();
        assert_eq!((s.name.as_str(), s.value), ("食品安全检查合格率", d("98")));
        let s = stated("车辆例检合格率，目标值99%，每下降1个百分点扣3分").unwrap();
        assert_eq!((s.name.as_str(), s.value), ("", d("99")));
        assert!(stated("每下降1个百分点扣3分").is_none());
    }
}
