//! The scorer on hand-computed cases (the seed's own examples) and its properties:
//! monotone in each measured value, bounded by the caps, never below zero where the
//! text says 扣完为止.

use std::collections::BTreeMap;

use proptest::prelude::*;
use signdesk_assess::{
    detect, score, Decimal, Direction, Grade, Part, Penalty, Scheme, Target, Value,
};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn gas_baseline() -> Target {
    Target {
        key: "target1".into(),
        label: "安检考核基准线".into(),
        weight: d("30"),
        baseline: Some(d("92")),
        direction: Direction::AtLeast,
        per_point: d("2"),
        bonus_per_point: Some(d("2")),
        bonus_cap: Some(d("5")),
        deduct_cap: None,
        floor_zero: true,
    }
}

fn scheme_of(targets: Vec<Target>) -> Scheme {
    Scheme {
        pass_line: d("60"),
        targets,
        ..Scheme::default()
    }
}

fn one(t: &Target, v: Decimal) -> Decimal {
    let values = BTreeMap::from([(t.key.clone(), Value::Percent(v))]);
    score(&scheme_of(vec![t.clone()]), &values).unwrap().lines[0].points
}

#[test]
fn the_seeds_examples_hand_computed() {
    let t = gas_baseline();
    // 89% against 92%: 3 points short × 2 = −6 → 24.
    let values = BTreeMap::from([("target1".to_string(), Value::Percent(d("89")))]);
    let s = score(&scheme_of(vec![t.clone()]), &values).unwrap();
    assert_eq!(s.lines[0].points, d("24"));
    assert!(
        s.lines[0].rule.contains("−6") && s.lines[0].rule.contains("30 − 6 = 24"),
        "{}",
        s.lines[0].rule
    );
    // 94%: 2 points above × 2 = +4 → 34; 97%: +10 capped at 5 → 35.
    assert_eq!(one(&t, d("94")), d("34"));
    assert_eq!(one(&t, d("97")), d("35"));
    assert_eq!(one(&t, d("92")), d("30"));
    // 60%: 32 short × 2 = −64; 扣完为止 → 0, never −34.
    assert_eq!(one(&t, d("60")), d("0"));
    // Decimal, not binary: 91.9% is 0.1 short → 29.8 exactly.
    assert_eq!(one(&t, d("91.9")), d("29.8"));
}

#[test]
fn a_deduction_cap_hand_computed() {
    // 「工艺报警处置及时率，占30分，每降低1个百分点扣2分，最多扣10分」 against 98%.
    let t = Target {
        key: "target1".into(),
        label: "工艺报警处置及时率".into(),
        weight: d("30"),
        baseline: Some(d("98")),
        direction: Direction::AtLeast,
        per_point: d("2"),
        bonus_per_point: None,
        bonus_cap: None,
        deduct_cap: Some(d("10")),
        floor_zero: false,
    };
    // 96%: 2 short × 2 = −4, under the cap → 26.
    assert_eq!(one(&t, d("96")), d("26"));
    // 95%: −6 → 24; 93%: −10, at the cap → 20; 80%: −36, capped at 10 → 20.
    assert_eq!(one(&t, d("95")), d("24"));
    assert_eq!(one(&t, d("93")), d("20"));
    assert_eq!(one(&t, d("80")), d("20"));
    let values = BTreeMap::from([("target1".to_string(), Value::Percent(d("80")))]);
    let line = &score(&scheme_of(vec![t]), &values).unwrap().lines[0];
    assert!(
        line.rule.contains("= −36，扣分上限 10；30 − 10 = 20"),
        "{}",
        line.rule
    );
}

#[test]
fn a_penalty_for_each_one_counted_hand_computed() {
    // 「发生轻伤事故一起扣10分」 with two, beside 「红线1张及以上的，至少扣3分」 with two.
    let scheme = Scheme {
        pass_line: d("60"),
        parts: vec![Part {
            key: "part1".into(),
            label: "安全管理".into(),
            points: d("100"),
        }],
        penalties: vec![
            Penalty {
                key: "penalty1".into(),
                label: "轻伤事故".into(),
                from_count: 1,
                points: d("10"),
                each: true,
            },
            Penalty {
                key: "penalty2".into(),
                label: "红线".into(),
                from_count: 1,
                points: d("3"),
                each: false,
            },
        ],
        ..Scheme::default()
    };
    let values = BTreeMap::from([
        ("part1".to_string(), Value::Points(d("95"))),
        ("penalty1".to_string(), Value::Count(2)),
        ("penalty2".to_string(), Value::Count(2)),
    ]);
    let s = score(&scheme, &values).unwrap();
    assert_eq!(s.lines[1].points, d("-20"));
    assert_eq!(s.lines[1].rule, "2 次 × 10 分 = −20");
    assert_eq!(s.lines[2].points, d("-3"));
    assert_eq!(s.score, d("72")); // 95 − 20 − 3
    let none = BTreeMap::from([("part1".to_string(), Value::Points(d("95")))]);
    assert_eq!(score(&scheme, &none).unwrap().score, d("95"));
}

#[test]
fn parts_by_points_or_grade_and_penalties() {
    let scheme = Scheme {
        total: Some(d("100")),
        pass_line: d("60"),
        parts: vec![
            Part {
                key: "part1".into(),
                label: "安全责任".into(),
                points: d("60"),
            },
            Part {
                key: "part2".into(),
                label: "事故情况".into(),
                points: d("40"),
            },
        ],
        grades: vec![Grade {
            label: "较好".into(),
            coefficient: d("0.8"),
        }],
        penalties: vec![Penalty {
            key: "penalty1".into(),
            label: "红线罚单".into(),
            from_count: 1,
            points: d("3"),
            each: false,
        }],
        ..Scheme::default()
    };
    let values = BTreeMap::from([
        ("part1".to_string(), Value::Points(d("55.5"))),
        ("part2".to_string(), Value::Grade("较好".into())),
        ("penalty1".to_string(), Value::Count(1)),
    ]);
    let s = score(&scheme, &values).unwrap();
    assert_eq!(s.score, d("84.5")); // 55.5 + 32 − 3
    assert!(
        s.lines[1].rule.contains("0.8 × 40 分 = 32"),
        "{}",
        s.lines[1].rule
    );
    // Out of range, unknown grade, missing: refused with the item named.
    let mut bad = values.clone();
    bad.insert("part1".into(), Value::Points(d("61")));
    assert!(score(&scheme, &bad)
        .unwrap_err()
        .to_string()
        .contains("安全责任"));
    bad.insert("part1".into(), Value::Grade("优".into()));
    assert!(score(&scheme, &bad).unwrap_err().to_string().contains("优"));
    bad.remove("part1");
    assert_eq!(
        score(&scheme, &bad).unwrap_err().to_string(),
        "“安全责任”没有填写"
    );
}

#[test]
fn a_detected_scheme_scores_end_to_end() {
    let s = detect("年度考核采用百分制，其中安全责任占60分，事故情况占40分。");
    let values = BTreeMap::from([
        ("part1".to_string(), Value::Points(d("58"))),
        ("part2".to_string(), Value::Points(d("40"))),
    ]);
    assert_eq!(score(&s, &values).unwrap().score, d("98"));
}

fn target() -> impl Strategy<Value = Target> {
    (
        1u32..60,
        50u32..100,
        0u32..5,
        prop::option::of(0u32..4),
        prop::option::of(0u32..10),
        prop::option::of(0u32..40),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(w, b, per, bonus, cap, deduct, floor, at_most)| Target {
            key: "target1".into(),
            label: "指标".into(),
            weight: Decimal::from(w),
            baseline: Some(Decimal::from(b)),
            direction: if at_most {
                Direction::AtMost
            } else {
                Direction::AtLeast
            },
            per_point: Decimal::from(per),
            bonus_per_point: bonus.map(Decimal::from),
            bonus_cap: cap.map(Decimal::from),
            deduct_cap: deduct.map(Decimal::from),
            floor_zero: floor,
        })
}

fn pct() -> impl Strategy<Value = Decimal> {
    (0u32..=1000).prop_map(|x| Decimal::new(x as i64, 1))
}

proptest! {
    /// Better measured values never score less.
    #[test]
    fn monotone_in_the_measured_value(t in target(), a in pct(), b in pct()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (better, worse) = match t.direction {
            Direction::AtLeast => (hi, lo),
            Direction::AtMost => (lo, hi),
        };
        prop_assert!(one(&t, better) >= one(&t, worse));
    }

    /// Never above the weight plus the bonus cap; never below zero under 扣完为止, nor
    /// more than the deduction cap below the weight.
    #[test]
    fn bounded_by_caps_and_floors(t in target(), v in pct()) {
        let p = one(&t, v);
        if let (Some(_), Some(cap)) = (t.bonus_per_point, t.bonus_cap) {
            prop_assert!(p <= t.weight + cap);
        }
        if t.bonus_per_point.is_none() {
            prop_assert!(p <= t.weight);
        }
        if t.floor_zero {
            prop_assert!(p >= Decimal::ZERO);
        }
        if let Some(cap) = t.deduct_cap {
            prop_assert!(p >= t.weight - cap);
        }
    }
}
