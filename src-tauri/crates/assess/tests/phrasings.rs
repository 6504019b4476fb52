//! Phrasings met after the corpus was first passed: three further rounds of texts
//! written blind (expectations first, detection after), kept here so the kinds of
//! phrasing they taught stay read — a total 「按100分计」, parts before the full marks
//! or in brackets after 「包括：」, a heading on its own line, weights 「（占40%）」, the
//! count before what is counted (「每发生1起轻伤事故扣5分」), 「每降低1%」, letter and
//! quoted grades, a value to reach between a name and its points, pay coefficients
//! that are not grades.

use signdesk_assess::{detect, Decimal, Scheme};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn parts(s: &Scheme) -> Vec<(&str, Decimal)> {
    s.parts
        .iter()
        .map(|p| (p.label.as_str(), p.points))
        .collect()
}

fn penalties(s: &Scheme) -> Vec<(&str, Decimal, bool)> {
    s.penalties
        .iter()
        .map(|p| (p.label.as_str(), p.points, p.each))
        .collect()
}

fn period(s: &Scheme) -> (&str, &str) {
    let p = s.period.as_ref().expect("a period");
    (p.from.as_str(), p.to.as_str())
}

#[test]
fn a_total_counted_in_points_parts_after_a_colon_and_the_count_first() {
    let s = detect(
        "三、考核办法\n（一）考核年度：2027年。\n（二）考核按100分计，包括：安全生产责任制落实（25分）；隐患排查治理（25分）；现场安全文明施工（30分）；教育培训（20分）。\n（三）每发生1起轻伤事故扣5分；被业主通报一次扣3分。\n（四）考核得分≥90分的为优秀，奖励5000元；<60分的为不合格。",
    );
    assert_eq!(period(&s), ("2027-01-01", "2027-12-31"));
    assert_eq!(s.total, Some(d("100")));
    assert_eq!(
        parts(&s),
        vec![
            ("安全生产责任制落实", d("25")),
            ("隐患排查治理", d("25")),
            ("现场安全文明施工", d("30")),
            ("教育培训", d("20"))
        ]
    );
    assert_eq!(
        penalties(&s),
        vec![("轻伤事故", d("5"), true), ("业主通报", d("3"), true)]
    );
    assert_eq!((s.reward_line, s.pass_line), (Some(d("90")), d("60")));
}

#[test]
fn parts_before_the_full_marks_and_quoted_or_lettered_grades() {
    let s = detect("（二）考核得分由基础管理（40分）、现场管理（30分）、指标完成（30分）三部分组成，满分100分。\n（三）考核结果：≥90分为优秀；75～89分为良好；60～74分为合格；＜60分为不合格。优秀者给予表彰。");
    assert_eq!(
        parts(&s),
        vec![
            ("基础管理", d("40")),
            ("现场管理", d("30")),
            ("指标完成", d("30"))
        ]
    );
    assert_eq!((s.reward_line, s.pass_line), (Some(d("90")), d("60")));
    let s = detect("1、考核实行百分制。消防安全占40分，商品陈列安全占30分，员工操作安全占30分。\n2、顾客意外伤害事件每发生一起扣10分，扣完为止。\n3、考核得分90分及以上为A级，80—89分为B级，65—79分为C级，65分以下为D级。考核为A级的门店给予奖励。");
    assert_eq!(parts(&s).len(), 3);
    assert_eq!(penalties(&s), vec![("顾客意外伤害事件", d("10"), true)]);
    assert_eq!((s.reward_line, s.pass_line), (Some(d("90")), d("65")));
    assert!(s.doubts.is_empty(), "{:?}", s.doubts);
}

#[test]
fn weights_in_brackets_under_a_heading_and_a_period_with_a_comma() {
    let s = detect("第四条 考核内容\n装卸作业安全（占40%）、船舶靠离泊安全（占30%）、消防安全（占30%）。\n第五条 考核期限自2027年1月1日起，至2027年12月31日止。\n第六条 扣分标准：发生等级以上事故，每起扣除20分；违章指挥、违章作业被查处的，每人次扣除2分。");
    assert_eq!(period(&s), ("2027-01-01", "2027-12-31"));
    assert_eq!(s.total, None);
    assert_eq!(
        parts(&s),
        vec![
            ("装卸作业安全", d("40")),
            ("船舶靠离泊安全", d("30")),
            ("消防安全", d("30"))
        ]
    );
    assert_eq!(
        penalties(&s),
        vec![
            ("等级以上事故", d("20"), true),
            ("违章指挥、违章作业", d("2"), true)
        ]
    );
}

#[test]
fn a_value_between_the_name_and_its_points() {
    let s = detect("1.重大危险源监控系统完好率不低于98%（15分），每低1个百分点扣3分，扣分不超过该项分值。\n2.特殊作业票证合格率100%（15分），发现一张不合格票证扣1分。\n3.安全培训计划完成率≥95%（10分），每降低1%扣1分。\n4.安全标准化管理（60分），按《安全标准化评分细则》评定。\n满分100分。");
    assert_eq!(
        parts(&s),
        vec![("特殊作业票证合格率", d("15")), ("安全标准化管理", d("60"))]
    );
    let t: Vec<(&str, Decimal, Option<Decimal>, Decimal, bool)> = s
        .targets
        .iter()
        .map(|t| {
            (
                t.label.as_str(),
                t.weight,
                t.baseline,
                t.per_point,
                t.floor_zero,
            )
        })
        .collect();
    assert_eq!(
        t,
        vec![
            (
                "重大危险源监控系统完好率",
                d("15"),
                Some(d("98")),
                d("3"),
                true
            ),
            ("安全培训计划完成率", d("10"), Some(d("95")), d("1"), false)
        ]
    );
    assert!(s.penalties.is_empty());
}

#[test]
fn pay_coefficients_are_not_grades_and_a_bare_merit_band_is_a_doubt() {
    let s = detect("安全保卫工作考核满分为100分。其中，制度建设10分，人防管理30分，物防技防30分，应急处置30分。\n考核得分90分及以上为“优秀”，75分至89分为“良好”，60分至74分为“合格”，60分以下为“不合格”。\n网点负责人绩效奖金按考核等次计发：优秀（系数1.1）、良好（系数1.0）、合格（系数0.9）、不合格（系数0.5）。");
    assert_eq!(parts(&s).len(), 4);
    assert!(s.grades.is_empty(), "{:?}", s.grades);
    assert_eq!(s.reward_line, Some(d("90")));
    assert!(
        s.doubts.iter().any(|x| x.contains("没有写明奖励")),
        "{:?}",
        s.doubts
    );
}

#[test]
fn texts_without_an_assessment_stay_empty() {
    for text in [
        "消防安全承诺书\n一、确保消防设施完好率100%，疏散通道畅通。\n二、每月开展防火检查不少于1次，员工消防培训合格率达到95%以上。\n三、本承诺书有效期一年，一式两份。",
        "员工安全守则确认书\n一、本人已认真学习公司《员工安全守则》，考试成绩85分。\n二、本人承诺遵守守则，违反规定的，愿接受公司按制度处理。",
        "车辆驾驶员安全行车承诺书\n一、严格遵守《道路交通安全法》，驾驶证记分周期内累计记分不超过6分。\n三、因违章被交警处罚的，罚款由本人承担，公司另扣发当月安全奖200元。\n四、本承诺书自2027年1月1日起生效。",
    ] {
        let s = detect(text);
        assert!(!s.is_stated() && s.total.is_none() && s.period.is_none(), "{s:#?}");
        assert!(s.penalties.is_empty() && s.reward_line.is_none(), "{s:#?}");
    }
}
