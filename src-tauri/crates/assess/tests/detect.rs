//! Scheme detection, on texts in the seed's own words (expectations worked out by hand
//! from the seed agreements) and on texts in other styles the code was not written
//! against (composed for these tests, in the manner of published 考核办法).

use signdesk_assess::{detect, Decimal, Direction};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The seed's 员工安全责任书: period, 百分制 60/40 (with the line break inside
/// 事故情况 as the document has it), the reward line at 90.
const EMPLOYEE: &str = "二、安全目标考核标准
1.考核期限为2018年1月1日至2018年12月31日。
2.年度考核采用百分制，其中安全责任占60分，事故情
况占40分，由安全科对各员工指标完成情况进行考核评分。
三、奖惩
1、公司将划出专项资金对本年度出色完成安全生产指标的且考核分在90分以上的部分优秀员工给予奖励。";

#[test]
fn the_employee_agreement_states_period_parts_and_reward_line() {
    let s = detect(EMPLOYEE);
    let p = s.period.as_ref().expect("period");
    assert_eq!(
        (p.from.as_str(), p.to.as_str()),
        ("2018-01-01", "2018-12-31")
    );
    assert_eq!(s.total, Some(d("100")));
    let parts: Vec<(&str, Decimal)> = s
        .parts
        .iter()
        .map(|p| (p.label.as_str(), p.points))
        .collect();
    assert_eq!(parts, vec![("安全责任", d("60")), ("事故情况", d("40"))]);
    assert_eq!(s.reward_line, Some(d("90")));
    assert_eq!(s.pass_line, d("60"));
    assert!(s.targets.is_empty() && s.grades.is_empty());
    assert!(s.doubts.is_empty(), "{:?}", s.doubts);
}

/// The seed's grades: four names and five coefficients, as the document has them.
const GRADES: &str = "业务工作目标考核：由总部领导根据部门履行职责情况和目标完成情况，对其分管的部门确定考核等次。考核等次按突出,好、较好、一般五个等次设置，对应系数分别为1、0.9、0.8、0.7、0.6.等次乘以对应对系数再乘以分配的分值，即为业务工作目标考核得分。";

#[test]
fn grades_pair_with_coefficients_and_a_missing_name_is_a_doubt() {
    let s = detect(GRADES);
    let g: Vec<(&str, Decimal)> = s
        .grades
        .iter()
        .map(|g| (g.label.as_str(), g.coefficient))
        .collect();
    assert_eq!(
        g,
        vec![
            ("突出", d("1")),
            ("好", d("0.9")),
            ("较好", d("0.8")),
            ("一般", d("0.7"))
        ]
    );
    assert!(
        s.doubts
            .iter()
            .any(|x| x.contains("等次有 4 个") && x.contains("系数有 5 个")),
        "{:?}",
        s.doubts
    );
}

/// The seed's gas company 安全指标 (abridged to its scoring paragraph and the targets
/// it refers to, in the document's own punctuation, double comma included).
const GAS: &str = "三、安全指标客户服务1.管理实体安检考核基准线：≥92%；a.实际入户安检率≥91%；b.隐患整改率在上一年度基础上上浮1个百分点；c.一级漏气类隐患整改率为：100%；一级非漏气属公司整改的隐患整改率在上一年度基础上上浮1个百分点；一级非漏气属用户整改的隐患整改率≥80%；二级隐患整改率≥70%；三级隐患整改率≥60%；d.技术手段完成率≥95%；2.立管专项治理完成率达80%；月度/年度完成情况在绩效考核中加减分：1.安检考核基准线，占比30%，，每上升或降低一个百分点，加或扣分2分，加分最高不超过5分，扣分扣完为止；a.实际入户安检率、隐患整改率、漏气隐患整改率各占比5%，达成目标值得满分，未达成，每低于一个百分点扣1分，扣完为止；2.立管专项治理，占比10%，达成得满分，未达成，每下降一个百分点扣2分，扣完为止；5.扣分项：控股或区域监督检查中，发现户内三违罚单红线1张及以上的，至少扣3分；黄线3张及以上的，至少扣2分。";

#[test]
fn the_gas_targets_carry_weight_baseline_points_per_point_caps_and_floors() {
    let s = detect(GAS);
    let t = |label: &str| {
        s.targets
            .iter()
            .find(|t| t.label == label)
            .unwrap_or_else(|| panic!("no target {label}: {:#?}", s.targets))
    };
    let base = t("安检考核基准线");
    assert_eq!(base.weight, d("30"));
    assert_eq!(base.baseline, Some(d("92")));
    assert_eq!(base.direction, Direction::AtLeast);
    assert_eq!(base.per_point, d("2"));
    assert_eq!(base.bonus_per_point, Some(d("2")));
    assert_eq!(base.bonus_cap, Some(d("5")));
    assert!(base.floor_zero);

    let visits = t("实际入户安检率");
    assert_eq!(
        (visits.weight, visits.baseline, visits.per_point),
        (d("5"), Some(d("91")), d("1"))
    );
    assert_eq!(visits.bonus_per_point, None);
    assert!(visits.floor_zero);
    // Relative to last year: no number in the text, so a doubt, not a guess (and not
    // the 二级隐患整改率's 70%).
    assert_eq!(t("隐患整改率").baseline, None);
    assert!(s
        .doubts
        .iter()
        .any(|x| x.contains("隐患整改率") && x.contains("目标值")));
    let pipes = t("立管专项治理");
    assert_eq!(
        (pipes.weight, pipes.baseline, pipes.per_point),
        (d("10"), Some(d("80")), d("2"))
    );

    let pen: Vec<(&str, u32, Decimal)> = s
        .penalties
        .iter()
        .map(|p| (p.label.as_str(), p.from_count, p.points))
        .collect();
    assert_eq!(
        pen,
        vec![("户内三违罚单红线", 1, d("3")), ("黄线", 3, d("2"))]
    );
}

/// Not the seed's words: a manufacturing company's style, with 满分, 权重, an
/// at-most target (a rate that must stay low), a pass line and a plain period.
const FACTORY: &str = "第五条 考核办法
（一）考核期间：2027.1.1—2027.12.31。
（二）考核满分为100分：安全管理得分40分、隐患治理得分30分、教育培训得分30分。
（三）年度得分低于60分为不合格，85分及以上的给予表彰奖励。
（四）指标：1、轻伤事故率控制在0.5%以内；2、三级教育覆盖率不低于98%；
（五）1、三级教育覆盖率权重20%，每降低1个百分点扣2分，扣完为止；2、轻伤事故率权重10%，每超出1个百分点扣5分。";

#[test]
fn another_style_with_weights_an_at_most_target_and_a_pass_line() {
    let s = detect(FACTORY);
    let p = s.period.as_ref().expect("period");
    assert_eq!(
        (p.from.as_str(), p.to.as_str()),
        ("2027-01-01", "2027-12-31")
    );
    assert_eq!(s.total, Some(d("100")));
    let parts: Vec<&str> = s.parts.iter().map(|p| p.label.as_str()).collect();
    // 「得分」 is how the text says it, not part of the name.
    assert_eq!(parts, vec!["安全管理", "隐患治理", "教育培训"]);
    assert_eq!(s.pass_line, d("60"));
    assert_eq!(s.reward_line, Some(d("85")));
    let edu = s
        .targets
        .iter()
        .find(|t| t.label == "三级教育覆盖率")
        .unwrap();
    assert_eq!(
        (edu.weight, edu.baseline, edu.per_point),
        (d("20"), Some(d("98")), d("2"))
    );
    assert_eq!(edu.direction, Direction::AtLeast);
    let injury = s.targets.iter().find(|t| t.label == "轻伤事故率").unwrap();
    assert_eq!(injury.direction, Direction::AtMost);
    assert_eq!(
        (injury.baseline, injury.per_point, injury.floor_zero),
        (Some(d("0.5")), d("5"), false)
    );
}

#[test]
fn an_agreement_without_an_assessment_gives_an_empty_scheme() {
    let s = detect(
        "客服部工作目标责任书\n一、工作目标：客户满意度达到95%以上。\n二、本责任书一式两份。",
    );
    assert!(s.period.is_none() && s.total.is_none() && s.parts.is_empty() && s.targets.is_empty());
    assert_eq!(s.pass_line, d("60"));
}
